#pragma once

// The .sql files of both backends (src/storage/{sqlite,postgres}/{sql,migrations}/), embedded
// in the binary at build time by cmake/EmbedAssets.cmake, the embedder the web assets use.

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/migration.hpp"

namespace plaza::storage::detail {

// The table cmake/EmbedAssetsGenerate.cmake writes (the same layout as the web assets' table).
struct EmbeddedFile {
  const char* path;  // relative to src/storage, e.g. "sqlite/sql/post_store/by_id.sql"
  const char* content_type;
  const unsigned char* data;  // `size` bytes followed by a NUL
  std::size_t size;
  const char* etag;
};

extern const EmbeddedFile kEmbeddedFiles[];
extern const std::size_t kEmbeddedFileCount;
extern const char kStaticVersion[];

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
