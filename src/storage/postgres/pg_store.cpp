#include "storage/postgres/pg_store.hpp"

#include <memory>
#include <string>
#include <utility>

#include "storage/migration.hpp"
#include "storage/postgres/conversation_stores.hpp"
#include "storage/postgres/job_store.hpp"
#include "storage/postgres/ledger_store.hpp"
#include "storage/postgres/market_store.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/post_store.hpp"
#include "storage/postgres/session_store.hpp"
#include "storage/postgres/social_store.hpp"
#include "storage/postgres/summary_store.hpp"
#include "storage/postgres/translation_store.hpp"
#include "storage/postgres/user_store.hpp"

// The PostgreSQL Store: the five aggregate stores over one connection pool, plus what operations
// need (migrations, ping, pool statistics). Queries live in sql/, migrations in migrations/ (see
// docs/storage.md).
namespace plaza::pg {

namespace {

class PgStore final : public Store {
 public:
  explicit PgStore(std::unique_ptr<PgPool> pool)
      : pool_(std::move(pool)),
        users_(*pool_),
        sessions_(*pool_),
        posts_(*pool_),
        jobs_(*pool_),
        summaries_(*pool_),
        translations_(*pool_),
        markets_(*pool_),
        comments_(*pool_),
        likes_(*pool_),
        notifications_(*pool_),
        social_(*pool_),
        ledger_(*pool_) {}

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
  std::string BackendName() const override { return "postgresql"; }

  Result<int> Migrate() override {
    return pool_->InTransaction([](PgConnection& conn) -> Result<int> {
      // Held until COMMIT: a second instance migrating at the same time waits here, then finds
      // the steps already applied.
      if (auto s = conn.ExecScript(Query("store/lock_migrations")); !s)
        return std::unexpected(s.error());
      if (auto s = conn.ExecScript(Query("store/create_migrations_table")); !s)
        return std::unexpected(s.error());
      auto rows = conn.Exec(Query("store/schema_version"));
      if (!rows) return std::unexpected(rows.error());
      int version = static_cast<int>(rows->Int(0, 0));
      static const auto migrations = storage::EmbeddedMigrations("postgres");
      if (!migrations) return std::unexpected(migrations.error());
      auto pending = storage::PendingMigrations(*migrations, version);
      if (!pending) return std::unexpected(pending.error());
      for (const storage::Migration* migration : *pending) {
        if (auto s = conn.ExecScript(migration->sql); !s) return std::unexpected(s.error());
        auto recorded =
            conn.Exec(Query("store/record_migration"), {migration->version, migration->name});
        if (!recorded) return std::unexpected(recorded.error());
        version = migration->version;
      }
      return version;
    });
  }

  Status Ping() override {
    return pool_->WithConnection([](PgConnection& conn) -> Status {
      auto rows = conn.Exec(Query("store/ping"));
      if (!rows) return std::unexpected(rows.error());
      return {};
    });
  }

  Status Backup(const std::string&) override {
    return Fail(Errc::kInvalidArgument,
                "online backup is for SQLite; back up PostgreSQL with pg_dump (or your "
                "provider's snapshots)",
                "path");
  }

  PoolStats Pool() const override { return pool_->Stats(); }

 protected:
  Status RunReadTogether(const std::function<Status()>& f) override {
    return pool_->ShareConnection(f);
  }

 private:
  std::unique_ptr<PgPool> pool_;
  PgUserStore users_;
  PgSessionStore sessions_;
  PgPostStore posts_;
  PgJobStore jobs_;
  PgSummaryStore summaries_;
  PgTranslationStore translations_;
  PgMarketStore markets_;
  PgCommentStore comments_;
  PgLikeStore likes_;
  PgNotificationStore notifications_;
  PgSocialStore social_;
  PgLedgerStore ledger_;
};

}  // namespace

}  // namespace plaza::pg

namespace plaza {

Result<std::unique_ptr<Store>> OpenPgStore(const std::string& conninfo,
                                           const StoreOptions& options) {
  auto pool = pg::PgPool::Open(conninfo, options);
  if (!pool) return std::unexpected(pool.error());
  return std::unique_ptr<Store>(new pg::PgStore(std::move(*pool)));
}

}  // namespace plaza
