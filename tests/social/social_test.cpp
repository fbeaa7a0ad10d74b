#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "scratch_database.hpp"
#include "social/social.hpp"

namespace plaza::social {
namespace {

using storage_test::Must;
using ::testing::ElementsAre;

constexpr char kFamily[] = "👨‍👩‍👧‍👦";  // one grapheme cluster, seven code points

class SocialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Must(storage_test::ScratchDatabase::Sqlite());
    store_ = Must(db_->Open());
    Must(store_->Migrate());
    author_ = MakeUser("author");
    reader_ = MakeUser("reader");
    social_.emplace(
        *store_, clock_, limiter_, [this](const NotificationEvent& e) { events_.push_back(e); },
        [this](std::int64_t post_id, const PostCounts& counts) {
          counts_.emplace_back(post_id, counts.reposts);
        });
    NewPost post;
    post.author_id = author_.id;
    post.content.title = "A post";
    post.content.body_md = "Body";
    post.content.body_html = "<p>Body</p>";
    post.content.lang = "en";
    post.created_at = clock_.Now();
    post_ = Must(store_->posts().Create(post));
  }

  User MakeUser(const std::string& handle) {
    return Must(store_->users().Create(NewUser{
        handle, "Name of " + handle, "$argon2id$not-a-real-hash", Role::kMember, clock_.Now()}));
  }

  ManualClock clock_;
  InMemoryRateLimiter limiter_{clock_, RateLimit{5, 60}};
  std::unique_ptr<storage_test::ScratchDatabase> db_;
  std::unique_ptr<Store> store_;
  User author_;
  User reader_;
  Post post_;
  std::vector<NotificationEvent> events_;
  std::vector<std::pair<std::int64_t, std::int64_t>> counts_;
  std::optional<Social> social_;
};

TEST_F(SocialTest, AQuoteIsTrimmedAndCountedInGraphemes) {
  // 400 clusters as sent, in 2,800 bytes: a space, 100 families of seven code points, 298
  // letters and a line break. Stored without the white space.
  std::string quote;
  for (int i = 0; i < 100; ++i) quote += kFamily;
  quote += std::string(298, 'a');
  auto write = social_->Repost(reader_, post_.id, " " + quote + "\n");
  ASSERT_TRUE(write) << write.error().message;
  EXPECT_EQ(write->counts.quotes, 1);
  EXPECT_EQ(Must(store_->social().ViewerState(reader_.id, post_.id)).quote, quote);

  auto over = social_->Repost(reader_, post_.id, std::string(401, 'a'));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(over.error().field, "quote");
  EXPECT_EQ(over.error().limit, 400);
}

TEST_F(SocialTest, ABlankQuoteIsAPlainRepostAndControlsAreRefused) {
  auto plain = social_->Repost(reader_, post_.id, " \u3000 ");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->counts.reposts, 1);
  EXPECT_EQ(plain->counts.quotes, 0);
  auto control = social_->Repost(reader_, post_.id, std::string("bell\a"));
  ASSERT_FALSE(control);
  EXPECT_EQ(control.error().code, Errc::kInvalidArgument);
  EXPECT_TRUE(social_->Repost(reader_, post_.id, "two\nlines"));
  auto invalid = social_->Repost(reader_, post_.id, std::string("\xff"));
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().field, "quote");
}

TEST_F(SocialTest, NotifiesTheAuthorOnceAndNeverForOwnPosts) {
  Must(social_->Repost(reader_, post_.id, std::nullopt));
  Must(social_->Repost(reader_, post_.id, std::nullopt));  // no change: no notification
  Must(social_->Repost(author_, post_.id, "mine"));        // own post: none
  Must(social_->Follow(reader_, "AUTHOR"));                // handles are case-folded
  Must(social_->Follow(reader_, "author"));                // already: none
  ASSERT_EQ(events_.size(), 2u);
  EXPECT_EQ(events_[0].kind, NotificationEvent::Kind::kRepost);
  EXPECT_EQ(events_[0].recipient_id, author_.id);
  EXPECT_EQ(events_[0].actor.handle, "reader");
  EXPECT_EQ(events_[0].post_id, post_.id);
  EXPECT_EQ(events_[1].kind, NotificationEvent::Kind::kFollow);
  EXPECT_FALSE(events_[1].post_id);
  // Counts are told for every write that changed them, and only those.
  EXPECT_THAT(counts_, ElementsAre(std::pair<std::int64_t, std::int64_t>{post_.id, 1},
                                   std::pair<std::int64_t, std::int64_t>{post_.id, 2}));
}

TEST_F(SocialTest, FollowingYourselfNamesTheField) {
  auto self = social_->Follow(author_, "author");
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(self.error().field, "handle");
  EXPECT_EQ(social_->Follow(author_, "nobody").error().code, Errc::kNotFound);
}

TEST_F(SocialTest, WritesAreThrottledPerUser) {
  for (int i = 0; i < 5; ++i) Must(social_->Share(reader_, post_.id));
  auto refused = social_->Share(reader_, post_.id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kRateLimited);
  EXPECT_TRUE(social_->Share(author_, post_.id));  // another user's allowance
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_TRUE(social_->Share(reader_, post_.id));
}

TEST_F(SocialTest, TheFollowingFeedWalksBothStreamsToTheEnd) {
  const User friend_ = MakeUser("friend");
  Must(social_->Follow(reader_, "author"));
  Must(social_->Follow(reader_, "friend"));
  std::vector<std::int64_t> expected;
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(std::chrono::seconds(1));
    NewPost post;
    post.author_id = author_.id;
    post.content.title = "Post " + std::to_string(i);
    post.content.body_md = "Body";
    post.content.body_html = "<p>Body</p>";
    post.content.lang = "en";
    post.created_at = clock_.Now();
    expected.push_back(Must(store_->posts().Create(post)).id);
    clock_.Advance(std::chrono::seconds(1));
    InMemoryRateLimiter open{clock_, RateLimit{1000, 1}};
    Social unthrottled(*store_, clock_, open);
    Must(unthrottled.Repost(friend_, expected.back(), std::nullopt));
  }
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page = Must(FollowingFeed(*store_, reader_.id, cursor, 3));
    for (const FeedItem& item : page.items) {
      seen.push_back((item.repost ? "r" : "p") + std::to_string(item.post.id));
    }
    cursor = page.next_cursor.value_or("");
    ++pages;
  } while (!cursor.empty() && pages < 10);
  // Newest first: each post's repost (a second later) before the post; the first post last.
  ASSERT_EQ(seen.size(), 11u);  // 5 posts, 5 reposts, and post_ of SetUp
  EXPECT_EQ(seen.front(), "r" + std::to_string(expected[4]));
  EXPECT_EQ(seen[1], "p" + std::to_string(expected[4]));
  EXPECT_EQ(seen.back(), "p" + std::to_string(post_.id));
  EXPECT_EQ(pages, 4);
}

TEST_F(SocialTest, WritesFromOneAddressShareItsAllowance) {
  InMemoryRateLimiter per_user(clock_, RateLimit{5, 60});
  InMemoryRateLimiter per_address(clock_, RateLimit{3, 60});
  Social social(*store_, clock_, per_user, {}, {}, &per_address);
  const User other = MakeUser("other");
  ASSERT_TRUE(social.Repost(reader_, post_.id, std::nullopt, "192.0.2.1"));
  ASSERT_TRUE(social.Share(reader_, post_.id, "192.0.2.1"));
  ASSERT_TRUE(social.Follow(other, "author", "192.0.2.1"));
  auto refused = social.Share(other, post_.id, "192.0.2.1");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kRateLimited);
  EXPECT_TRUE(refused.error().retry_after_s.has_value());
  EXPECT_TRUE(social.Share(other, post_.id, "198.51.100.7"));
  EXPECT_TRUE(social.Unfollow(other, "author"));  // no address (a command): per user only
  clock_.Advance(std::chrono::seconds(60));
  EXPECT_TRUE(social.Unrepost(reader_, post_.id, "192.0.2.1"));
}

}  // namespace
}  // namespace plaza::social
