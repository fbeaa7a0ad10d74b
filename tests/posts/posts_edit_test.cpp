#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "posts_fixture.hpp"

namespace plaza::posts_test {
namespace {

using EditPostTest = PostsTest;

constexpr char kFrenchBody[] =
    "Les investisseurs surveillent de près la banque centrale, et beaucoup d'entre eux "
    "s'attendent à une hausse de la volatilité avant la fin du mois.";

TEST_F(EditPostTest, StoresANewRevisionAndKeepsAbsentFields) {
  const Post created = CreatePost("First title");
  clock_.Advance(std::chrono::minutes(5));
  const Post edited =
      Must(posts_->Edit(author_, created.id, 1, Input("Second title $DOGE", std::nullopt)));
  EXPECT_EQ(edited.id, created.id);
  EXPECT_EQ(edited.revision, 2);
  EXPECT_EQ(edited.title, "Second title $DOGE");
  EXPECT_EQ(edited.slug, "second-title-doge");
  EXPECT_EQ(edited.body_md, created.body_md);
  EXPECT_EQ(edited.cashtags, (std::vector<std::string>{"DOGE", "BTC", "ETH"}));
  EXPECT_EQ(edited.created_at, created.created_at);
  EXPECT_EQ(edited.edited_at, clock_.Now());
  const auto revisions = Must(store_->posts().Revisions(created.id));
  ASSERT_EQ(revisions.size(), 2u);
  EXPECT_EQ(revisions[0].title, "First title");
  EXPECT_EQ(revisions[1].title, "Second title $DOGE");
}

TEST_F(EditPostTest, CallsOnChange) {
  const Post created = CreatePost();
  Must(posts_->Edit(author_, created.id, 1, Input("New", std::nullopt)));
  EXPECT_EQ(changed_, (std::vector<std::int64_t>{created.id, created.id}));
}

TEST_F(EditPostTest, ConflictsWhenTheRevisionIsStale) {
  const Post created = CreatePost();
  Must(posts_->Edit(author_, created.id, 1, Input("Second", std::nullopt)));
  auto stale = posts_->Edit(author_, created.id, 1, Input("Also second", std::nullopt));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, Errc::kConflict);
  EXPECT_EQ(Must(posts_->Get(created.id)).title, "Second");
  EXPECT_EQ(changed_.size(), 2u);
}

TEST_F(EditPostTest, IsForbiddenToOtherMembers) {
  const Post created = CreatePost();
  auto result = posts_->Edit(other_, created.id, 1, Input("Hijacked", std::nullopt));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kForbidden);
  EXPECT_EQ(Must(posts_->Get(created.id)).revision, 1);
}

TEST_F(EditPostTest, IsAllowedToAdmins) {
  const Post created = CreatePost();
  const Post edited = Must(posts_->Edit(admin_, created.id, 1, Input("Moderated", std::nullopt)));
  EXPECT_EQ(edited.title, "Moderated");
  EXPECT_EQ(edited.author_id, author_.id);
}

TEST_F(EditPostTest, OfADeletedPostIsGone) {
  const Post created = CreatePost();
  Must(posts_->Delete(author_, created.id));
  auto result = posts_->Edit(author_, created.id, 1, Input("Back", std::nullopt));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kGone);
}

// Issue 12, finding 9: a stranger learns nothing about a deleted post from its edit answer.
TEST_F(EditPostTest, OfAnotherMembersDeletedPostIsForbiddenNotGone) {
  const Post created = CreatePost();
  Must(posts_->Delete(author_, created.id));
  auto result = posts_->Edit(other_, created.id, 1, Input("Hijacked", std::nullopt));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kForbidden);
}

TEST_F(EditPostTest, OfAMissingPostIsNotFound) {
  auto result = posts_->Edit(author_, 424242, 1, Input("Nothing", std::nullopt));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kNotFound);
}

TEST_F(EditPostTest, ValidatesLikeCreate) {
  const Post created = CreatePost();
  auto too_long = posts_->Edit(author_, created.id, 1, Input(Repeat("x", 201), std::nullopt));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(too_long.error().field, "title");
  auto blank = posts_->Edit(author_, created.id, 1, Input(std::nullopt, "   "));
  ASSERT_FALSE(blank);
  EXPECT_EQ(blank.error().field, "body");
}

TEST_F(EditPostTest, KeepsTheAuthorsLanguageUntilChanged) {
  const Post created = Must(posts_->Create(author_, Input("Titre", kFrenchBody, "fr")));
  const Post kept = Must(posts_->Edit(author_, created.id, 1, Input(std::nullopt, kEnglishBody)));
  EXPECT_EQ(kept.lang, "fr");
  EXPECT_EQ(kept.lang_source, LangSource::kAuthor);
  const Post detected =
      Must(posts_->Edit(author_, created.id, 2, Input(std::nullopt, std::nullopt, "")));
  EXPECT_EQ(detected.lang, "en");
  EXPECT_EQ(detected.lang_source, LangSource::kDetected);
}

TEST_F(EditPostTest, RedetectsADetectedLanguage) {
  const Post created = CreatePost();
  ASSERT_EQ(created.lang, "en");
  const Post edited = Must(posts_->Edit(author_, created.id, 1, Input("Titre", kFrenchBody)));
  EXPECT_EQ(edited.lang, "fr");
  EXPECT_EQ(edited.lang_source, LangSource::kDetected);
}

TEST_F(EditPostTest, IsThrottledSeparatelyFromCreating) {
  const Post created = CreatePost();
  for (int revision = 1; revision <= 5; ++revision) {
    Must(posts_->Edit(author_, created.id, revision,
                      Input("Edit " + std::to_string(revision), std::nullopt)));
  }
  auto refused = posts_->Edit(author_, created.id, 6, Input("One too many", std::nullopt));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kRateLimited);
  EXPECT_TRUE(posts_->Create(author_, Input("Still allowed", kEnglishBody)));
}

using DeletePostTest = PostsTest;

TEST_F(DeletePostTest, MakesThePostGone) {
  const Post created = CreatePost();
  Must(posts_->Delete(author_, created.id));
  auto result = posts_->Get(created.id);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kGone);
  EXPECT_EQ(changed_, (std::vector<std::int64_t>{created.id, created.id}));
}

TEST_F(DeletePostTest, IsForbiddenToOtherMembers) {
  const Post created = CreatePost();
  auto result = posts_->Delete(other_, created.id);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kForbidden);
  EXPECT_TRUE(posts_->Get(created.id));
}

TEST_F(DeletePostTest, IsAllowedToAdmins) {
  const Post created = CreatePost();
  Must(posts_->Delete(admin_, created.id));
  EXPECT_FALSE(posts_->Get(created.id));
}

TEST_F(DeletePostTest, TwiceIsNotAnError) {
  const Post created = CreatePost();
  Must(posts_->Delete(author_, created.id));
  EXPECT_TRUE(posts_->Delete(author_, created.id));
  EXPECT_EQ(changed_.size(), 2u);  // the second delete changed nothing
}

TEST_F(DeletePostTest, OfAMissingPostIsNotFound) {
  auto result = posts_->Delete(author_, 424242);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kNotFound);
}

}  // namespace
}  // namespace plaza::posts_test
