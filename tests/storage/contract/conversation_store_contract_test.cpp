#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "store_contract.hpp"

namespace plaza::storage_test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ConversationStoreContract : public StoreContract {
 protected:
  NewComment MakeComment(std::int64_t post_id, std::int64_t author_id, const std::string& body,
                         std::int64_t parent_id = 0, const std::string& key = "") {
    clock_.Advance(std::chrono::seconds(1));
    NewComment c;
    c.post_id = post_id;
    c.parent_id = parent_id;
    c.author_id = author_id;
    c.body = body;
    c.lang = "en";
    c.idempotency_key = key;
    c.created_at = clock_.Now();
    return c;
  }

  Comment AddComment(std::int64_t post_id, std::int64_t author_id, const std::string& body,
                     std::int64_t parent_id = 0) {
    return Must(store().comments().Create(MakeComment(post_id, author_id, body, parent_id)))
        .comment;
  }

  static std::vector<std::int64_t> Ids(const std::vector<Comment>& items) {
    std::vector<std::int64_t> ids;
    for (const auto& c : items) ids.push_back(c.id);
    return ids;
  }
};

TEST_P(ConversationStoreContract, CreateCountsAndReadsBack) {
  User alice = AddUser("alice");
  Post post = AddPost(alice.id, "Post");
  auto write = Must(store().comments().Create(MakeComment(post.id, alice.id, "héllo 👋🏽")));
  EXPECT_TRUE(write.changed);
  EXPECT_EQ(write.post_comments, 1);
  EXPECT_EQ(write.comment.body, "héllo 👋🏽");
  EXPECT_EQ(write.comment.parent_id, 0);
  EXPECT_EQ(write.comment.thread_id, write.comment.id);
  EXPECT_EQ(write.comment.author_handle, "alice");
  EXPECT_EQ(write.comment.status, CommentStatus::kLive);
  EXPECT_EQ(Must(posts().Get(post.id)).counts.comments, 1);
  Comment got = Must(store().comments().Get(write.comment.id));
  EXPECT_EQ(got.created_at, write.comment.created_at);
  EXPECT_EQ(store().comments().Get(9999).error().code, Errc::kNotFound);
}

TEST_P(ConversationStoreContract, ReplyToReplyJoinsTheTopComment) {
  User alice = AddUser("alice");
  Post post = AddPost(alice.id, "Post");
  Comment top = AddComment(post.id, alice.id, "top");
  Comment reply = AddComment(post.id, alice.id, "reply", top.id);
  Comment deeper = AddComment(post.id, alice.id, "reply to reply", reply.id);
  EXPECT_EQ(reply.parent_id, top.id);
  EXPECT_EQ(deeper.parent_id, top.id);
  EXPECT_EQ(deeper.thread_id, top.id);
}

TEST_P(ConversationStoreContract, RefusesBadTargets) {
  User alice = AddUser("alice");
  Post post = AddPost(alice.id, "Post");
  Post other = AddPost(alice.id, "Other");
  Comment on_other = AddComment(other.id, alice.id, "elsewhere");
  auto missing_post = store().comments().Create(MakeComment(9999, alice.id, "x"));
  EXPECT_EQ(missing_post.error().code, Errc::kNotFound);
  EXPECT_EQ(missing_post.error().field, "post_id");
  auto wrong_parent = store().comments().Create(MakeComment(post.id, alice.id, "x", on_other.id));
  EXPECT_EQ(wrong_parent.error().code, Errc::kNotFound);
  EXPECT_EQ(wrong_parent.error().field, "parent_id");
  auto no_author = store().comments().Create(MakeComment(post.id, 9999, "x"));
  EXPECT_EQ(no_author.error().code, Errc::kNotFound);
  Must(store().comments().Delete(on_other.id, clock_.Now()));
  auto deleted_parent =
      store().comments().Create(MakeComment(other.id, alice.id, "x", on_other.id));
  EXPECT_EQ(deleted_parent.error().code, Errc::kGone);
  ASSERT_TRUE(posts().Delete(post.id, clock_.Now()));
  EXPECT_EQ(store().comments().Create(MakeComment(post.id, alice.id, "x")).error().code,
            Errc::kGone);
  EXPECT_EQ(store()
                .comments()
                .Create(MakeComment(post.id, alice.id, std::string("a\0b", 3)))
                .error()
                .code,
            Errc::kInvalidArgument);
}

TEST_P(ConversationStoreContract, IdempotencyKeyStoresOneComment) {
  User alice = AddUser("alice");
  User bob = AddUser("bob");
  Post post = AddPost(alice.id, "Post");
  auto first = Must(store().comments().Create(MakeComment(post.id, bob.id, "once", 0, "k1")));
  auto again = Must(store().comments().Create(MakeComment(post.id, bob.id, "once", 0, "k1")));
  EXPECT_TRUE(first.changed);
  EXPECT_FALSE(again.changed);
  EXPECT_EQ(again.comment.id, first.comment.id);
  EXPECT_EQ(again.post_comments, 1);
  auto other_body = store().comments().Create(MakeComment(post.id, bob.id, "twice", 0, "k1"));
  EXPECT_EQ(other_body.error().code, Errc::kConflict);
  // Keys belong to their author.
  EXPECT_TRUE(
      Must(store().comments().Create(MakeComment(post.id, alice.id, "once", 0, "k1"))).changed);
  EXPECT_EQ(Must(posts().Get(post.id)).counts.comments, 2);
}

TEST_P(ConversationStoreContract, ListsThreadsInOrderWithKeysetPages) {
  User alice = AddUser("alice");
  Post post = AddPost(alice.id, "Post");
  Comment a = AddComment(post.id, alice.id, "a");
  Comment b = AddComment(post.id, alice.id, "b");
  Comment a1 = AddComment(post.id, alice.id, "a1", a.id);
  Comment c = AddComment(post.id, alice.id, "c");
  Comment b1 = AddComment(post.id, alice.id, "b1", b.id);
  auto page1 = Must(store().comments().List(post.id, std::nullopt, 3));
  EXPECT_THAT(Ids(page1.items), ElementsAre(a.id, a1.id, b.id));
  ASSERT_TRUE(page1.next.has_value());
  auto page2 = Must(store().comments().List(post.id, page1.next, 3));
  EXPECT_THAT(Ids(page2.items), ElementsAre(b1.id, c.id));
  EXPECT_FALSE(page2.next.has_value());
  EXPECT_EQ(store().comments().List(post.id, std::nullopt, 0).error().code, Errc::kInvalidArgument);
}

TEST_P(ConversationStoreContract, PinnedThreadComesFirstOnce) {
  User alice = AddUser("alice");
  Post post = AddPost(alice.id, "Post");
  Comment a = AddComment(post.id, alice.id, "a");
  Comment b = AddComment(post.id, alice.id, "b");
  Comment b1 = AddComment(post.id, alice.id, "b1", b.id);
  Comment c = AddComment(post.id, alice.id, "c");
  EXPECT_TRUE(Must(store().comments().SetPinned(b.id, true, clock_.Now())).pinned);
  auto page1 = Must(store().comments().List(post.id, std::nullopt, 2));
  EXPECT_THAT(Ids(page1.items), ElementsAre(b.id, b1.id, a.id, c.id));
  EXPECT_FALSE(page1.next.has_value());
  // Pinning another unpins the first; a reply cannot be pinned.
  Must(store().comments().SetPinned(c.id, true, clock_.Now()));
  EXPECT_FALSE(Must(store().comments().Get(b.id)).pinned);
  EXPECT_EQ(store().comments().SetPinned(b1.id, true, clock_.Now()).error().code,
            Errc::kInvalidArgument);
  Must(store().comments().SetPinned(c.id, false, clock_.Now()));
  auto unpinned = Must(store().comments().List(post.id, std::nullopt, 10));
  EXPECT_THAT(Ids(unpinned.items), ElementsAre(a.id, b.id, b1.id, c.id));
}

TEST_P(ConversationStoreContract, DeleteKeepsRepliesAndCountsOnce) {
  User alice = AddUser("alice");
  Post post = AddPost(alice.id, "Post");
  Comment top = AddComment(post.id, alice.id, "top");
  Comment reply = AddComment(post.id, alice.id, "reply", top.id);
  Must(store().comments().SetPinned(top.id, true, clock_.Now()));
  auto deleted = Must(store().comments().Delete(top.id, clock_.Now()));
  EXPECT_TRUE(deleted.changed);
  EXPECT_EQ(deleted.post_comments, 1);
  EXPECT_EQ(deleted.comment.status, CommentStatus::kDeleted);
  EXPECT_FALSE(deleted.comment.pinned);
  auto again = Must(store().comments().Delete(top.id, clock_.Now()));
  EXPECT_FALSE(again.changed);
  EXPECT_EQ(again.post_comments, 1);
  auto page = Must(store().comments().List(post.id, std::nullopt, 10));
  EXPECT_THAT(Ids(page.items), ElementsAre(top.id, reply.id));
  EXPECT_EQ(store().comments().SetPinned(top.id, true, clock_.Now()).error().code, Errc::kGone);
}

TEST_P(ConversationStoreContract, LikingTwiceIsOneLike) {
  User alice = AddUser("alice");
  User bob = AddUser("bob");
  Post post = AddPost(alice.id, "Post");
  auto like = Must(store().likes().Like(LikeTarget::kPost, post.id, bob.id, clock_.Now()));
  EXPECT_TRUE(like.changed);
  EXPECT_EQ(like.likes, 1);
  EXPECT_EQ(like.owner_id, alice.id);
  EXPECT_EQ(like.post_id, post.id);
  auto twice = Must(store().likes().Like(LikeTarget::kPost, post.id, bob.id, clock_.Now()));
  EXPECT_FALSE(twice.changed);
  EXPECT_EQ(twice.likes, 1);
  EXPECT_EQ(Must(posts().Get(post.id)).counts.likes, 1);
  EXPECT_THAT(Must(store().likes().LikedAmong(LikeTarget::kPost, bob.id, {post.id, 9999})),
              ElementsAre(post.id));
  auto unlike = Must(store().likes().Unlike(LikeTarget::kPost, post.id, bob.id));
  EXPECT_TRUE(unlike.changed);
  EXPECT_EQ(unlike.likes, 0);
  EXPECT_FALSE(Must(store().likes().Unlike(LikeTarget::kPost, post.id, bob.id)).changed);
  EXPECT_THAT(Must(store().likes().LikedAmong(LikeTarget::kPost, bob.id, {post.id})), IsEmpty());
}

TEST_P(ConversationStoreContract, CommentLikesAndDeadTargets) {
  User alice = AddUser("alice");
  User bob = AddUser("bob");
  Post post = AddPost(alice.id, "Post");
  Comment c = AddComment(post.id, alice.id, "c");
  auto like = Must(store().likes().Like(LikeTarget::kComment, c.id, bob.id, clock_.Now()));
  EXPECT_EQ(like.likes, 1);
  EXPECT_EQ(like.post_id, post.id);
  EXPECT_EQ(Must(store().comments().Get(c.id)).likes, 1);
  // Likes on a post and on a comment with the same id are apart.
  EXPECT_THAT(Must(store().likes().LikedAmong(LikeTarget::kPost, bob.id, {c.id})), IsEmpty());
  EXPECT_EQ(store().likes().Like(LikeTarget::kComment, 9999, bob.id, 1).error().code,
            Errc::kNotFound);
  EXPECT_EQ(store().likes().Like(LikeTarget::kPost, post.id, 9999, 1).error().code,
            Errc::kNotFound);
  ASSERT_TRUE(posts().Delete(post.id, clock_.Now()));
  EXPECT_EQ(store().likes().Like(LikeTarget::kPost, post.id, bob.id, 1).error().code, Errc::kGone);
  EXPECT_EQ(store().likes().Like(LikeTarget::kComment, c.id, bob.id, 1).error().code, Errc::kGone);
}

// The post page keeps its rendered comments while the post's conversation version holds: every
// change to what they show must move it, on this post only.
TEST_P(ConversationStoreContract, ConversationVersionMovesWithWhatTheCommentsShow) {
  User alice = AddUser("alice");
  User bob = AddUser("bob");
  User carol = AddUser("carol");
  Post post = AddPost(alice.id, "Post");
  Post other = AddPost(alice.id, "Other");
  const auto version = [&](const Post& p) { return Must(posts().Get(p.id)).conversation_version; };
  std::int64_t last = version(post);
  const std::int64_t other_before = version(other);
  const auto moved = [&](const char* what) {
    const std::int64_t now = version(post);
    EXPECT_GT(now, last) << what;
    last = now;
  };
  Comment top = AddComment(post.id, bob.id, "top");
  moved("a comment");
  Comment reply = AddComment(post.id, bob.id, "reply", top.id);
  moved("a reply");
  Must(store().likes().Like(LikeTarget::kComment, reply.id, alice.id, clock_.Now()));
  moved("a like on a comment");
  Must(store().likes().Unlike(LikeTarget::kComment, reply.id, alice.id));
  moved("a like undone");
  Must(store().comments().SetPinned(top.id, true, clock_.Now()));
  moved("a pin");
  Must(users().UpdateProfile(bob.id, "Bob B.", ""));
  moved("a commenter's new display name");
  Translation translation;
  translation.key = {std::string(64, 'a'), "en", "fr", "apertium+apertium"};
  translation.text = "haut";
  translation.created_at = clock_.Now();
  translation.comment_post_id = post.id;
  Must(store().translations().Put(translation, std::nullopt));
  moved("a comment's translation stored");
  Must(store().comments().Delete(reply.id, clock_.Now()));
  moved("a deletion");
  // What the comments do not show leaves it alone.
  Must(store().likes().Like(LikeTarget::kPost, post.id, bob.id, clock_.Now()));
  Must(users().UpdateProfile(carol.id, "Carol C.", ""));
  translation.comment_post_id = 0;
  translation.key.target = "es";
  Must(store().translations().Put(translation, std::nullopt));
  EXPECT_EQ(version(post), last);
  EXPECT_EQ(version(other), other_before);
}

TEST_P(ConversationStoreContract, NotificationsPageAndUnread) {
  User alice = AddUser("alice");
  User bob = AddUser("bob");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(std::chrono::seconds(1));
    NewNotification n{alice.id, "comment", bob.id, 7, 8, "hi", "", clock_.Now()};
    auto write = Must(store().notifications().Add(n));
    ASSERT_TRUE(write.created.has_value());
    EXPECT_EQ(write.unread, i + 1);
    EXPECT_EQ(write.created->actor_handle, "bob");
    ids.push_back(write.created->id);
  }
  auto page = Must(store().notifications().List(alice.id, std::nullopt, 2));
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, ids[2]);
  ASSERT_TRUE(page.next_before_id.has_value());
  auto rest = Must(store().notifications().List(alice.id, page.next_before_id, 2));
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_EQ(rest.items[0].id, ids[0]);
  EXPECT_FALSE(rest.next_before_id.has_value());
  EXPECT_EQ(Must(store().notifications().MarkRead(alice.id, ids[1], clock_.Now())), 1);
  EXPECT_EQ(Must(store().notifications().UnreadCount(alice.id)), 1);
  EXPECT_TRUE(Must(store().notifications().List(alice.id, std::nullopt, 10)).items[2].read);
  EXPECT_EQ(Must(store().notifications().MarkRead(alice.id, std::nullopt, clock_.Now())), 0);
  EXPECT_EQ(Must(store().notifications().UnreadCount(bob.id)), 0);
}

TEST_P(ConversationStoreContract, UnreadCounterFollowsInsertsAndMarks) {
  User alice = AddUser("alice");
  User bob = AddUser("bob");
  User carol = AddUser("carol");
  NotificationStore& notes = store().notifications();
  // What the badge must show: the notifications List() reports unread, counted by hand.
  const auto real_unread = [&](const User& user) {
    std::int64_t n = 0;
    for (const Notification& item : Must(notes.List(user.id, std::nullopt, 100)).items) {
      n += item.read ? 0 : 1;
    }
    return n;
  };
  EXPECT_EQ(Must(notes.UnreadCount(alice.id)), 0);
  EXPECT_EQ(Must(notes.MarkRead(alice.id, std::nullopt, clock_.Now())), 0);  // none yet
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 6; ++i) {
    clock_.Advance(std::chrono::seconds(1));
    const std::string key = i % 3 == 2 ? "like:" + std::to_string(i / 3) : "";
    auto write = Must(notes.Add({alice.id, "like", bob.id, 1, 0, "", key, clock_.Now()}));
    ids.push_back(write.created->id);
    EXPECT_EQ(write.unread, i + 1);
  }
  // A repeated dedupe key counts nothing; another user's notifications are apart.
  EXPECT_EQ(Must(notes.Add({alice.id, "like", bob.id, 1, 0, "", "like:0", clock_.Now()})).unread,
            6);
  EXPECT_EQ(Must(notes.Add({carol.id, "follow", bob.id, 0, 0, "", "", clock_.Now()})).unread, 1);
  EXPECT_EQ(Must(notes.UnreadCount(alice.id)), 6);
  // Marking up to an id, then again over the same range: only rows not yet read count.
  EXPECT_EQ(Must(notes.MarkRead(alice.id, ids[2], clock_.Now())), 3);
  EXPECT_EQ(Must(notes.MarkRead(alice.id, ids[1], clock_.Now())), 3);
  EXPECT_EQ(Must(notes.UnreadCount(alice.id)), real_unread(alice));
  // New ones after a mark, then all read.
  Must(notes.Add({alice.id, "reply", carol.id, 1, 2, "hi", "", clock_.Now()}));
  EXPECT_EQ(Must(notes.UnreadCount(alice.id)), 4);
  EXPECT_EQ(Must(notes.UnreadCount(alice.id)), real_unread(alice));
  EXPECT_EQ(Must(notes.MarkRead(alice.id, std::nullopt, clock_.Now())), 0);
  EXPECT_EQ(Must(notes.UnreadCount(alice.id)), 0);
  EXPECT_EQ(real_unread(alice), 0);
  EXPECT_EQ(Must(notes.UnreadCount(carol.id)), 1);
  // A mix from several threads: the counter still equals the rows.
  std::vector<std::thread> threads;
  const Timestamp at = clock_.Now();
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        auto added = notes.Add({alice.id, "like", bob.id, 1, 0, "", "", at});
        EXPECT_TRUE(added);
        if (t % 2 == 1 && i % 4 == 3 && added && added->created) {
          EXPECT_TRUE(notes.MarkRead(alice.id, added->created->id, at));
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(Must(notes.UnreadCount(alice.id)), real_unread(alice));
  EXPECT_EQ(Must(notes.UnreadCount(carol.id)), real_unread(carol));
}

TEST_P(ConversationStoreContract, NotificationDedupeAndErrors) {
  User alice = AddUser("alice");
  User bob = AddUser("bob");
  NewNotification n{alice.id, "like", bob.id, 1, 0, "", "like:post:1:2", clock_.Now()};
  EXPECT_TRUE(Must(store().notifications().Add(n)).created.has_value());
  auto again = Must(store().notifications().Add(n));
  EXPECT_FALSE(again.created.has_value());
  EXPECT_EQ(again.unread, 1);
  n.kind = "";
  EXPECT_EQ(store().notifications().Add(n).error().code, Errc::kInvalidArgument);
  NewNotification nobody{9999, "like", bob.id, 0, 0, "", "", clock_.Now()};
  EXPECT_EQ(store().notifications().Add(nobody).error().code, Errc::kNotFound);
}

PLAZA_STORE_CONTRACT(ConversationStoreContract);

}  // namespace
}  // namespace plaza::storage_test
