#pragma once

// The .sql files of both backends (src/storage/{sqlite,postgres}/{sql,migrations}/), embedded
// in the binary at build time by cmake/EmbedAssets.cmake, the embedder the web assets use.

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/migration.hpp"
#include "web/embedded_files.hpp"

namespace plaza::storage::detail {

// The table cmake/EmbedAssetsGenerate.cmake writes, in the layout every embedded table shares.
using web::detail::EmbeddedFile;
PLAZA_DECLARE_EMBEDDED_FILES();

}  // namespace plaza::storage::detail

namespace plaza::storage {

/// The text of the embedded file `<backend>/sql/<name>.sql` (e.g. Sql("sqlite",
/// "post_store/by_id")): NUL-terminated, with static storage duration, so statement caches may
/// key on it. A name without a file is a defect of the build, not an input error: the process
/// aborts naming the file (the contract suite runs every statement of both backends).
const char* Sql(std::string_view backend, std::string_view name);

/// The migrations embedded under `<backend>/migrations/`, ascending. Each file is named
/// NNNN_<words>.sql (NNNN, the schema version, counts 1, 2, ... without gaps) and starts with a
/// line "-- name: <name>" (the name recorded in schema_migrations). kInternal naming the file
/// when one breaks these rules.
Result<std::vector<Migration>> EmbeddedMigrations(std::string_view backend);

}  // namespace plaza::storage
