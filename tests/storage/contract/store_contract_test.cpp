#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "store_contract.hpp"

namespace plaza::storage_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class StoreLevelContract : public StoreContract {};

TEST_P(StoreLevelContract, RecordsEachMigrationWithItsName) {
  const auto rows = RawSql(*db_, "SELECT version, name FROM schema_migrations ORDER BY version");
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"1", "users, sessions, posts"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"2", "jobs, summaries"}));
}

// Upgrading a database from before the job queue: its live posts get the summary job every new
// revision gets with it, so none of them waits for a summary forever.
// What migrations 0005 and later add, undone (newest first), for the tests that take a store
// back to an older schema. Every new migration adds its undo here.
constexpr std::string_view kDropMigrationsAfterFour =
    // 0011 (tokens attached on the compose form)
    "ALTER TABLE post_revisions DROP COLUMN attached_tokens; "
    // 0010 (unread counters; comments.tips goes with comments below)
    "DROP TABLE notification_unread; "
    // 0009 (ledger)
    "DROP TABLE idempotency_keys; DROP TABLE tips; DROP TABLE ledger_entries; "
    "DROP TABLE ledger_tx; DROP TABLE ledger_accounts; "
    // 0008 (reposts, shares, pins, follows)
    "DROP TABLE follows; DROP TABLE pins; DROP TABLE shares; DROP TABLE reposts; "
    "ALTER TABLE posts DROP COLUMN quotes; "
    // 0007 (comments, likes, notifications)
    "DROP TABLE notifications; DROP TABLE likes; DROP TABLE comments; "
    // 0012 (the conversation version; its triggers and index went with comments)
    "ALTER TABLE posts DROP COLUMN conversation_version; "
    // 0006 (markets)
    "DROP TABLE assets; DROP TABLE tickers; DROP TABLE ticker_history; "
    "ALTER TABLE post_tokens DROP COLUMN price_at_post; "
    // 0005 (translations)
    "DROP TABLE translations; ";

TEST_P(StoreLevelContract, MigrationTwoQueuesSummariesOfExistingPosts) {
  const User alice = AddUser("alice");
  const Post live = Must(store().posts().Create(MakePost(alice.id, "live")));
  const Post gone = Must(store().posts().Create(MakePost(alice.id, "gone")));
  Must(store().posts().Delete(gone.id, 2));
  // Back to schema version 1, as a database made before the queue existed.
  // (0004 sessions: its columns and index go too.)
  RawSql(
      *db_,
      std::string(kDropMigrationsAfterFour) +
          "DROP INDEX sessions_by_public_id; ALTER TABLE sessions DROP COLUMN public_id; "
          "ALTER TABLE sessions DROP COLUMN last_seen_at; ALTER TABLE sessions DROP COLUMN device; "
          "ALTER TABLE sessions DROP COLUMN address; "
          "DROP TABLE recurring_jobs; DROP TABLE summaries; DROP TABLE jobs; "
          "DELETE FROM schema_migrations WHERE version >= 2;");

  auto reopened = Must(db_->Open());
  EXPECT_GE(Must(reopened->Migrate()), 2);
  const auto jobs = Must(reopened->jobs().List(JobFilter{}));
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].kind, "summary");
  EXPECT_EQ(jobs[0].dedupe_key, "post:" + std::to_string(live.id) + ":1");
  EXPECT_EQ(jobs[0].payload, jobs[0].dedupe_key);
  EXPECT_EQ(jobs[0].state, JobState::kQueued);
}

TEST_P(StoreLevelContract, MigrationFourGivesOlderSessionsAnIdAndALastSeen) {
  const User alice = AddUser("alice");
  for (const char* hash : {"older-1", "older-2"}) {
    SessionRecord session;
    session.token_hash = hash;
    session.id = hash;
    session.user_id = alice.id;
    session.csrf = "csrf";
    session.created_at = 1'000;
    session.expires_at = 2'000'000'000'000'000;
    Must(sessions().Create(session));
  }
  // Back to schema version 3, as a database made before sessions had these columns.
  RawSql(
      *db_,
      std::string(kDropMigrationsAfterFour) +
          "DROP INDEX sessions_by_public_id; ALTER TABLE sessions DROP COLUMN public_id; "
          "ALTER TABLE sessions DROP COLUMN last_seen_at; ALTER TABLE sessions DROP COLUMN device; "
          "ALTER TABLE sessions DROP COLUMN address; "
          "DELETE FROM schema_migrations WHERE version >= 4;");

  auto reopened = Must(db_->Open());
  EXPECT_GE(Must(reopened->Migrate()), 4);
  const SessionRecord one = Must(reopened->sessions().Find("older-1"));
  const SessionRecord two = Must(reopened->sessions().Find("older-2"));
  EXPECT_EQ(one.last_seen_at, 1'000);
  EXPECT_EQ(one.device, "");
  EXPECT_GE(one.id.size(), 16u);
  EXPECT_NE(one.id, two.id);
  EXPECT_EQ(one.id.find("older"), std::string::npos);
}

TEST_P(StoreLevelContract, BackendNameIsTheBackend) {
  EXPECT_EQ(store().BackendName(), GetParam());
}

TEST_P(StoreLevelContract, MigrateIsIdempotent) {
  const int first = Must(store().Migrate());  // SetUp migrated already
  const int second = Must(store().Migrate());
  EXPECT_GE(first, 1);
  EXPECT_EQ(second, first);
}

TEST_P(StoreLevelContract, TwoStoresMigratingAtOnceAgree) {
  // A fresh database, so the migrations really run concurrently.
  std::unique_ptr<ScratchDatabase> fresh;
  MakeScratchDatabase(GetParam(), fresh);
  ASSERT_FALSE(HasFatalFailure());
  auto a = Must(fresh->Open());
  auto b = Must(fresh->Open());
  Result<int> va = Fail(Errc::kInternal, "not run");
  Result<int> vb = Fail(Errc::kInternal, "not run");
  {
    std::jthread ta([&] { va = a->Migrate(); });
    std::jthread tb([&] { vb = b->Migrate(); });
  }
  ASSERT_TRUE(va) << Describe(va.error());
  ASSERT_TRUE(vb) << Describe(vb.error());
  EXPECT_EQ(*va, *vb);
  EXPECT_EQ(*va, Must(store().Migrate()));
  // Both see one schema: a user created through one is found through the other.
  NewUser user{"zed", "Zed", "x", Role::kMember, 1};
  const User created = Must(a->users().Create(user));
  EXPECT_EQ(Must(b->users().FindByHandle("zed")).id, created.id);
  a.reset();
  b.reset();
}

TEST_P(StoreLevelContract, PingAnswers) {
  auto ping = store().Ping();
  EXPECT_TRUE(ping) << Describe(ping.error());
}

TEST_P(StoreLevelContract, PoolReportsOpenConnectionsAndNoneInUseWhenIdle) {
  Must(store().Ping());
  const PoolStats stats = store().Pool();
  EXPECT_GE(stats.size, 1);
  EXPECT_EQ(stats.in_use, 0);
}

// Store::ReadTogether: the reads of a page share one connection (and on SQLite one snapshot).
TEST_P(StoreLevelContract, ReadTogetherSharesOneConnectionAndPassesResultsThrough) {
  const User alice = AddUser("alice");
  std::vector<int> in_use;
  auto found = store().ReadTogether([&]() -> Result<std::string> {
    for (int i = 0; i < 3; ++i) {
      auto user = store().users().FindById(alice.id);
      if (!user) return std::unexpected(user.error());
      in_use.push_back(store().Pool().in_use);
    }
    // A nested call joins the outer one.
    auto nested = store().ReadTogether([&] { return store().users().FindByHandle("alice"); });
    if (!nested) return std::unexpected(nested.error());
    in_use.push_back(store().Pool().in_use);
    return nested->handle;
  });
  ASSERT_TRUE(found) << Describe(found.error());
  EXPECT_EQ(*found, "alice");
  EXPECT_EQ(in_use, (std::vector<int>{1, 1, 1, 1}));
  EXPECT_EQ(store().Pool().in_use, 0);

  auto missing = store().ReadTogether([&] { return store().users().FindByHandle("nobody"); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
  EXPECT_EQ(store().Pool().in_use, 0);
}

TEST_P(StoreLevelContract, ReadTogetherReadsOneSnapshotOnSqlite) {
  const User alice = AddUser("alice");
  const Post first = AddPost(alice.id, "first");
  std::int64_t second_id = 0;
  auto seen = store().ReadTogether([&]() -> Result<std::pair<bool, bool>> {
    auto before = store().posts().Get(first.id);
    if (!before) return std::unexpected(before.error());
    // Written on another thread while the read is open.
    std::thread([&] { second_id = AddPost(alice.id, "second").id; }).join();
    auto after = store().posts().Get(second_id);
    if (!after && after.error().code != Errc::kNotFound) return std::unexpected(after.error());
    return std::pair{true, after.has_value()};
  });
  ASSERT_TRUE(seen) << Describe(seen.error());
  if (store().BackendName() == "sqlite") {
    EXPECT_FALSE(seen->second) << "a post written after the read began is not in its snapshot";
  } else {
    EXPECT_TRUE(seen->second) << "PostgreSQL shares the connection, each statement its own";
  }
  EXPECT_TRUE(store().posts().Get(second_id)) << "after the read, the write is there";
}

TEST_P(StoreLevelContract, ConcurrentWritersAllPersist) {
  const User alice = AddUser("alice");
  constexpr int kThreads = 4;
  constexpr int kPostsEach = 50;
  std::vector<std::vector<std::int64_t>> ids(kThreads);
  std::vector<std::string> failures(kThreads);
  {
    std::vector<std::jthread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPostsEach; ++i) {
          NewPost post = MakePost(alice.id, "t" + std::to_string(t) + "-" + std::to_string(i));
          auto created = posts().Create(post);
          if (!created) {
            failures[t] = Describe(created.error());
            return;
          }
          ids[t].push_back(created->id);
          // Readers run alongside the writers.
          if (i % 10 == 0 && !posts().List(std::nullopt, 20, std::nullopt)) {
            failures[t] = "List failed";
            return;
          }
        }
      });
    }
  }
  for (const auto& f : failures) EXPECT_EQ(f, "");
  std::set<std::int64_t> distinct;
  for (const auto& per_thread : ids) distinct.insert(per_thread.begin(), per_thread.end());
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kThreads * kPostsEach));
  EXPECT_EQ(Must(posts().Count()), kThreads * kPostsEach);
  for (std::int64_t id : distinct) {
    if (!posts().Get(id)) ADD_FAILURE() << "post " << id << " was acknowledged but is missing";
  }
  EXPECT_EQ(store().Pool().in_use, 0);
}

TEST_P(StoreLevelContract, ArbitraryTextIsStoredVerbatim) {
  const std::vector<std::string> samples = {
      "'; DROP TABLE posts; --",
      "Robert'); DROP TABLE users;--",
      "\"double\" 'single' `back` \\backslash\\ %percent% _under_ $1 ? :name @p",
      "emoji 🚀🌕 family 👨‍👩‍👧‍👦 flag 🇫🇷",
      "עברית ومرحبا بالعالم RTL \u200f mixed",
      "中文 繁體 日本語 한국어 Tiếng Việt",
      "line\nbreak\ttab\r\nwindows",
      "{\"a\",b} {NULL} NULL null",
      "e\xcc\x81 combining, \xef\xbb\xbf BOM, \xf4\x8f\xbf\xbf last code point",
  };
  const User alice = AddUser("alice");
  for (const auto& text : samples) {
    SCOPED_TRACE(text);
    NewPost post = MakePost(alice.id, text, {text, "BTC"});
    post.content.body_md = text + text;
    post.content.body_html = "<p>" + text + "</p>";
    post.content.slug = text;
    post.content.lang = text;
    const Post created = Must(posts().Create(post));
    const Post got = Must(posts().Get(created.id));
    EXPECT_EQ(got.title, text);
    EXPECT_EQ(got.body_md, text + text);
    EXPECT_EQ(got.body_html, "<p>" + text + "</p>");
    EXPECT_EQ(got.slug, text);
    EXPECT_EQ(got.lang, text);
    EXPECT_EQ(got.cashtags, (std::vector<std::string>{text, "BTC"}));

    Must(users().UpdateProfile(alice.id, text, text + "!"));
    const User found = Must(users().FindById(alice.id));
    EXPECT_EQ(found.display_name, text);
    EXPECT_EQ(found.bio, text + "!");

    SessionRecord session;
    session.token_hash = text;
    session.id = text;
    session.user_id = alice.id;
    session.csrf = text;
    session.created_at = 1;
    session.expires_at = 2;
    session.device = text;
    session.address = text;
    Must(sessions().Create(session));
    EXPECT_EQ(Must(sessions().Find(text)).csrf, text);
    EXPECT_EQ(Must(sessions().Find(text)).device, text);
  }
  EXPECT_EQ(Must(posts().Count()), static_cast<std::int64_t>(samples.size()));
  EXPECT_EQ(Must(users().FindByHandle("alice")).id, alice.id);
}

TEST_P(StoreLevelContract, HandleWithSqlMetacharactersRoundTrips) {
  const User odd = AddUser("o'neil\"; --");
  EXPECT_EQ(Must(users().FindByHandle("o'neil\"; --")).id, odd.id);
  auto wildcard = users().FindByHandle("o%");
  ASSERT_FALSE(wildcard);
  EXPECT_EQ(wildcard.error().code, Errc::kNotFound);
}

TEST_P(StoreLevelContract, FailuresDoNotLeakSql) {
  // An unmigrated database makes every statement fail inside the driver.
  std::unique_ptr<ScratchDatabase> fresh;
  MakeScratchDatabase(GetParam(), fresh);
  ASSERT_FALSE(HasFatalFailure());
  auto unmigrated = Must(fresh->Open());
  auto got = unmigrated->posts().Get(1);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, Errc::kInternal);
  EXPECT_THAT(got.error().message, Not(HasSubstr("SELECT")));
  EXPECT_THAT(got.error().message, Not(HasSubstr("posts")));
  unmigrated.reset();
}

TEST_P(StoreLevelContract, DataOutlivesTheStore) {
  const User alice = AddUser("alice");
  const Post post = AddPost(alice.id, "Persistent", {"BTC"});
  store_.reset();
  auto reopened = Must(db_->Open());
  EXPECT_EQ(Must(reopened->Migrate()), Must(reopened->Migrate()));
  const Post got = Must(reopened->posts().Get(post.id));
  EXPECT_EQ(got.title, "Persistent");
  EXPECT_EQ(got.cashtags, std::vector<std::string>{"BTC"});
}

PLAZA_STORE_CONTRACT(StoreLevelContract);

}  // namespace
}  // namespace plaza::storage_test
