#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "posts_fixture.hpp"

namespace plaza::posts_test {
namespace {

class ListPostsTest : public PostsTest {
 protected:
  // Creates `n` posts by `author`, moving the clock past the throttle as needed; returns their
  // ids, oldest first.
  std::vector<std::int64_t> CreatePosts(int n, const User& author) {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < n; ++i) {
      if (i > 0 && i % 5 == 0) clock_.Advance(std::chrono::seconds(60));
      ids.push_back(CreatePost("Post " + std::to_string(i), &author).id);
    }
    return ids;
  }

  static std::vector<std::int64_t> Ids(const PostPage& page) {
    std::vector<std::int64_t> ids;
    for (const Post& post : page.items) ids.push_back(post.id);
    return ids;
  }
};

TEST_F(ListPostsTest, PagesNewestFirstWithCursors) {
  const auto ids = CreatePosts(5, author_);
  const PostPage first = Must(posts_->Latest("", 2));
  EXPECT_EQ(Ids(first), (std::vector<std::int64_t>{ids[4], ids[3]}));
  ASSERT_TRUE(first.next_cursor.has_value());
  const PostPage second = Must(posts_->Latest(*first.next_cursor, 2));
  EXPECT_EQ(Ids(second), (std::vector<std::int64_t>{ids[2], ids[1]}));
  ASSERT_TRUE(second.next_cursor.has_value());
  const PostPage third = Must(posts_->Latest(*second.next_cursor, 2));
  EXPECT_EQ(Ids(third), (std::vector<std::int64_t>{ids[0]}));
  EXPECT_FALSE(third.next_cursor.has_value());
}

TEST_F(ListPostsTest, LeavesOutDeletedPosts) {
  const auto ids = CreatePosts(3, author_);
  Must(posts_->Delete(author_, ids[1]));
  EXPECT_EQ(Ids(Must(posts_->Latest("", 10))), (std::vector<std::int64_t>{ids[2], ids[0]}));
}

TEST_F(ListPostsTest, ByAuthorListsOnlyThatAuthor) {
  const auto mine = CreatePosts(3, author_);
  CreatePosts(2, other_);
  const PostPage page = Must(posts_->ByAuthor(author_.id, "", 2));
  EXPECT_EQ(Ids(page), (std::vector<std::int64_t>{mine[2], mine[1]}));
  ASSERT_TRUE(page.next_cursor.has_value());
  EXPECT_EQ(Ids(Must(posts_->ByAuthor(author_.id, *page.next_cursor, 2))),
            (std::vector<std::int64_t>{mine[0]}));
}

TEST_F(ListPostsTest, ClampsTheLimit) {
  CreatePosts(3, author_);
  EXPECT_EQ(Must(posts_->Latest("", 0)).items.size(), 1u);
  EXPECT_EQ(Must(posts_->Latest("", -5)).items.size(), 1u);
  EXPECT_EQ(Must(posts_->Latest("", 1'000'000)).items.size(), 3u);
}

TEST_F(ListPostsTest, RefusesMalformedCursors) {
  CreatePosts(1, author_);
  for (const std::string cursor :
       {"x", "p", "p0", "p-1", "p12a", "12", "p012", " p1", "p99999999999999999999", "p\xFF"}) {
    auto result = posts_->Latest(cursor, 10);
    ASSERT_FALSE(result) << cursor;
    EXPECT_EQ(result.error().code, Errc::kInvalidArgument) << cursor;
    EXPECT_EQ(result.error().field, "cursor") << cursor;
    auto by_author = posts_->ByAuthor(author_.id, cursor, 10);
    ASSERT_FALSE(by_author) << cursor;
    EXPECT_EQ(by_author.error().field, "cursor") << cursor;
  }
}

TEST_F(ListPostsTest, GetOfAMissingPostIsNotFound) {
  auto result = posts_->Get(424242);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kNotFound);
}

}  // namespace
}  // namespace plaza::posts_test
