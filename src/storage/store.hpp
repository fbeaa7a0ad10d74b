#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "core/result.hpp"
#include "storage/comment_store.hpp"
#include "storage/job_store.hpp"
#include "storage/ledger_store.hpp"
#include "storage/like_store.hpp"
#include "storage/market_store.hpp"
#include "storage/notification_store.hpp"
#include "storage/post_store.hpp"
#include "storage/session_store.hpp"
#include "storage/social_store.hpp"
#include "storage/summary_store.hpp"
#include "storage/translation_store.hpp"
#include "storage/user_store.hpp"

namespace plaza {

struct PoolStats {
  int size = 0;    // connections open
  int in_use = 0;  // connections checked out right now
};

/// One backend: every aggregate's store plus what operations need. Thread-safe: every method may
/// be called from many worker threads at once.
///
/// Every string a store is given must be valid UTF-8 without NUL (PostgreSQL's rule, held by
/// every backend): writes answer kInvalidArgument naming the field, lookups kNotFound. Driver
/// failures answer kUnavailable (busy, connection lost: retry later) or kInternal, with messages
/// that never contain SQL.
class Store {
 public:
  virtual ~Store() = default;
  virtual UserStore& users() = 0;
  virtual SessionStore& sessions() = 0;
  virtual PostStore& posts() = 0;
  virtual JobStore& jobs() = 0;
  virtual SummaryStore& summaries() = 0;
  virtual TranslationStore& translations() = 0;
  virtual MarketStore& markets() = 0;
  // Comments, likes and notifications (src/comments/, src/notifications/).
  virtual CommentStore& comments() = 0;
  virtual LikeStore& likes() = 0;
  virtual NotificationStore& notifications() = 0;
  virtual SocialStore& social() = 0;
  virtual LedgerStore& ledger() = 0;

  /// "sqlite" or "postgresql".
  virtual std::string BackendName() const = 0;
  /// Applies pending migrations; returns the schema version now in force.
  virtual Result<int> Migrate() = 0;
  /// A cheap round trip that proves the store answers (for /healthz).
  virtual Status Ping() = 0;
  /// Copies the live database to a file (SQLite online backup). PostgreSQL answers
  /// kInvalidArgument with a pointer to pg_dump.
  virtual Status Backup(const std::string& to_path) = 0;
  virtual PoolStats Pool() const = 0;

  /// Runs `f` (store calls on this thread) as one read: on SQLite every read of `f` shares one
  /// reader connection and one read transaction (one snapshot, one BEGIN/COMMIT instead of one
  /// per call); on PostgreSQL they share one pooled connection. For pages that read several
  /// aggregates. Writes inside `f` still go through the usual write path, but a later read of
  /// `f` may not see them on SQLite (the snapshot is older): read first, then write. Nested
  /// calls join the outer one. Returns what `f` returns (or the commit's failure).
  template <typename F>
  std::invoke_result_t<F&> ReadTogether(F&& f) {
    std::optional<std::invoke_result_t<F&>> out;
    Status done = RunReadTogether([&]() -> Status {
      out.emplace(f());
      if (*out) return {};
      return std::unexpected(out->error());
    });
    if (!done) return std::unexpected(done.error());
    return std::move(*out);
  }

 protected:
  /// ReadTogether's backend part: runs `f` with this thread's reads sharing what the backend
  /// can share.
  virtual Status RunReadTogether(const std::function<Status()>& f) = 0;
};

struct StoreOptions {
  int pool_size = 4;             // connections (SQLite: readers; one writer is extra)
  int busy_timeout_ms = 5000;    // SQLite busy timeout / PostgreSQL connect timeout
  bool synchronous_full = true;  // SQLite: synchronous=FULL (else NORMAL)
};

}  // namespace plaza
