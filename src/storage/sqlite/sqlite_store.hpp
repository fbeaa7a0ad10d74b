#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "storage/store.hpp"

namespace plaza {

/// Opens (creating if needed) the SQLite database file at `path` as a Store.
///
/// - Connections: one writer, guarded by a mutex, that runs every write in a BEGIN IMMEDIATE
///   transaction, plus `options.pool_size` (at least 1) reader connections; readers wait up to
///   `options.busy_timeout_ms` for a free connection (then kUnavailable). Each connection keeps
///   its own cache of prepared statements.
/// - Every connection: WAL journal, foreign_keys=ON, busy_timeout=`options.busy_timeout_ms`,
///   synchronous=FULL (NORMAL when `options.synchronous_full` is false: a power cut may then
///   lose the last commits, never corrupt the file).
/// - Opening does NOT migrate: call Migrate() before use (`plaza serve` and `plaza migrate` do).
///   Keeping the two apart lets an operator open an old file read-only, back it up and only then
///   upgrade it. Until migrated, store calls fail with kInternal.
/// - `path` must name a file: ":memory:" would give every connection its own empty database.
/// - Text is stored verbatim; strings that are not valid UTF-8 or contain NUL are refused with
///   kInvalidArgument, as PostgreSQL would.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const StoreOptions& options);

}  // namespace plaza
