#pragma once

// Database administration for tests and tooling: scratch databases for hermetic tests, and a
// way to cut connections (to exercise reconnects). The SQL stays here, inside storage/.

#include <string>

#include "core/result.hpp"

namespace plaza {

/// Creates an empty UTF-8 database `name` (1–63 of [a-z0-9_], starting with a letter) on the
/// server `admin_conninfo` reaches, and returns a conninfo for it (the admin one with dbname
/// replaced). kConflict when it exists, kInvalidArgument for a bad name.
Result<std::string> CreatePgDatabase(const std::string& admin_conninfo, const std::string& name);

/// Drops database `name`, ending any session still connected to it. Not an error if it does not
/// exist.
Status DropPgDatabase(const std::string& admin_conninfo, const std::string& name);

/// Ends every session connected to database `name` (other than this call's own) and waits until
/// they have exited.
Status TerminatePgSessions(const std::string& admin_conninfo, const std::string& name);

}  // namespace plaza
