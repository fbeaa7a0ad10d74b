#include "storage/sqlite/sqlite_store.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

#include "storage/migration.hpp"
#include "storage/sqlite/conversation_stores.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/job_store.hpp"
#include "storage/sqlite/ledger_store.hpp"
#include "storage/sqlite/market_store.hpp"
#include "storage/sqlite/post_store.hpp"
#include "storage/sqlite/session_store.hpp"
#include "storage/sqlite/social_store.hpp"
#include "storage/sqlite/summary_store.hpp"
#include "storage/sqlite/translation_store.hpp"
#include "storage/sqlite/user_store.hpp"

// The SQLite Store: the five aggregate stores over one Database, plus what operations need
// (migrations, ping, online backup, pool statistics). Queries live in sql/, migrations in
// migrations/ (see docs/storage.md).
namespace plaza::sqlite {

namespace {

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Database> db)
      : db_(std::move(db)),
        users_(*db_),
        sessions_(*db_),
        posts_(*db_),
        jobs_(*db_),
        summaries_(*db_),
        translations_(*db_),
        markets_(*db_),
        comments_(*db_),
        likes_(*db_),
        notifications_(*db_),
        social_(*db_),
        ledger_(*db_) {}

  UserStore& users() override { return users_; }
  SessionStore& sessions() override { return sessions_; }
  PostStore& posts() override { return posts_; }
  JobStore& jobs() override { return jobs_; }
  SummaryStore& summaries() override { return summaries_; }
  TranslationStore& translations() override { return translations_; }
  MarketStore& markets() override { return markets_; }
  CommentStore& comments() override { return comments_; }
  LikeStore& likes() override { return likes_; }
  NotificationStore& notifications() override { return notifications_; }
  SocialStore& social() override { return social_; }
  LedgerStore& ledger() override { return ledger_; }
  std::string BackendName() const override { return "sqlite"; }

  Result<int> Migrate() override {
    return db_->Write([](Connection& conn) -> Result<int> {
      if (auto s = conn.Exec(Query("store/create_migrations_table")); !s) {
        return std::unexpected(s.error());
      }
      int version = 0;
      {
        auto stmt = conn.Prepare(Query("store/schema_version"));
        if (!stmt) return std::unexpected(stmt.error());
        auto row = stmt->Step();
        if (!row) return std::unexpected(row.error());
        version = *row ? static_cast<int>(stmt->Int(0)) : 0;
      }
      static const auto migrations = storage::EmbeddedMigrations("sqlite");
      if (!migrations) return std::unexpected(migrations.error());
      auto pending = storage::PendingMigrations(*migrations, version);
      if (!pending) return std::unexpected(pending.error());
      for (const storage::Migration* migration : *pending) {
        if (auto s = conn.Exec(migration->sql); !s) return std::unexpected(s.error());
        auto stmt = conn.Prepare(Query("store/record_migration"));
        if (!stmt) return std::unexpected(stmt.error());
        stmt->Bind(migration->version).Bind(migration->name);
        if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
        version = migration->version;
      }
      return version;
    });
  }

  Status Ping() override {
    return db_->Read([](Connection& conn) -> Status {
      auto stmt = conn.Prepare(Query("store/ping"));
      if (!stmt) return std::unexpected(stmt.error());
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      return {};
    });
  }

  Status Backup(const std::string& to_path) override {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (to_path.empty()) return Fail(Errc::kInvalidArgument, "backup path is empty", "path");
    if (fs::exists(to_path, ec) && fs::equivalent(to_path, db_->path(), ec)) {
      return Fail(Errc::kInvalidArgument, "backup path is the live database", "path");
    }
    // Copy into a side file and rename it into place, so `to_path` is either the previous file
    // or a complete backup, never half of one.
    const std::string partial = to_path + ".partial";
    fs::remove(partial, ec);
    auto copied = db_->WithReader([&](Connection& source) -> Status {
      sqlite3* dest = nullptr;
      int rc = sqlite3_open_v2(partial.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                               nullptr);
      if (rc == SQLITE_OK) {
        sqlite3_backup* backup = sqlite3_backup_init(dest, "main", source.handle(), "main");
        if (backup == nullptr) {
          rc = sqlite3_extended_errcode(dest);
        } else {
          // One step copies every page under a single read transaction: a consistent snapshot,
          // while WAL lets the writer carry on.
          rc = sqlite3_backup_step(backup, -1);
          const int finish_rc = sqlite3_backup_finish(backup);
          rc = rc == SQLITE_DONE ? finish_rc : rc;
        }
      }
      sqlite3_close_v2(dest);
      if (rc != SQLITE_OK) return std::unexpected(ErrorFromCode(rc));
      return {};
    });
    if (!copied) {
      fs::remove(partial, ec);
      return copied;
    }
    fs::rename(partial, to_path, ec);
    if (ec) {
      fs::remove(partial, ec);
      return Fail(Errc::kInternal, "could not move the backup into place", "path");
    }
    return {};
  }

  PoolStats Pool() const override { return db_->Stats(); }

 protected:
  Status RunReadTogether(const std::function<Status()>& f) override { return db_->ReadTogether(f); }

 private:
  std::unique_ptr<Database> db_;
  SqliteUserStore users_;
  SqliteSessionStore sessions_;
  SqlitePostStore posts_;
  SqliteJobStore jobs_;
  SqliteSummaryStore summaries_;
  SqliteTranslationStore translations_;
  SqliteMarketStore markets_;
  SqliteCommentStore comments_;
  SqliteLikeStore likes_;
  SqliteNotificationStore notifications_;
  SqliteSocialStore social_;
  SqliteLedgerStore ledger_;
};

}  // namespace

}  // namespace plaza::sqlite

namespace plaza {

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const StoreOptions& options) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) {
    return Fail(Errc::kInvalidArgument, "the SQLite store needs a file path", "path");
  }
  auto db = sqlite::Database::Open(path, options);
  if (!db) return std::unexpected(db.error());
  return std::unique_ptr<Store>(new sqlite::SqliteStore(std::move(*db)));
}

}  // namespace plaza
