#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace plaza::storage {

/// One schema step. Versions start at 1 and increase by one; a step, once released, is never
/// edited: later changes are new steps.
struct Migration {
  int version;
  std::string_view name;  // recorded in schema_migrations.name
  const char* sql;        // one or more statements, NUL-terminated
};

/// The steps of `all` (ascending) still to apply to a database at `current_version`, in order.
/// kInternal when the database is newer than every step this build knows: an older binary must
/// not run against a schema it does not understand.
inline Result<std::vector<const Migration*>> PendingMigrations(std::span<const Migration> all,
                                                               int current_version) {
  const int latest = all.empty() ? 0 : all.back().version;
  if (current_version > latest) {
    return Fail(Errc::kInternal, "database schema version " + std::to_string(current_version) +
                                     " is newer than this build knows (" + std::to_string(latest) +
                                     ")");
  }
  std::vector<const Migration*> pending;
  for (const auto& migration : all) {
    if (migration.version > current_version) pending.push_back(&migration);
  }
  return pending;
}

}  // namespace plaza::storage
