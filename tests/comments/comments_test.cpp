#include "comments/comments.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "notifications/notifications.hpp"
#include "scratch_database.hpp"

namespace plaza::comments {
namespace {

using storage_test::Must;

class CommentsThrottleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Must(storage_test::ScratchDatabase::Sqlite());
    store_ = Must(db_->Open());
    Must(store_->Migrate());
    author_ = MakeUser("author");
    alice_ = MakeUser("alice");
    bob_ = MakeUser("bob");
    NewPost post;
    post.author_id = author_.id;
    post.content.title = "A post";
    post.content.body_md = "Body";
    post.content.body_html = "<p>Body</p>";
    post.content.lang = "en";
    post.created_at = clock_.Now();
    post_ = Must(store_->posts().Create(post));
    notifications_ = std::make_unique<notifications::Notifications>(*store_, clock_);
    comments_ = std::make_unique<Comments>(
        *store_, clock_, *notifications_,
        Throttles{comments_per_user_, likes_per_user_, writes_per_address_});
  }

  User MakeUser(const std::string& handle) {
    return Must(store_->users().Create(NewUser{
        handle, "Name of " + handle, "$argon2id$not-a-real-hash", Role::kMember, clock_.Now()}));
  }

  Result<CommentWrite> Comment(const User& user, const std::string& body,
                               const std::string& address = "192.0.2.1") {
    return comments_->Create(user, post_.id, CommentInput{body, 0, "", address});
  }

  ManualClock clock_;
  InMemoryRateLimiter comments_per_user_{clock_, RateLimit{2, 60}};
  InMemoryRateLimiter likes_per_user_{clock_, RateLimit{2, 60}};
  InMemoryRateLimiter writes_per_address_{clock_, RateLimit{4, 60}};
  std::unique_ptr<storage_test::ScratchDatabase> db_;
  std::unique_ptr<Store> store_;
  User author_;
  User alice_;
  User bob_;
  Post post_;
  std::unique_ptr<notifications::Notifications> notifications_;
  std::unique_ptr<Comments> comments_;
};

TEST_F(CommentsThrottleTest, CommentsPerUserAreRefusedUntilTheWindowPasses) {
  ASSERT_TRUE(Comment(alice_, "one"));
  ASSERT_FALSE(Comment(alice_, " \t "));  // a refused body uses none of the allowance
  ASSERT_TRUE(Comment(alice_, "two"));
  auto third = Comment(alice_, "three");
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, Errc::kRateLimited);
  ASSERT_TRUE(third.error().retry_after_s.has_value());
  EXPECT_GE(*third.error().retry_after_s, 1);
  EXPECT_LE(*third.error().retry_after_s, 60);
  EXPECT_TRUE(Comment(bob_, "bob has his own allowance"));
  clock_.Advance(std::chrono::seconds(60));
  EXPECT_TRUE(Comment(alice_, "three, a minute later"));
  EXPECT_EQ(Must(store_->posts().Get(post_.id)).counts.comments, 4);
}

TEST_F(CommentsThrottleTest, OneAddressSharesItsAllowanceAcrossAccounts) {
  ASSERT_TRUE(Comment(alice_, "a1"));
  ASSERT_TRUE(comments_->Like(alice_, LikeTarget::kPost, post_.id, true, "192.0.2.1"));
  ASSERT_TRUE(Comment(bob_, "b1"));
  ASSERT_TRUE(comments_->Like(bob_, LikeTarget::kPost, post_.id, true, "192.0.2.1"));
  // Both accounts have writes left; their address has none.
  auto refused = Comment(bob_, "b2");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kRateLimited);
  auto like = comments_->Like(alice_, LikeTarget::kPost, post_.id, false, "192.0.2.1");
  ASSERT_FALSE(like);
  EXPECT_EQ(like.error().code, Errc::kRateLimited);
  // Another address, and a caller without one (a command), are not held by it. (A write refused
  // for its address still counted for its user: bob and alice are at their own limits now.)
  EXPECT_TRUE(Comment(author_, "from elsewhere", "198.51.100.7"));
  EXPECT_TRUE(comments_->Like(author_, LikeTarget::kPost, post_.id, true, ""));
}

TEST_F(CommentsThrottleTest, LikesPerUserCountLikesAndUnlikes) {
  ASSERT_TRUE(comments_->Like(alice_, LikeTarget::kPost, post_.id, true, ""));
  ASSERT_TRUE(comments_->Like(alice_, LikeTarget::kPost, post_.id, false, ""));
  auto third = comments_->Like(alice_, LikeTarget::kPost, post_.id, true, "");
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, Errc::kRateLimited);
  EXPECT_EQ(Must(store_->posts().Get(post_.id)).counts.likes, 0);
  EXPECT_TRUE(Comment(alice_, "comments have their own allowance"));
}

}  // namespace
}  // namespace plaza::comments
