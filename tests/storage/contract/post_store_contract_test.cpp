#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "store_contract.hpp"

namespace plaza::storage_test {
namespace {

using ::testing::ElementsAre;

class PostStoreContract : public StoreContract {
 protected:
  PostEdit MakeEdit(std::int64_t post_id, int expected_revision, const std::string& title,
                    std::vector<std::string> cashtags = {}) {
    clock_.Advance(std::chrono::seconds(1));
    PostEdit edit;
    edit.post_id = post_id;
    edit.expected_revision = expected_revision;
    edit.content = Content(title, std::move(cashtags));
    edit.content.lang = "fr";
    edit.content.lang_source = LangSource::kAuthor;
    edit.content.slug = "edited";
    edit.edited_at = clock_.Now();
    return edit;
  }
};

TEST_P(PostStoreContract, CreateStoresRevisionOneJoinedWithItsAuthor) {
  const User alice = AddUser("alice");
  const NewPost input = MakePost(alice.id, "Why $BTC", {"BTC"});
  const Post created = Must(posts().Create(input));

  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.author_id, alice.id);
  EXPECT_EQ(created.author_handle, "alice");
  EXPECT_EQ(created.author_display_name, "Name of alice");
  EXPECT_EQ(created.revision, 1);
  EXPECT_EQ(created.title, "Why $BTC");
  EXPECT_EQ(created.body_md, input.content.body_md);
  EXPECT_EQ(created.body_html, input.content.body_html);
  EXPECT_EQ(created.lang, "en");
  EXPECT_EQ(created.lang_source, LangSource::kDetected);
  EXPECT_EQ(created.slug, "slug-of-post");
  EXPECT_THAT(created.cashtags, ElementsAre("BTC"));
  EXPECT_EQ(created.status, PostStatus::kLive);
  EXPECT_EQ(created.created_at, input.created_at);
  EXPECT_EQ(created.edited_at, 0);
  EXPECT_EQ(created.counts.comments, 0);
  EXPECT_EQ(created.counts.likes, 0);
  EXPECT_EQ(created.counts.reposts, 0);
  EXPECT_EQ(created.counts.shares, 0);
  EXPECT_EQ(created.counts.tips, 0);
}

TEST_P(PostStoreContract, GetReturnsWhatCreateReturned) {
  const User alice = AddUser("alice");
  const Post created = AddPost(alice.id, "Hello", {"ETH", "SOL"});
  const Post got = Must(posts().Get(created.id));
  EXPECT_EQ(got.id, created.id);
  EXPECT_EQ(got.title, "Hello");
  EXPECT_EQ(got.author_handle, "alice");
  EXPECT_EQ(got.revision, 1);
  EXPECT_THAT(got.cashtags, ElementsAre("ETH", "SOL"));
  EXPECT_EQ(got.created_at, created.created_at);
}

TEST_P(PostStoreContract, CreateForMissingAuthorIsNotFound) {
  auto created = posts().Create(MakePost(424242, "Orphan"));
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, Errc::kNotFound);
  EXPECT_EQ(created.error().field, "author_id");
  EXPECT_EQ(Must(posts().Count()), 0);
}

TEST_P(PostStoreContract, GetOfMissingPostIsNotFound) {
  auto got = posts().Get(424242);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, Errc::kNotFound);
}

TEST_P(PostStoreContract, EditStoresTheNextRevisionAndMakesItCurrent) {
  const User alice = AddUser("alice");
  const Post created = AddPost(alice.id, "First", {"BTC"});
  const PostEdit edit = MakeEdit(created.id, 1, "Second", {"ETH"});

  const Post edited = Must(posts().Edit(edit));
  EXPECT_EQ(edited.id, created.id);
  EXPECT_EQ(edited.revision, 2);
  EXPECT_EQ(edited.title, "Second");
  EXPECT_EQ(edited.lang, "fr");
  EXPECT_EQ(edited.lang_source, LangSource::kAuthor);
  EXPECT_EQ(edited.slug, "edited");
  EXPECT_THAT(edited.cashtags, ElementsAre("ETH"));
  EXPECT_EQ(edited.edited_at, edit.edited_at);
  EXPECT_EQ(edited.created_at, created.created_at);

  const Post got = Must(posts().Get(created.id));
  EXPECT_EQ(got.revision, 2);
  EXPECT_EQ(got.title, "Second");
  EXPECT_THAT(got.cashtags, ElementsAre("ETH"));
}

TEST_P(PostStoreContract, EditKeepsEveryRevisionOldestFirst) {
  const User alice = AddUser("alice");
  const Post created = AddPost(alice.id, "First", {"BTC", "ETH"});
  Must(posts().Edit(MakeEdit(created.id, 1, "Second", {"SOL"})));
  Must(posts().Edit(MakeEdit(created.id, 2, "Third")));

  const auto revisions = Must(posts().Revisions(created.id));
  ASSERT_EQ(revisions.size(), 3u);
  EXPECT_EQ(revisions[0].title, "First");
  EXPECT_EQ(revisions[0].lang, "en");
  EXPECT_EQ(revisions[0].lang_source, LangSource::kDetected);
  EXPECT_THAT(revisions[0].cashtags, ElementsAre("BTC", "ETH"));
  EXPECT_EQ(revisions[1].title, "Second");
  EXPECT_EQ(revisions[1].lang, "fr");
  EXPECT_EQ(revisions[1].slug, "edited");
  EXPECT_THAT(revisions[1].cashtags, ElementsAre("SOL"));
  EXPECT_EQ(revisions[2].title, "Third");
  EXPECT_TRUE(revisions[2].cashtags.empty());
  EXPECT_EQ(revisions[2].body_html, "<p>Body of <em>Third</em></p>");
}

TEST_P(PostStoreContract, EditWithStaleRevisionConflicts) {
  const User alice = AddUser("alice");
  const Post created = AddPost(alice.id, "First");
  Must(posts().Edit(MakeEdit(created.id, 1, "Second")));

  auto stale = posts().Edit(MakeEdit(created.id, 1, "Lost update"));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, Errc::kConflict);
  const Post got = Must(posts().Get(created.id));
  EXPECT_EQ(got.revision, 2);
  EXPECT_EQ(got.title, "Second");
  EXPECT_EQ(Must(posts().Revisions(created.id)).size(), 2u);
}

TEST_P(PostStoreContract, RacingEditsOfOneRevisionLetExactlyOneWin) {
  const User alice = AddUser("alice");
  const Post created = AddPost(alice.id, "First");
  constexpr int kRacers = 4;
  std::vector<Result<Post>> results(kRacers, Fail(Errc::kInternal, "not run"));
  std::vector<PostEdit> edits;
  edits.reserve(kRacers);
  for (int i = 0; i < kRacers; ++i) {
    edits.push_back(MakeEdit(created.id, 1, "Racer " + std::to_string(i)));
  }
  {
    std::vector<std::jthread> threads;
    threads.reserve(kRacers);
    for (int i = 0; i < kRacers; ++i) {
      threads.emplace_back([&, i] { results[i] = posts().Edit(edits[i]); });
    }
  }
  int wins = 0;
  for (const auto& r : results) {
    if (r) {
      ++wins;
    } else {
      EXPECT_EQ(r.error().code, Errc::kConflict) << Describe(r.error());
    }
  }
  EXPECT_EQ(wins, 1);
  EXPECT_EQ(Must(posts().Get(created.id)).revision, 2);
}

TEST_P(PostStoreContract, EditOfDeletedPostIsGone) {
  const User alice = AddUser("alice");
  const Post created = AddPost(alice.id, "First");
  Must(posts().Delete(created.id, clock_.Now()));
  auto edited = posts().Edit(MakeEdit(created.id, 1, "Zombie"));
  ASSERT_FALSE(edited);
  EXPECT_EQ(edited.error().code, Errc::kGone);
  EXPECT_EQ(Must(posts().Get(created.id)).title, "First");
}

TEST_P(PostStoreContract, EditOfMissingPostIsNotFound) {
  auto edited = posts().Edit(MakeEdit(424242, 1, "Nothing"));
  ASSERT_FALSE(edited);
  EXPECT_EQ(edited.error().code, Errc::kNotFound);
}

TEST_P(PostStoreContract, DeletedPostIsStillGettableWithDeletedStatus) {
  const User alice = AddUser("alice");
  const Post created = AddPost(alice.id, "Soon gone");
  Must(posts().Delete(created.id, clock_.Now()));
  const Post got = Must(posts().Get(created.id));
  EXPECT_EQ(got.status, PostStatus::kDeleted);
  EXPECT_EQ(got.title, "Soon gone");
}

TEST_P(PostStoreContract, DeleteOfMissingPostIsNotFound) {
  auto deleted = posts().Delete(424242, clock_.Now());
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, Errc::kNotFound);
}

TEST_P(PostStoreContract, DeletingTwiceIsNotAnError) {
  const User alice = AddUser("alice");
  const Post created = AddPost(alice.id, "Twice");
  Must(posts().Delete(created.id, clock_.Now()));
  auto again = posts().Delete(created.id, clock_.Now());
  EXPECT_TRUE(again) << Describe(again.error());
  EXPECT_EQ(Must(posts().Get(created.id)).status, PostStatus::kDeleted);
}

TEST_P(PostStoreContract, ListIsNewestFirst) {
  const User alice = AddUser("alice");
  const Post a = AddPost(alice.id, "a");
  const Post b = AddPost(alice.id, "b");
  const Post c = AddPost(alice.id, "c");
  EXPECT_LT(a.id, b.id);
  EXPECT_LT(b.id, c.id);
  const PostListPage page = Must(posts().List(std::nullopt, 10, std::nullopt));
  EXPECT_THAT(Ids(page.items), ElementsAre(c.id, b.id, a.id));
  EXPECT_EQ(page.items[0].title, "c");
  EXPECT_EQ(page.items[0].author_handle, "alice");
  EXPECT_FALSE(page.next_before_id);
}

TEST_P(PostStoreContract, ListPagesByBeforeId) {
  const User alice = AddUser("alice");
  std::vector<std::int64_t> ids;
  ids.reserve(5);
  for (int i = 0; i < 5; ++i) ids.push_back(AddPost(alice.id, "p" + std::to_string(i)).id);

  const PostListPage first = Must(posts().List(std::nullopt, 2, std::nullopt));
  EXPECT_THAT(Ids(first.items), ElementsAre(ids[4], ids[3]));
  EXPECT_EQ(first.next_before_id, ids[3]);

  const PostListPage second = Must(posts().List(first.next_before_id, 2, std::nullopt));
  EXPECT_THAT(Ids(second.items), ElementsAre(ids[2], ids[1]));
  ASSERT_TRUE(second.next_before_id);

  const PostListPage last = Must(posts().List(second.next_before_id, 2, std::nullopt));
  EXPECT_THAT(Ids(last.items), ElementsAre(ids[0]));
  EXPECT_FALSE(last.next_before_id);
}

TEST_P(PostStoreContract, ListPageThatEndsExactlyHasNoNextPage) {
  const User alice = AddUser("alice");
  AddPost(alice.id, "a");
  AddPost(alice.id, "b");
  const PostListPage page = Must(posts().List(std::nullopt, 2, std::nullopt));
  EXPECT_EQ(page.items.size(), 2u);
  EXPECT_FALSE(page.next_before_id);
}

TEST_P(PostStoreContract, ListFiltersByAuthor) {
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  const Post a1 = AddPost(alice.id, "a1");
  AddPost(bob.id, "b1");
  const Post a2 = AddPost(alice.id, "a2");
  AddPost(bob.id, "b2");

  const PostListPage page = Must(posts().List(std::nullopt, 10, alice.id));
  EXPECT_THAT(Ids(page.items), ElementsAre(a2.id, a1.id));
  const PostListPage paged = Must(posts().List(a2.id, 10, alice.id));
  EXPECT_THAT(Ids(paged.items), ElementsAre(a1.id));
}

TEST_P(PostStoreContract, DeletedPostsAreNotListed) {
  const User alice = AddUser("alice");
  const Post kept = AddPost(alice.id, "kept");
  const Post removed = AddPost(alice.id, "removed");
  Must(posts().Delete(removed.id, clock_.Now()));
  EXPECT_THAT(Ids(Must(posts().List(std::nullopt, 10, std::nullopt)).items), ElementsAre(kept.id));
  EXPECT_THAT(Ids(Must(posts().List(std::nullopt, 10, alice.id)).items), ElementsAre(kept.id));
}

TEST_P(PostStoreContract, ListShowsTheCurrentRevision) {
  const User alice = AddUser("alice");
  const Post created = AddPost(alice.id, "Before", {"BTC"});
  Must(posts().Edit(MakeEdit(created.id, 1, "After", {"DOGE", "ETH"})));
  const PostListPage page = Must(posts().List(std::nullopt, 10, std::nullopt));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].title, "After");
  EXPECT_EQ(page.items[0].revision, 2);
  EXPECT_THAT(page.items[0].cashtags, ElementsAre("DOGE", "ETH"));
}

TEST_P(PostStoreContract, ListOfEmptyStoreIsEmpty) {
  const PostListPage page = Must(posts().List(std::nullopt, 10, std::nullopt));
  EXPECT_TRUE(page.items.empty());
  EXPECT_FALSE(page.next_before_id);
}

TEST_P(PostStoreContract, ListRefusesALimitBelowOne) {
  auto page = posts().List(std::nullopt, 0, std::nullopt);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, Errc::kInvalidArgument);
}

TEST_P(PostStoreContract, CashtagsRoundTripInOrderOfMention) {
  const User alice = AddUser("alice");
  const std::vector<std::string> tags = {"TRUMP", "BTC", "ETH", "A1", "SOL"};
  const Post created = AddPost(alice.id, "Many tokens", tags);
  EXPECT_EQ(created.cashtags, tags);
  EXPECT_EQ(Must(posts().Get(created.id)).cashtags, tags);
  const PostListPage page = Must(posts().List(std::nullopt, 10, std::nullopt));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].cashtags, tags);
}

TEST_P(PostStoreContract, CashtagsWithSeparatorCharactersRoundTrip) {
  const User alice = AddUser("alice");
  // The queries carry a revision's tokens in one column: no symbol may confuse its decoding.
  const std::vector<std::string> tags = {"12,3:X", "É", ":", ",", "B T C", "2"};
  const Post created = AddPost(alice.id, "Odd tokens", tags);
  EXPECT_EQ(Must(posts().Get(created.id)).cashtags, tags);
  EXPECT_EQ(Must(posts().List(std::nullopt, 10, std::nullopt)).items.at(0).cashtags, tags);
  EXPECT_EQ(Must(posts().ListCards(std::nullopt, 10, std::nullopt)).items.at(0).cashtags, tags);
}

TEST_P(PostStoreContract, ListCardsAreListWithoutTheBodies) {
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  const Post a1 = AddPost(alice.id, "a1", {"BTC"});
  AddPost(bob.id, "b1");
  const Post a2 = AddPost(alice.id, "a2", {"ETH", "SOL"});
  Must(posts().Edit(MakeEdit(a2.id, 1, "a2 edited", {"DOGE", "ETH"})));
  const Post removed = AddPost(bob.id, "removed");
  Must(posts().Delete(removed.id, clock_.Now()));
  AddPost(bob.id, "b2");
  AddPost(alice.id, "a3");

  for (const std::optional<std::int64_t> author : {std::optional<std::int64_t>(), {alice.id}}) {
    std::optional<std::int64_t> before;
    int pages = 0;
    do {
      const PostListPage posts_page = Must(posts().List(before, 2, author));
      const PostCardPage cards_page = Must(posts().ListCards(before, 2, author));
      ASSERT_EQ(cards_page.items.size(), posts_page.items.size());
      EXPECT_EQ(cards_page.next_before_id, posts_page.next_before_id);
      for (std::size_t i = 0; i < cards_page.items.size(); ++i) {
        const Post& post = posts_page.items[i];
        const PostCard& card = cards_page.items[i];
        EXPECT_EQ(card.id, post.id);
        EXPECT_EQ(card.author_id, post.author_id);
        EXPECT_EQ(card.author_handle, post.author_handle);
        EXPECT_EQ(card.author_display_name, post.author_display_name);
        EXPECT_EQ(card.revision, post.revision);
        EXPECT_EQ(card.title, post.title);
        EXPECT_EQ(card.html_head, post.body_html);
        EXPECT_FALSE(card.html_cut);
        EXPECT_EQ(card.lang, post.lang);
        EXPECT_EQ(card.slug, post.slug);
        EXPECT_EQ(card.cashtags, post.cashtags);
        EXPECT_EQ(card.created_at, post.created_at);
        EXPECT_EQ(card.edited_at, post.edited_at);
        EXPECT_EQ(card.counts.likes, post.counts.likes);
      }
      before = cards_page.next_before_id;
      ++pages;
    } while (before);
    EXPECT_EQ(pages, author ? 2 : 3);
  }
  const PostCardPage page = Must(posts().ListCards(std::nullopt, 10, alice.id));
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.items[1].title, "a2 edited");
  EXPECT_THAT(page.items[1].cashtags, ElementsAre("DOGE", "ETH"));
  EXPECT_THAT(page.items[2].cashtags, ElementsAre("BTC"));
}

TEST_P(PostStoreContract, ListCardsCutTheHtmlAfterItsHead) {
  const User alice = AddUser("alice");
  std::string exact;
  for (std::size_t i = 0; i < kCardHtmlHeadBytes / 2; ++i) exact += "é";  // two bytes each
  NewPost fits = MakePost(alice.id, "fits");
  fits.content.body_html = exact;
  const std::int64_t fits_id = Must(posts().Create(fits)).id;
  // Its byte at the limit is the second byte of an "é": the head stops before that "é".
  NewPost longer = MakePost(alice.id, "longer");
  longer.content.body_html = "a" + exact + "<p>more</p>";
  const std::int64_t longer_id = Must(posts().Create(longer)).id;

  const PostCardPage page = Must(posts().ListCards(std::nullopt, 10, std::nullopt));
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, longer_id);
  EXPECT_EQ(page.items[0].html_head, "a" + exact.substr(0, exact.size() - 2));
  EXPECT_TRUE(page.items[0].html_cut);
  EXPECT_EQ(page.items[1].id, fits_id);
  EXPECT_EQ(page.items[1].html_head, exact);
  EXPECT_FALSE(page.items[1].html_cut);
}

TEST_P(PostStoreContract, ListCardsRefuseALimitBelowOne) {
  auto page = posts().ListCards(std::nullopt, 0, std::nullopt);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, Errc::kInvalidArgument);
}

TEST_P(PostStoreContract, CountIncludesEveryStatus) {
  const User alice = AddUser("alice");
  EXPECT_EQ(Must(posts().Count()), 0);
  AddPost(alice.id, "a");
  const Post b = AddPost(alice.id, "b");
  Must(posts().Delete(b.id, clock_.Now()));
  EXPECT_EQ(Must(posts().Count()), 2);
}

TEST_P(PostStoreContract, RevisionsOfMissingPostIsNotFound) {
  auto revisions = posts().Revisions(424242);
  ASSERT_FALSE(revisions);
  EXPECT_EQ(revisions.error().code, Errc::kNotFound);
}

TEST_P(PostStoreContract, NulInBodyIsRefusedAndNothingIsStored) {
  const User alice = AddUser("alice");
  NewPost post = MakePost(alice.id, "NUL");
  post.content.body_md = std::string("before\0after", 12);
  auto created = posts().Create(post);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(created.error().field, "body_md");
  EXPECT_EQ(Must(posts().Count()), 0);
}

PLAZA_STORE_CONTRACT(PostStoreContract);

}  // namespace
}  // namespace plaza::storage_test
