#include "app/store_factory.hpp"

#include <filesystem>
#include <system_error>

#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace plaza {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url, const StoreOptions& options) {
  if (url.starts_with("sqlite:")) {
    std::filesystem::path path = url.substr(7);
    if (path.empty()) return Fail(Errc::kInvalidArgument, "sqlite: URL without a path", "storage");
    if (path.has_parent_path()) {
      std::error_code ec;
      std::filesystem::create_directories(path.parent_path(), ec);
      if (ec) {
        return Fail(Errc::kInvalidArgument,
                    "cannot create " + path.parent_path().string() + ": " + ec.message(),
                    "storage");
      }
    }
    return OpenSqliteStore(path.string(), options);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return OpenPgStore(url, options);
  }
  return Fail(Errc::kInvalidArgument,
              "storage URL must start with sqlite: or postgresql:// (got '" + url + "')",
              "storage");
}

}  // namespace plaza
