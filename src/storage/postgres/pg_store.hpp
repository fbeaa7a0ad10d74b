#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "storage/store.hpp"

namespace plaza {

/// Connects to PostgreSQL (`conninfo`: a libpq connection string or URI) as a Store.
///
/// - Connections: a pool of up to `options.pool_size` (at least 1), opened on demand; one is
///   opened here so a wrong conninfo fails now. Checkout waits up to `options.busy_timeout_ms`
///   (then kUnavailable); the same value, rounded up to seconds, is the connect timeout unless
///   the conninfo sets one. A connection found broken at checkout is replaced transparently; a
///   statement that fails because the connection died answers kUnavailable.
/// - Every statement is parameterized and prepared once per connection. Sessions speak UTF-8.
/// - Opening does NOT migrate: call Migrate() before use. Migrate() holds a transaction-scoped
///   advisory lock, so several instances starting together apply each step exactly once.
/// - Edits lock the post row (SELECT ... FOR UPDATE) to detect a stale revision.
/// - Backup() answers kInvalidArgument: use pg_dump.
/// - Strings that are not valid UTF-8 or contain NUL are refused with kInvalidArgument.
Result<std::unique_ptr<Store>> OpenPgStore(const std::string& conninfo,
                                           const StoreOptions& options);

}  // namespace plaza
