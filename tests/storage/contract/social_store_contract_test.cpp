#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store_contract.hpp"

namespace plaza::storage_test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class SocialStoreContract : public StoreContract {
 protected:
  SocialStore& social() { return store().social(); }

  PostCounts CountsOf(std::int64_t post_id) { return Must(posts().Get(post_id)).counts; }

  static std::vector<std::int64_t> CardIds(const std::vector<PostCard>& cards) {
    std::vector<std::int64_t> ids;
    for (const auto& c : cards) ids.push_back(c.id);
    return ids;
  }
  static std::vector<std::string> Handles(const std::vector<FollowEntry>& entries) {
    std::vector<std::string> handles;
    for (const auto& e : entries) handles.push_back(e.user.handle);
    return handles;
  }
};

TEST_P(SocialStoreContract, RepostCountsOncePerReaderAndQuoteReplacesTheText) {
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  const Post post = AddPost(alice.id, "Why $BTC");

  auto first = Must(social().Repost(post.id, bob.id, "", clock_.Now()));
  EXPECT_TRUE(first.changed);
  EXPECT_EQ(first.counts.reposts, 1);
  EXPECT_EQ(first.counts.quotes, 0);
  auto again = Must(social().Repost(post.id, bob.id, "", clock_.Now()));
  EXPECT_FALSE(again.changed);
  EXPECT_EQ(again.counts.reposts, 1);

  // A quote on the same repost: still one repost, now one quote.
  auto quoted = Must(social().Repost(post.id, bob.id, "Agreed 👍🏽", clock_.Now()));
  EXPECT_TRUE(quoted.changed);
  EXPECT_EQ(quoted.counts.reposts, 1);
  EXPECT_EQ(quoted.counts.quotes, 1);
  EXPECT_EQ(CountsOf(post.id).quotes, 1);
  auto state = Must(social().ViewerState(bob.id, post.id));
  EXPECT_TRUE(state.reposted);
  EXPECT_EQ(state.quote, "Agreed 👍🏽");
  EXPECT_FALSE(Must(social().ViewerState(alice.id, post.id)).reposted);

  auto undone = Must(social().Unrepost(post.id, bob.id));
  EXPECT_TRUE(undone.changed);
  EXPECT_EQ(undone.counts.reposts, 0);
  EXPECT_EQ(undone.counts.quotes, 0);
  EXPECT_FALSE(Must(social().Unrepost(post.id, bob.id)).changed);
  EXPECT_EQ(CountsOf(post.id).reposts, 0);
}

TEST_P(SocialStoreContract, WritesOnAMissingOrDeletedPostAreNotFoundOrGone) {
  const User alice = AddUser("alice");
  const Post post = AddPost(alice.id, "Soon gone");
  EXPECT_EQ(social().Repost(999'999, alice.id, "", clock_.Now()).error().code, Errc::kNotFound);
  Must(posts().Delete(post.id, clock_.Now()));
  EXPECT_EQ(social().Repost(post.id, alice.id, "", clock_.Now()).error().code, Errc::kGone);
  EXPECT_EQ(social().Unrepost(post.id, alice.id).error().code, Errc::kGone);
  EXPECT_EQ(social().Share(post.id, alice.id, clock_.Now()).error().code, Errc::kGone);
  EXPECT_EQ(social().Pin(alice.id, post.id, clock_.Now()).error().code, Errc::kGone);
}

TEST_P(SocialStoreContract, QuotesMustBeStorableText) {
  const User alice = AddUser("alice");
  const Post post = AddPost(alice.id, "Text");
  auto bad = social().Repost(post.id, alice.id, std::string("a\0b", 3), clock_.Now());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "quote");
}

TEST_P(SocialStoreContract, ShareCountsOncePerReader) {
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  const Post post = AddPost(alice.id, "Share me");
  EXPECT_TRUE(Must(social().Share(post.id, bob.id, clock_.Now())).changed);
  auto second = Must(social().Share(post.id, bob.id, clock_.Now()));
  EXPECT_FALSE(second.changed);
  EXPECT_EQ(second.counts.shares, 1);
  EXPECT_EQ(Must(social().Share(post.id, alice.id, clock_.Now())).counts.shares, 2);
  EXPECT_EQ(CountsOf(post.id).shares, 2);
  EXPECT_TRUE(Must(social().ViewerState(bob.id, post.id)).shared);
}

TEST_P(SocialStoreContract, AnAuthorPinsAtMostThreeOfTheirOwnPosts) {
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  std::vector<Post> mine;
  for (int i = 0; i < 4; ++i) mine.push_back(AddPost(alice.id, "Post " + std::to_string(i)));
  const Post theirs = AddPost(bob.id, "Bob's");

  auto forbidden = social().Pin(alice.id, theirs.id, clock_.Now());
  ASSERT_FALSE(forbidden);
  EXPECT_EQ(forbidden.error().code, Errc::kForbidden);

  for (int i = 0; i < 3; ++i) {
    clock_.Advance(std::chrono::seconds(1));
    EXPECT_TRUE(Must(social().Pin(alice.id, mine[i].id, clock_.Now())));
  }
  EXPECT_FALSE(Must(social().Pin(alice.id, mine[0].id, clock_.Now())));  // already pinned
  auto fourth = social().Pin(alice.id, mine[3].id, clock_.Now());
  ASSERT_FALSE(fourth);
  EXPECT_EQ(fourth.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(fourth.error().limit, 3);

  // Newest pin first.
  EXPECT_THAT(CardIds(Must(social().PinnedCards(alice.id))),
              ElementsAre(mine[2].id, mine[1].id, mine[0].id));
  EXPECT_TRUE(Must(social().ViewerState(bob.id, mine[1].id)).pinned);
  EXPECT_TRUE(Must(social().Unpin(alice.id, mine[1].id)));
  EXPECT_FALSE(Must(social().Unpin(alice.id, mine[1].id)));
  EXPECT_TRUE(Must(social().Pin(alice.id, mine[3].id, clock_.Now())));
  // A deleted pinned post leaves the list.
  Must(posts().Delete(mine[2].id, clock_.Now()));
  EXPECT_THAT(CardIds(Must(social().PinnedCards(alice.id))), ElementsAre(mine[3].id, mine[0].id));
}

TEST_P(SocialStoreContract, FollowsListNewestFirstByKeyset) {
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  const User carol = AddUser("carol");
  const User dave = AddUser("dave");
  EXPECT_TRUE(Must(social().Follow(bob.id, alice.id, clock_.Now())));
  EXPECT_FALSE(Must(social().Follow(bob.id, alice.id, clock_.Now())));
  EXPECT_TRUE(Must(social().Follow(carol.id, alice.id, clock_.Now())));
  EXPECT_TRUE(Must(social().Follow(dave.id, alice.id, clock_.Now())));
  EXPECT_TRUE(Must(social().Follow(alice.id, bob.id, clock_.Now())));

  auto first = Must(social().Followers(alice.id, std::nullopt, 2));
  EXPECT_THAT(Handles(first.items), ElementsAre("dave", "carol"));
  ASSERT_TRUE(first.next_before_id);
  auto second = Must(social().Followers(alice.id, first.next_before_id, 2));
  EXPECT_THAT(Handles(second.items), ElementsAre("bob"));
  EXPECT_FALSE(second.next_before_id);
  EXPECT_THAT(Handles(Must(social().Following(alice.id, std::nullopt, 10)).items),
              ElementsAre("bob"));

  const FollowCounts counts = Must(social().CountFollows(alice.id));
  EXPECT_EQ(counts.followers, 3);
  EXPECT_EQ(counts.following, 1);
  EXPECT_TRUE(Must(social().IsFollowing(bob.id, alice.id)));
  EXPECT_TRUE(Must(social().Unfollow(bob.id, alice.id)));
  EXPECT_FALSE(Must(social().Unfollow(bob.id, alice.id)));
  EXPECT_FALSE(Must(social().IsFollowing(bob.id, alice.id)));
  EXPECT_EQ(Must(social().CountFollows(alice.id)).followers, 2);
}

TEST_P(SocialStoreContract, FollowingYourselfOrNobodyIsRefused) {
  const User alice = AddUser("alice");
  auto self = social().Follow(alice.id, alice.id, clock_.Now());
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(self.error().field, "handle");
  auto nobody = social().Follow(alice.id, 999'999, clock_.Now());
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().code, Errc::kNotFound);
  EXPECT_EQ(social().Followers(alice.id, std::nullopt, 0).error().code, Errc::kInvalidArgument);
}

TEST_P(SocialStoreContract, FollowedPostsAreTheFolloweesLivePostsNewestFirst) {
  const User reader = AddUser("reader");
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  const User carol = AddUser("carol");
  Must(social().Follow(reader.id, alice.id, clock_.Now()));
  Must(social().Follow(reader.id, bob.id, clock_.Now()));
  const Post a1 = AddPost(alice.id, "a1");
  const Post c1 = AddPost(carol.id, "c1");
  const Post b1 = AddPost(bob.id, "b1", {"ETH"});
  const Post a2 = AddPost(alice.id, "a2");
  const Post gone = AddPost(bob.id, "gone");
  Must(posts().Delete(gone.id, clock_.Now()));

  auto first = Must(social().FollowedPostCards(reader.id, std::nullopt, 2));
  EXPECT_THAT(CardIds(first.items), ElementsAre(a2.id, b1.id));
  EXPECT_EQ(first.items[1].cashtags, std::vector<std::string>{"ETH"});
  EXPECT_EQ(first.items[1].author_handle, "bob");
  ASSERT_TRUE(first.next_before_id);
  auto second = Must(social().FollowedPostCards(reader.id, first.next_before_id, 2));
  EXPECT_THAT(CardIds(second.items), ElementsAre(a1.id));
  EXPECT_FALSE(second.next_before_id);
  (void)c1;
  EXPECT_THAT(Must(social().FollowedPostCards(carol.id, std::nullopt, 10)).items, IsEmpty());
}

TEST_P(SocialStoreContract, FollowedRepostsCarryTheReposterAndThePost) {
  const User reader = AddUser("reader");
  const User alice = AddUser("alice");
  const User bob = AddUser("bob");
  const User carol = AddUser("carol");
  Must(social().Follow(reader.id, bob.id, clock_.Now()));
  const Post p1 = AddPost(alice.id, "p1");
  const Post p2 = AddPost(alice.id, "p2");
  const Post p3 = AddPost(alice.id, "p3");
  Must(social().Repost(p1.id, bob.id, "", clock_.Now()));
  Must(social().Repost(p2.id, carol.id, "", clock_.Now()));  // not followed
  Must(social().Repost(p2.id, bob.id, "Look", clock_.Now()));
  Must(social().Repost(p3.id, bob.id, "", clock_.Now()));
  Must(posts().Delete(p3.id, clock_.Now()));  // reposts of deleted posts leave the feed

  auto page = Must(social().FollowedReposts(reader.id, std::nullopt, 1));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].post.id, p2.id);
  EXPECT_EQ(page.items[0].post.title, "p2");
  EXPECT_EQ(page.items[0].repost.by.handle, "bob");
  EXPECT_EQ(page.items[0].repost.quote, "Look");
  ASSERT_TRUE(page.next_before_id);
  auto next = Must(social().FollowedReposts(reader.id, page.next_before_id, 5));
  ASSERT_EQ(next.items.size(), 1u);
  EXPECT_EQ(next.items[0].post.id, p1.id);
  EXPECT_FALSE(next.next_before_id);
}

PLAZA_STORE_CONTRACT(SocialStoreContract);

}  // namespace
}  // namespace plaza::storage_test
