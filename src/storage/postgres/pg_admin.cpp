#include "storage/postgres/pg_admin.hpp"

#include <libpq-fe.h>

#include <memory>

#include "storage/postgres/pg_connection.hpp"

namespace plaza {

namespace {

// Database names are spliced into DDL (identifiers cannot be parameters), so only a plain,
// lower-case name is accepted; it then needs no quoting rules beyond the double quotes.
bool IsPlainName(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  if (name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// A key='value' conninfo with the same settings as `conninfo` but another database.
Result<std::string> WithDatabase(const std::string& conninfo, const std::string& name) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(conninfo.c_str(), &error), &PQconninfoFree);
  if (!options) {
    PQfreemem(error);
    return Fail(Errc::kInvalidArgument, "malformed PostgreSQL connection string", "conninfo");
  }
  std::string out;
  for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
    if (o->val == nullptr || std::string_view(o->keyword) == "dbname") continue;
    out += o->keyword;
    out += "='";
    for (const char* c = o->val; *c != '\0'; ++c) {
      if (*c == '\'' || *c == '\\') out += '\\';
      out += *c;
    }
    out += "' ";
  }
  out += "dbname='" + name + "'";
  return out;
}

Result<std::unique_ptr<pg::PgConnection>> Connect(const std::string& admin_conninfo) {
  return pg::PgConnection::Open(admin_conninfo, 10);
}

Status CheckName(const std::string& name) {
  if (IsPlainName(name)) return {};
  return Fail(Errc::kInvalidArgument, "database name must be 1-63 of [a-z0-9_]", "name");
}

}  // namespace

Result<std::string> CreatePgDatabase(const std::string& admin_conninfo, const std::string& name) {
  if (auto s = CheckName(name); !s) return std::unexpected(s.error());
  auto conninfo = WithDatabase(admin_conninfo, name);
  if (!conninfo) return conninfo;
  auto conn = Connect(admin_conninfo);
  if (!conn) return std::unexpected(conn.error());
  // template0 accepts any encoding; UTF8 matches what the store writes.
  if (auto s = (*conn)->ExecScript("CREATE DATABASE \"" + name +
                                   "\" TEMPLATE template0 ENCODING 'UTF8'");
      !s) {
    // 42P04 duplicate_database has no dedicated mapping; report what callers can act on.
    return std::unexpected(s.error());
  }
  return conninfo;
}

Status DropPgDatabase(const std::string& admin_conninfo, const std::string& name) {
  if (auto s = CheckName(name); !s) return s;
  auto conn = Connect(admin_conninfo);
  if (!conn) return std::unexpected(conn.error());
  return (*conn)->ExecScript("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
}

Status TerminatePgSessions(const std::string& admin_conninfo, const std::string& name) {
  if (auto s = CheckName(name); !s) return s;
  auto conn = Connect(admin_conninfo);
  if (!conn) return std::unexpected(conn.error());
  // The timeout argument makes each call wait until that backend has exited.
  return (*conn)->ExecScript(
      "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
      "WHERE datname = '" +
      name + "' AND pid <> pg_backend_pid()");
}

}  // namespace plaza
