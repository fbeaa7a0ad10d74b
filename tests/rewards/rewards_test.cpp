// The rewards service over a real SQLite store: the checks a tip goes through before the
// ledger (the ledger itself is in the storage contract suite, for every backend).

#include "rewards/rewards.hpp"

#include <gtest/gtest.h>

#include "scratch_database.hpp"

namespace plaza::rewards {
namespace {

using storage_test::Must;

class RewardsService : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Must(storage_test::ScratchDatabase::Sqlite());
    store_ = Must(db_->Open());
    Must(store_->Migrate());
    options_.fee_bps = 100;
    options_.assets.push_back({"USDT", 6, "0", ""});
    rewards_ = Must(Rewards::Create(*store_, options_, clock_));
    alice_ = AddUser("alice");
    bob_ = AddUser("bob");
    NewPost post;
    post.author_id = bob_.id;
    post.content.title = "Why $BTC";
    post.content.body_md = "Body";
    post.content.body_html = "<p>Body</p>";
    post.content.lang = "en";
    post.content.slug = "why-btc";
    post.created_at = clock_.Now();
    post_ = Must(store_->posts().Create(post));
  }

  User AddUser(const std::string& handle) {
    NewUser user;
    user.handle = handle;
    user.display_name = handle;
    user.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
    user.created_at = clock_.Now();
    return Must(store_->users().Create(user));
  }

  TipRequest Request(const std::string& amount, const std::string& key = "k") {
    TipRequest r;
    r.tipper_id = alice_.id;
    r.tipper_handle = alice_.handle;
    r.subject_kind = TipSubjectKind::kPost;
    r.subject_id = post_.id;
    r.asset = "PTS";
    r.amount = amount;
    r.idempotency_key = key;
    return r;
  }

  std::int64_t Balance(const User& user, const std::string& asset = "PTS") {
    for (const auto& b : Must(rewards_->Wallet(user.id))) {
      if (b.asset->code == asset) return b.amount;
    }
    return -1;
  }

  ManualClock clock_{1'800'000'000LL * kMicrosPerSecond};
  std::unique_ptr<storage_test::ScratchDatabase> db_;
  std::unique_ptr<Store> store_;
  RewardsOptions options_;
  std::unique_ptr<Rewards> rewards_;
  User alice_, bob_;
  Post post_;
};

TEST_F(RewardsService, WalletOpensWithTheWelcomeGrant) {
  EXPECT_EQ(Balance(alice_), 10'000);  // 100.00 PTS
  EXPECT_EQ(Balance(alice_, "USDT"), 0);
  EXPECT_EQ(Balance(alice_), 10'000);  // once
}

TEST_F(RewardsService, TipPaysTheAuthorLessTheFee) {
  Balance(alice_);
  const TipOutcome outcome = Must(rewards_->Tip(Request("10.00")));
  EXPECT_EQ(outcome.tip.amount, 1'000);
  EXPECT_EQ(outcome.tip.fee, 10);
  EXPECT_EQ(outcome.tip.author_handle, "bob");
  EXPECT_EQ(Balance(alice_), 9'000);
  EXPECT_EQ(Balance(bob_), 10'000 + 990);
  EXPECT_FALSE(Must(rewards_->Verify()).has_value());
}

TEST_F(RewardsService, FirstTipOpensTheTippersWalletWithItsWelcome) {
  // No wallet view before: the tip's own transaction gives the welcome grant first.
  EXPECT_TRUE(rewards_->Tip(Request("1.00")));
  EXPECT_EQ(Balance(alice_), 9'900);
}

TEST_F(RewardsService, TippingYourselfIsForbidden) {
  TipRequest r = Request("1.00");
  r.tipper_id = bob_.id;
  auto refused = rewards_->Tip(r);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kForbidden);
}

TEST_F(RewardsService, ShortBalanceIsAConflictOnAmount) {
  auto refused = rewards_->Tip(Request("100.01"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kConflict);
  EXPECT_EQ(refused.error().field, "amount");
  EXPECT_EQ(Balance(alice_), 10'000);
}

TEST_F(RewardsService, BadInputIsRefusedNamingTheField) {
  const auto field_of = [&](TipRequest r) {
    auto refused = rewards_->Tip(r);
    return refused ? std::string("accepted") : refused.error().field;
  };
  TipRequest unknown = Request("1");
  unknown.asset = "DOGE";
  EXPECT_EQ(field_of(unknown), "asset");
  EXPECT_EQ(field_of(Request("0.001")), "amount");
  EXPECT_EQ(field_of(Request("1", "")), "Idempotency-Key");
  EXPECT_EQ(field_of(Request("1", std::string(256, 'k'))), "Idempotency-Key");
  EXPECT_EQ(field_of(Request("1", "caf\xc3\xa9")), "Idempotency-Key");
  TipRequest long_message = Request("1");
  long_message.message = std::string(201, 'a');
  EXPECT_EQ(field_of(long_message), "message");
  TipRequest gone = Request("1");
  gone.subject_id = post_.id + 99;
  EXPECT_FALSE(rewards_->Tip(gone));
  TipRequest comment = Request("1");
  comment.subject_kind = TipSubjectKind::kComment;
  auto no_comments = rewards_->Tip(comment);
  ASSERT_FALSE(no_comments);
  EXPECT_EQ(no_comments.error().code, Errc::kNotFound);
  EXPECT_EQ(Balance(alice_), 10'000);
}

TEST_F(RewardsService, CommentTipsGoThroughTheSeam) {
  NewComment written;
  written.post_id = post_.id;
  written.author_id = bob_.id;
  written.body = "a comment";
  written.lang = "en";
  written.created_at = clock_.Now();
  const std::int64_t comment_id = Must(store_->comments().Create(written)).comment.id;
  RewardsSeams seams;
  seams.find_comment = [this, comment_id](std::int64_t id) -> Result<CommentTarget> {
    if (id != comment_id) return Fail(Errc::kNotFound, "comment not found");
    return CommentTarget{post_.id, bob_.id, "bob", "a comment"};
  };
  std::vector<std::int64_t> notified;
  seams.author_notification = [&](const NewTip& tip) {
    return std::optional<NewNotification>(NewNotification{
        tip.author_id, "tip", tip.tipper_id, tip.post_id, tip.subject_id, "", "", tip.created_at});
  };
  seams.notification_stored = [&](const plaza::Tip& tip, const NotificationWrite& write) {
    ASSERT_TRUE(write.created.has_value());
    EXPECT_EQ(write.created->comment_id, tip.subject_id);
    EXPECT_EQ(write.unread, 1);
    notified.push_back(tip.author_id);
  };
  auto rewards = Must(Rewards::Create(*store_, options_, clock_, seams));
  TipRequest r = Request("2.00");
  r.subject_kind = TipSubjectKind::kComment;
  r.subject_id = comment_id;
  const TipOutcome outcome = Must(rewards->Tip(r));
  EXPECT_EQ(outcome.subject_tips, 1);
  EXPECT_EQ(outcome.tip.post_id, post_.id);
  EXPECT_EQ(notified, std::vector<std::int64_t>{bob_.id});
  // A replay notifies nobody again.
  EXPECT_TRUE(Must(rewards->Tip(r)).replayed);
  EXPECT_EQ(notified.size(), 1u);
  EXPECT_EQ(Must(store_->notifications().UnreadCount(bob_.id)), 1);
  EXPECT_EQ(Must(store_->posts().Get(post_.id)).counts.tips, 0);  // the post's own count
  EXPECT_EQ(Must(store_->comments().Get(comment_id)).tips, 1);    // the comment's
}

TEST_F(RewardsService, GrantAndAdjustGoThroughTheSystemAccount) {
  Must(rewards_->Grant(LedgerTxKind::kGrant, "alice", "PTS", "5.00", "contest"));
  EXPECT_EQ(Balance(alice_), 10'500);
  Must(rewards_->Grant(LedgerTxKind::kAdjust, "alice", "PTS", "-0.50", "typo"));
  EXPECT_EQ(Balance(alice_), 10'450);
  auto too_much = rewards_->Grant(LedgerTxKind::kAdjust, "alice", "PTS", "-200", "oops");
  ASSERT_FALSE(too_much);
  EXPECT_EQ(too_much.error().code, Errc::kConflict);
  EXPECT_FALSE(rewards_->Grant(LedgerTxKind::kGrant, "alice", "PTS", "-1", "x"));
  EXPECT_FALSE(rewards_->Grant(LedgerTxKind::kGrant, "nobody", "PTS", "1", "x"));
  EXPECT_FALSE(Must(rewards_->Verify()).has_value());
}

TEST_F(RewardsService, PurgeKeepsKeysForTheConfiguredHours) {
  Must(rewards_->Tip(Request("1.00", "old")));
  clock_.Advance(std::chrono::hours(23));
  EXPECT_EQ(Must(rewards_->PurgeKeys()), 0);
  clock_.Advance(std::chrono::hours(2));
  EXPECT_EQ(Must(rewards_->PurgeKeys()), 1);
}

}  // namespace
}  // namespace plaza::rewards
