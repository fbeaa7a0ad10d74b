#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "storage/store.hpp"

namespace plaza {

/// Opens the backend a storage URL names: "sqlite:PATH" (the directory is created) or
/// "postgresql://..." / "postgres://..." (handed to libpq). kInvalidArgument for anything else.
/// The store is not migrated.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url, const StoreOptions& options);

}  // namespace plaza
