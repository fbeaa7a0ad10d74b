// SQLite-only behaviour: online backup, the connection pool's shape, concurrent writes sharing
// commits, and durability of acknowledged writes when the process is killed.

#include "storage/sqlite/sqlite_store.hpp"

#include <sqlite3.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "scratch_database.hpp"

namespace plaza::storage_test {
namespace {

using ::testing::ElementsAreArray;

class SqliteStore : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeScratchDatabase(kSqlite, db_);
    ASSERT_FALSE(HasFatalFailure());
    store_ = Must(db_->Open());
    Must(store_->Migrate());
  }

  User AddUser(Store& store, const std::string& handle) {
    return Must(store.users().Create(NewUser{handle, handle, "x", Role::kMember, 1}));
  }

  static NewPost MakePost(std::int64_t author_id, const std::string& title) {
    NewPost post;
    post.author_id = author_id;
    post.content.title = title;
    post.content.body_md = "body of " + title;
    post.content.body_html = "<p>body of " + title + "</p>";
    post.content.lang = "en";
    post.content.cashtags = {"BTC"};
    post.created_at = 1'700'000'000'000'000;
    return post;
  }

  static std::vector<std::int64_t> ListIds(Store& store) {
    std::vector<std::int64_t> ids;
    for (const auto& p : Must(store.posts().List(std::nullopt, 100, std::nullopt)).items) {
      ids.push_back(p.id);
    }
    return ids;
  }

  std::string Path(const std::string& name) const { return db_->dir() + "/" + name; }

  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteStore, BackupProducesAStoreWithTheSamePosts) {
  const User alice = AddUser(*store_, "alice");
  for (int i = 0; i < 3; ++i) Must(store_->posts().Create(MakePost(alice.id, std::to_string(i))));
  const auto live_ids = ListIds(*store_);

  Must(store_->Backup(Path("backup.db")));
  // The live store carries on after the backup.
  Must(store_->posts().Create(MakePost(alice.id, "after backup")));

  auto copy = Must(OpenSqliteStore(Path("backup.db"), {}));
  EXPECT_EQ(Must(copy->Migrate()), Must(store_->Migrate()));
  EXPECT_THAT(ListIds(*copy), ElementsAreArray(live_ids));
  const Post first = Must(copy->posts().Get(live_ids.back()));
  EXPECT_EQ(first.title, "0");
  EXPECT_EQ(first.cashtags, std::vector<std::string>{"BTC"});
  EXPECT_EQ(Must(copy->users().FindByHandle("alice")).id, alice.id);
  EXPECT_FALSE(std::filesystem::exists(Path("backup.db.partial")));
}

TEST_F(SqliteStore, BackupReplacesAnOlderBackup) {
  const User alice = AddUser(*store_, "alice");
  Must(store_->posts().Create(MakePost(alice.id, "one")));
  Must(store_->Backup(Path("backup.db")));
  Must(store_->posts().Create(MakePost(alice.id, "two")));
  Must(store_->Backup(Path("backup.db")));

  auto copy = Must(OpenSqliteStore(Path("backup.db"), {}));
  EXPECT_EQ(Must(copy->posts().Count()), 2);
}

TEST_F(SqliteStore, BackupRefusesTheLiveDatabase) {
  auto backup = store_->Backup(db_->location());
  ASSERT_FALSE(backup);
  EXPECT_EQ(backup.error().code, Errc::kInvalidArgument);
  EXPECT_TRUE(store_->Ping());
}

TEST_F(SqliteStore, BackupIntoMissingDirectoryFails) {
  auto backup = store_->Backup(Path("no/such/dir/backup.db"));
  ASSERT_FALSE(backup);
  EXPECT_EQ(backup.error().code, Errc::kInternal);
}

TEST_F(SqliteStore, PoolIsOneWriterPlusTheReaders) {
  StoreOptions options;
  options.pool_size = 3;
  auto store = Must(db_->Open(options));
  EXPECT_EQ(store->Pool().size, 4);
  EXPECT_EQ(store->Pool().in_use, 0);
}

TEST(SqliteStoreOpen, RefusesAnInMemoryDatabase) {
  auto store = OpenSqliteStore(":memory:", {});
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::kInvalidArgument);
}

TEST(SqliteStoreOpen, MissingDirectoryIsAnError) {
  auto store = OpenSqliteStore("/nonexistent-plaza-dir/plaza.db", {});
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::kInternal);
}

// Concurrent writes share transactions (group commit); each must still succeed or fail alone.
TEST_F(SqliteStore, ConcurrentWritesThatFailLeaveTheOthersCommitted) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 30;
  const User alice = AddUser(*store_, "alice");
  std::vector<int> created(kThreads, 0);
  std::vector<int> refused(kThreads, 0);
  std::vector<std::string> unexpected(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          // Every third post names an author that does not exist: its write fails inside
          // whatever batch it lands in.
          const bool orphan = i % 3 == 0;
          NewPost post = MakePost(orphan ? 424242 : alice.id, "p" + std::to_string(i));
          post.jobs = {{"summary", 5}};
          auto result = store_->posts().Create(post);
          if (result) {
            ++created[t];
          } else if (orphan && result.error().code == Errc::kNotFound) {
            ++refused[t];
          } else {
            unexpected[t] = Describe(result.error());
          }
          // Handles collide across threads: exactly one thread creates each.
          (void)store_->users().Create(
              NewUser{"u" + std::to_string(i), "U", "x", Role::kMember, 1});
        }
      });
    }
  }
  int total_created = 0;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(unexpected[t], "");
    EXPECT_EQ(refused[t], kPerThread / 3);
    total_created += created[t];
  }
  EXPECT_EQ(total_created, kThreads * (kPerThread - kPerThread / 3));

  store_.reset();
  auto reopened = Must(db_->Open());
  EXPECT_EQ(Must(reopened->posts().Count()), total_created);
  JobFilter filter;
  filter.limit = 1000;
  EXPECT_EQ(Must(reopened->jobs().List(filter)).size(), static_cast<std::size_t>(total_created));
  for (int i = 0; i < kPerThread; ++i) {
    EXPECT_TRUE(reopened->users().FindByHandle("u" + std::to_string(i))) << i;
  }
}

// Migration 0010 counts the unread notifications a database already holds (and adds the
// comments' tip counts).
TEST_F(SqliteStore, UnreadCounterMigrationCountsExistingNotifications) {
  const User alice = AddUser(*store_, "alice");
  const User bob = AddUser(*store_, "bob");
  std::int64_t second = 0;
  for (int i = 0; i < 3; ++i) {
    auto write = Must(store_->notifications().Add({alice.id, "like", bob.id, 1, 0, "", "", 1}));
    if (i == 1) second = write.created->id;
  }
  Must(store_->notifications().Add({bob.id, "follow", alice.id, 0, 0, "", "", 1}));
  Must(store_->notifications().MarkRead(alice.id, second, 2));
  store_.reset();
  // Back to the schema before 0010, the rows as they were.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db_->location().c_str(), &raw), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(raw,
                         // 0012 (the conversation version) goes too, and 0011 below.
                         "DROP TRIGGER comments_move_conversation_on_insert;"
                         "DROP TRIGGER comments_move_conversation_on_update;"
                         "DROP TRIGGER comments_move_conversation_on_delete;"
                         "DROP INDEX comments_by_author;"
                         "ALTER TABLE posts DROP COLUMN conversation_version;"
                         "DROP TABLE notification_unread;"
                         "ALTER TABLE comments DROP COLUMN tips;"
                         // 0011 (attached tokens) goes too: the store migrates from 0010 on.
                         "ALTER TABLE post_revisions DROP COLUMN attached_tokens;"
                         "DELETE FROM schema_migrations WHERE version >= 10;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto reopened = Must(db_->Open());
  EXPECT_GE(Must(reopened->Migrate()), 10);
  EXPECT_EQ(Must(reopened->notifications().UnreadCount(alice.id)), 1);
  EXPECT_EQ(Must(reopened->notifications().UnreadCount(bob.id)), 1);
  EXPECT_EQ(Must(reopened->notifications().MarkRead(alice.id, std::nullopt, 3)), 0);
}

// Reads exactly one id from `fd`; false at end of stream.
bool ReadId(int fd, std::int64_t& id) {
  char* out = reinterpret_cast<char*>(&id);
  std::size_t got = 0;
  while (got < sizeof id) {
    const ssize_t n = read(fd, out + got, sizeof id - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    got += static_cast<std::size_t>(n);
  }
  return true;
}

TEST_F(SqliteStore, AcknowledgedPostsSurviveKill9) {
  const User alice = AddUser(*store_, "alice");
  store_.reset();  // a connection must not cross fork()

  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The writer: acknowledge each post only after Create() returned it committed.
    close(pipe_fds[0]);
    auto store = OpenSqliteStore(db_->location(), {});
    if (!store) _exit(2);
    for (int i = 0;; ++i) {
      auto post = (*store)->posts().Create(MakePost(alice.id, "post " + std::to_string(i)));
      if (!post) _exit(3);
      const std::int64_t id = post->id;
      if (write(pipe_fds[1], &id, sizeof id) != static_cast<ssize_t>(sizeof id)) _exit(4);
    }
  }
  close(pipe_fds[1]);

  std::vector<std::int64_t> acknowledged;
  std::int64_t id = 0;
  while (acknowledged.size() < 40 && ReadId(pipe_fds[0], id)) acknowledged.push_back(id);
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the writer stopped on its own with status " << status;
  // Ids still in the pipe were acknowledged before the kill too.
  while (ReadId(pipe_fds[0], id)) acknowledged.push_back(id);
  close(pipe_fds[0]);
  ASSERT_GE(acknowledged.size(), 40u);

  auto reopened = Must(db_->Open());
  Must(reopened->Migrate());
  for (std::int64_t ack : acknowledged) {
    auto post = reopened->posts().Get(ack);
    EXPECT_TRUE(post) << "acknowledged post " << ack << " is missing";
  }
  EXPECT_GE(Must(reopened->posts().Count()), static_cast<std::int64_t>(acknowledged.size()));
  // The file is still writable after the crash.
  EXPECT_TRUE(reopened->posts().Create(MakePost(alice.id, "after the crash")));
}

}  // namespace
}  // namespace plaza::storage_test
