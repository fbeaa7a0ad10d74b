#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <thread>

#include "store_contract.hpp"

namespace plaza::storage_test {
namespace {

constexpr AccountRef kSystem{AccountKind::kSystem, 0};

class LedgerStoreContract : public StoreContract {
 protected:
  LedgerStore& ledger() { return store().ledger(); }

  PostedTx Grant(std::int64_t user_id, std::int64_t amount, const std::string& asset = "PTS") {
    LedgerPosting posting;
    posting.kind = LedgerTxKind::kGrant;
    posting.asset = asset;
    posting.legs = {{kSystem, -amount}, {{AccountKind::kUser, user_id}, amount}};
    posting.memo = "test grant";
    posting.created_at = clock_.Now();
    return Must(ledger().Post(posting));
  }

  std::int64_t BalanceOf(std::int64_t user_id, const std::string& asset = "PTS") {
    for (const auto& b : Must(ledger().Balances(user_id))) {
      if (b.asset == asset) return b.amount;
    }
    return 0;
  }

  NewTip MakeTip(const User& tipper, const Post& post, std::int64_t amount,
                 const std::string& key = "") {
    NewTip tip;
    tip.subject_kind = TipSubjectKind::kPost;
    tip.subject_id = post.id;
    tip.post_id = post.id;
    tip.tipper_id = tipper.id;
    tip.author_id = post.author_id;
    tip.asset = "PTS";
    tip.amount = amount;
    tip.idempotency_key = key;
    tip.request = "post:" + std::to_string(post.id) + "|PTS|" + std::to_string(amount) + "|";
    tip.created_at = clock_.Now();
    return tip;
  }

  void ExpectVerified() {
    const auto mismatch = Must(ledger().Verify());
    EXPECT_FALSE(mismatch.has_value()) << *mismatch;
  }
};

TEST_P(LedgerStoreContract, GrantCreditsTheUserAndDebitsTheSystem) {
  const User alice = AddUser("alice");
  const PostedTx tx = Grant(alice.id, 1'250);
  EXPECT_GT(tx.id, 0);
  EXPECT_EQ(BalanceOf(alice.id), 1'250);
  ExpectVerified();
}

TEST_P(LedgerStoreContract, RefusesPostingsThatDoNotSumToZero) {
  const User alice = AddUser("alice");
  LedgerPosting posting;
  posting.kind = LedgerTxKind::kGrant;
  posting.asset = "PTS";
  posting.legs = {{kSystem, -100}, {{AccountKind::kUser, alice.id}, 101}};
  auto posted = ledger().Post(posting);
  ASSERT_FALSE(posted);
  EXPECT_EQ(posted.error().code, Errc::kInvalidArgument);
  posting.legs = {{{AccountKind::kUser, alice.id}, 100}};
  EXPECT_FALSE(ledger().Post(posting));
  EXPECT_EQ(BalanceOf(alice.id), 0);
}

TEST_P(LedgerStoreContract, RefusesAnOverdraftAndMovesNothing) {
  const User alice = AddUser("alice");
  Grant(alice.id, 100);
  LedgerPosting posting;
  posting.kind = LedgerTxKind::kAdjust;
  posting.asset = "PTS";
  posting.legs = {{kSystem, 101}, {{AccountKind::kUser, alice.id}, -101}};
  auto posted = ledger().Post(posting);
  ASSERT_FALSE(posted);
  EXPECT_EQ(posted.error().code, Errc::kConflict);
  EXPECT_EQ(posted.error().field, "amount");
  EXPECT_EQ(BalanceOf(alice.id), 100);
  ExpectVerified();
}

TEST_P(LedgerStoreContract, RefusesABalanceThatWouldOverflow) {
  const User alice = AddUser("alice");
  Grant(alice.id, std::numeric_limits<std::int64_t>::max() - 5);
  LedgerPosting posting;
  posting.kind = LedgerTxKind::kGrant;
  posting.asset = "PTS";
  posting.legs = {{kSystem, -6}, {{AccountKind::kUser, alice.id}, 6}};
  auto posted = ledger().Post(posting);
  ASSERT_FALSE(posted);
  EXPECT_EQ(posted.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(BalanceOf(alice.id), std::numeric_limits<std::int64_t>::max() - 5);
}

TEST_P(LedgerStoreContract, OpenWalletGivesTheWelcomeGrantOnce) {
  const User alice = AddUser("alice");
  const std::vector<AssetAmount> welcome = {{"PTS", 10'000}, {"USDT", 0}};
  auto first = Must(ledger().OpenWallet(alice.id, welcome, clock_.Now()));
  auto second = Must(ledger().OpenWallet(alice.id, welcome, clock_.Now()));
  EXPECT_EQ(BalanceOf(alice.id), 10'000);
  EXPECT_EQ(BalanceOf(alice.id, "USDT"), 0);
  EXPECT_EQ(second.size(), 2u);
  const auto history = Must(ledger().History(alice.id, std::nullopt, 10));
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].kind, LedgerTxKind::kWelcome);
  ExpectVerified();
}

TEST_P(LedgerStoreContract, TipMovesValueWithTheFeeAndCountsIt) {
  const User bob = AddUser("bob");
  const User alice = AddUser("alice");
  const Post post = AddPost(bob.id, "Why $BTC");
  Grant(alice.id, 1'000);
  NewTip tip = MakeTip(alice, post, 300, "k1");
  tip.fee = 3;
  tip.message = "merci";
  const TipOutcome outcome = Must(ledger().PostTip(tip));
  EXPECT_FALSE(outcome.replayed);
  EXPECT_EQ(outcome.subject_tips, 1);
  EXPECT_EQ(outcome.tipper_balance, 700);
  EXPECT_EQ(outcome.author_balance, 297);
  EXPECT_EQ(BalanceOf(alice.id), 700);
  EXPECT_EQ(BalanceOf(bob.id), 297);
  EXPECT_EQ(Must(posts().Get(post.id)).counts.tips, 1);
  const auto tips = Must(ledger().TipsOf(TipSubjectKind::kPost, post.id, 10));
  ASSERT_EQ(tips.size(), 1u);
  EXPECT_EQ(tips[0].tipper_handle, "alice");
  EXPECT_EQ(tips[0].author_handle, "bob");
  EXPECT_EQ(tips[0].message, "merci");
  EXPECT_EQ(tips[0].fee, 3);
  ExpectVerified();
}

TEST_P(LedgerStoreContract, TipWithTooLittleIsAConflictOnAmount) {
  const User bob = AddUser("bob");
  const User alice = AddUser("alice");
  const Post post = AddPost(bob.id, "Why $BTC");
  Grant(alice.id, 100);
  auto refused = ledger().PostTip(MakeTip(alice, post, 101, "k"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kConflict);
  EXPECT_EQ(refused.error().field, "amount");
  EXPECT_EQ(BalanceOf(alice.id), 100);
  EXPECT_EQ(Must(posts().Get(post.id)).counts.tips, 0);
  // The key was not spent on a refused tip.
  EXPECT_TRUE(ledger().PostTip(MakeTip(alice, post, 100, "k")));
  ExpectVerified();
}

TEST_P(LedgerStoreContract, ReusedKeyReplaysTheFirstTipOrConflicts) {
  const User bob = AddUser("bob");
  const User alice = AddUser("alice");
  const Post post = AddPost(bob.id, "Why $BTC");
  Grant(alice.id, 1'000);
  const TipOutcome first = Must(ledger().PostTip(MakeTip(alice, post, 100, "same")));
  const TipOutcome again = Must(ledger().PostTip(MakeTip(alice, post, 100, "same")));
  EXPECT_TRUE(again.replayed);
  EXPECT_EQ(again.tip.id, first.tip.id);
  EXPECT_EQ(again.tip.tipper_handle, "alice");
  EXPECT_EQ(BalanceOf(alice.id), 900);
  auto other = ledger().PostTip(MakeTip(alice, post, 200, "same"));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, Errc::kConflict);
  EXPECT_EQ(other.error().field, "Idempotency-Key");
  EXPECT_EQ(BalanceOf(alice.id), 900);
}

TEST_P(LedgerStoreContract, TipOnADeletedPostIsGone) {
  const User bob = AddUser("bob");
  const User alice = AddUser("alice");
  const Post post = AddPost(bob.id, "Why $BTC");
  Grant(alice.id, 1'000);
  Must(posts().Delete(post.id, clock_.Now()));
  auto refused = ledger().PostTip(MakeTip(alice, post, 100));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kGone);
  Post missing = post;
  missing.id = post.id + 1000;
  refused = ledger().PostTip(MakeTip(alice, missing, 100));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kNotFound);
  EXPECT_EQ(BalanceOf(alice.id), 1'000);
}

NewNotification TipNotification(const NewTip& tip) {
  return NewNotification{tip.author_id, "tip",         tip.tipper_id, tip.post_id, 0,
                         tip.message,   /*dedupe*/ "", tip.created_at};
}

TEST_P(LedgerStoreContract, TipStoresTheAuthorsNotificationInItsTransaction) {
  const User bob = AddUser("bob");
  const User alice = AddUser("alice");
  const Post post = AddPost(bob.id, "Why $BTC");
  Grant(alice.id, 1'000);
  NewTip tip = MakeTip(alice, post, 100, "n1");
  tip.message = "merci";
  tip.notification = TipNotification(tip);
  const TipOutcome outcome = Must(ledger().PostTip(tip));
  ASSERT_TRUE(outcome.notification.has_value());
  ASSERT_TRUE(outcome.notification->created.has_value());
  EXPECT_EQ(outcome.notification->created->kind, "tip");
  EXPECT_EQ(outcome.notification->created->actor_handle, "alice");
  EXPECT_EQ(outcome.notification->created->text, "merci");
  EXPECT_EQ(outcome.notification->unread, 1);
  EXPECT_EQ(Must(store().notifications().UnreadCount(bob.id)), 1);
  // A replay stores no second notification.
  const TipOutcome again = Must(ledger().PostTip(tip));
  EXPECT_TRUE(again.replayed);
  EXPECT_FALSE(again.notification.has_value());
  EXPECT_EQ(Must(store().notifications().List(bob.id, std::nullopt, 10)).items.size(), 1u);
  EXPECT_EQ(Must(store().notifications().UnreadCount(bob.id)), 1);
}

TEST_P(LedgerStoreContract, ATipWhoseNotificationCannotBeStoredIsNotMade) {
  const User bob = AddUser("bob");
  const User alice = AddUser("alice");
  const Post post = AddPost(bob.id, "Why $BTC");
  Grant(alice.id, 1'000);
  NewTip tip = MakeTip(alice, post, 100, "n2");
  tip.notification = TipNotification(tip);
  tip.notification->user_id = bob.id + alice.id + 1000;  // no such user: the insert fails
  auto refused = ledger().PostTip(tip);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kNotFound);
  tip.notification = TipNotification(tip);
  tip.notification->kind = "";  // refused before anything is written
  refused = ledger().PostTip(tip);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kInvalidArgument);
  // Nothing of either tip is kept: no value moved, no count, no tip, the key unspent.
  EXPECT_EQ(BalanceOf(alice.id), 1'000);
  EXPECT_EQ(BalanceOf(bob.id), 0);
  EXPECT_EQ(Must(posts().Get(post.id)).counts.tips, 0);
  EXPECT_TRUE(Must(ledger().TipsOf(TipSubjectKind::kPost, post.id, 10)).empty());
  EXPECT_EQ(Must(store().notifications().UnreadCount(bob.id)), 0);
  ExpectVerified();
  tip.notification = TipNotification(tip);
  const TipOutcome made = Must(ledger().PostTip(tip));
  EXPECT_FALSE(made.replayed);
  EXPECT_EQ(BalanceOf(alice.id), 900);
}

TEST_P(LedgerStoreContract, VerifyFindsABalanceThatDisagreesWithItsEntries) {
  const User alice = AddUser("alice");
  Grant(alice.id, 500);
  ExpectVerified();
  RawSql(*db_, "UPDATE ledger_accounts SET balance = balance + 1 WHERE kind = 'user'");
  const auto mismatch = Must(ledger().Verify());
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_THAT(*mismatch, ::testing::HasSubstr("balance 501"));
}

TEST_P(LedgerStoreContract, VerifyFindsATransactionThatDoesNotSumToZero) {
  const User alice = AddUser("alice");
  const PostedTx tx = Grant(alice.id, 500);
  RawSql(*db_,
         "UPDATE ledger_entries SET amount = 499 WHERE amount = 500; UPDATE "
         "ledger_accounts SET balance = 499 WHERE kind = 'user'");
  const auto mismatch = Must(ledger().Verify());
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_THAT(*mismatch, ::testing::HasSubstr("transaction " + std::to_string(tx.id)));
}

TEST_P(LedgerStoreContract, PurgeDeletesOnlyOldKeys) {
  const User bob = AddUser("bob");
  const User alice = AddUser("alice");
  const Post post = AddPost(bob.id, "Why $BTC");
  Grant(alice.id, 1'000);
  Must(ledger().PostTip(MakeTip(alice, post, 100, "old")));
  clock_.Advance(std::chrono::hours(25));
  const Timestamp cut = clock_.Now() - 24LL * 3'600 * kMicrosPerSecond;
  Must(ledger().PostTip(MakeTip(alice, post, 100, "new")));
  EXPECT_EQ(Must(ledger().PurgeIdempotencyKeys(cut)), 1);
  // The purged key is free again: a new tip, not a replay.
  EXPECT_FALSE(Must(ledger().PostTip(MakeTip(alice, post, 100, "old"))).replayed);
  EXPECT_TRUE(Must(ledger().PostTip(MakeTip(alice, post, 100, "new"))).replayed);
}

// 500 tips at once from a wallet holding exactly enough for 100: exactly 100 go through, the
// rest are refused as a short balance, the balance ends at zero and the ledger verifies.
TEST_P(LedgerStoreContract, ConcurrentTipsNeverOverdraw) {
  const User bob = AddUser("bob");
  const User alice = AddUser("alice");
  const Post post = AddPost(bob.id, "Why $BTC");
  Grant(alice.id, 100 * 7);
  constexpr int kThreads = 20;
  constexpr int kPerThread = 25;
  std::atomic<int> made{0};
  std::atomic<int> short_balance{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto outcome = ledger().PostTip(
            MakeTip(alice, post, 7, "t" + std::to_string(t) + "-" + std::to_string(i)));
        if (outcome) {
          ++made;
        } else if (outcome.error().code == Errc::kConflict && outcome.error().field == "amount") {
          ++short_balance;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(made.load(), 100);
  EXPECT_EQ(short_balance.load(), 400);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(BalanceOf(alice.id), 0);
  EXPECT_EQ(BalanceOf(bob.id), 700);
  EXPECT_EQ(Must(posts().Get(post.id)).counts.tips, 100);
  ExpectVerified();
}

// The same request sent 50 times at once with one key: one transfer, 50 answers naming it.
TEST_P(LedgerStoreContract, ConcurrentRetriesWithOneKeyMoveValueOnce) {
  const User bob = AddUser("bob");
  const User alice = AddUser("alice");
  const Post post = AddPost(bob.id, "Why $BTC");
  Grant(alice.id, 1'000);
  constexpr int kRetries = 50;
  std::vector<std::int64_t> ids(kRetries, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRetries; ++i) {
    threads.emplace_back([&, i] {
      auto outcome = ledger().PostTip(MakeTip(alice, post, 10, "once"));
      ids[i] = outcome ? outcome->tip.id : -1;
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < kRetries; ++i) EXPECT_EQ(ids[i], ids[0]) << "request " << i;
  EXPECT_GT(ids[0], 0);
  EXPECT_EQ(BalanceOf(alice.id), 990);
  EXPECT_EQ(Must(ledger().TipsOf(TipSubjectKind::kPost, post.id, 100)).size(), 1u);
  ExpectVerified();
}

PLAZA_STORE_CONTRACT(LedgerStoreContract);

}  // namespace
}  // namespace plaza::storage_test
