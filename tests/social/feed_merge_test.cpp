#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "social/social.hpp"

namespace plaza::social {
namespace {

using ::testing::ElementsAre;

PostCard Card(std::int64_t id, Timestamp at) {
  PostCard card;
  card.id = id;
  card.created_at = at;
  return card;
}

RepostCard RepostOf(std::int64_t repost_id, std::int64_t post_id, Timestamp at) {
  RepostCard item;
  item.repost.id = repost_id;
  item.repost.post_id = post_id;
  item.repost.created_at = at;
  item.post = Card(post_id, at - 1000);
  return item;
}

// "p<id>" for a post, "r<id>" for a repost, in feed order.
std::vector<std::string> Shape(const FeedPage& page) {
  std::vector<std::string> shape;
  for (const FeedItem& item : page.items) {
    shape.push_back(item.repost ? "r" + std::to_string(item.repost->id)
                                : "p" + std::to_string(item.post.id));
  }
  return shape;
}

TEST(FeedCursor, RoundTripsAndRefusesWhatItDidNotMake) {
  FeedCursor cursor;
  cursor.posts_before = 42;
  cursor.reposts_done = true;
  const std::string text = FormatFeedCursor(cursor);
  EXPECT_EQ(text, "p42rx");
  auto parsed = ParseFeedCursor(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->posts_before, 42);
  EXPECT_FALSE(parsed->posts_done);
  EXPECT_TRUE(parsed->reposts_done);
  EXPECT_FALSE(parsed->reposts_before);
  for (const char* bad : {"42", "p-1r", "pr0", "p1", "q1r2", "p1r2x", "p99999999999999999999r"}) {
    auto refused = ParseFeedCursor(bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(refused.error().field, "cursor");
  }
  EXPECT_TRUE(ParseFeedCursor(""));
}

TEST(MergeFeed, InterleavesByTimeAndResumesEachStreamWhereItStopped) {
  PostCardPage posts{{Card(30, 300), Card(20, 200), Card(10, 100)}, std::nullopt};
  RepostCardPage reposts{{RepostOf(7, 5, 250), RepostOf(6, 4, 50)}, std::nullopt};
  const FeedPage page = MergeFeed(posts, reposts, 3, FeedCursor{});
  EXPECT_THAT(Shape(page), ElementsAre("p30", "r7", "p20"));
  ASSERT_TRUE(page.next_cursor);
  EXPECT_EQ(*page.next_cursor, "p20r7");
}

TEST(MergeFeed, AStreamThatGaveEverythingEnds) {
  PostCardPage posts{{Card(30, 300)}, std::nullopt};
  RepostCardPage reposts{{RepostOf(7, 5, 250), RepostOf(6, 4, 240), RepostOf(5, 3, 230)}, 5};
  const FeedPage page = MergeFeed(posts, reposts, 2, FeedCursor{});
  EXPECT_THAT(Shape(page), ElementsAre("p30", "r7"));
  EXPECT_EQ(*page.next_cursor, "pxr7");
  // The last page: both streams spent, no cursor.
  const FeedPage last = MergeFeed({}, RepostCardPage{{RepostOf(4, 2, 10)}, std::nullopt}, 5,
                                  *ParseFeedCursor("pxr5"));
  EXPECT_THAT(Shape(last), ElementsAre("r4"));
  EXPECT_FALSE(last.next_cursor);
}

TEST(MergeFeed, ARepostBeforeAPostOfTheSameTime) {
  PostCardPage posts{{Card(30, 300)}, std::nullopt};
  RepostCardPage reposts{{RepostOf(7, 5, 300)}, std::nullopt};
  EXPECT_THAT(Shape(MergeFeed(posts, reposts, 5, FeedCursor{})), ElementsAre("r7", "p30"));
}

}  // namespace
}  // namespace plaza::social
