#include "storage/sql_files.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace plaza::storage {

namespace {

std::string_view PathOf(const detail::EmbeddedFile& file) { return file.path; }

std::span<const detail::EmbeddedFile> Files() {
  return {detail::kEmbeddedFiles, detail::kEmbeddedFileCount};
}

// The embedded file at `path`, or nullptr. The generator writes the table sorted by path.
const detail::EmbeddedFile* Find(std::string_view path) {
  const auto files = Files();
  auto it = std::lower_bound(
      files.begin(), files.end(), path,
      [](const detail::EmbeddedFile& f, std::string_view p) { return PathOf(f) < p; });
  if (it == files.end() || PathOf(*it) != path) return nullptr;
  return &*it;
}

constexpr std::string_view kNamePrefix = "-- name: ";

}  // namespace

const char* Sql(std::string_view backend, std::string_view name) {
  // Runs for every statement a store executes: the path is assembled without allocating.
  constexpr std::string_view kSqlDir = "/sql/";
  constexpr std::string_view kSuffix = ".sql";
  std::array<char, 256> buffer{};
  const std::size_t length = backend.size() + kSqlDir.size() + name.size() + kSuffix.size();
  const detail::EmbeddedFile* file = nullptr;
  if (length <= buffer.size()) {
    char* out = buffer.data();
    for (std::string_view part : {backend, kSqlDir, name, kSuffix}) {
      out = std::copy(part.begin(), part.end(), out);
    }
    file = Find(std::string_view(buffer.data(), length));
  }
  if (file == nullptr) {
    const std::string path =
        std::string(backend) + std::string(kSqlDir) + std::string(name) + std::string(kSuffix);
    std::fprintf(stderr, "plaza: the build embeds no %s (src/storage/%s)\n", path.c_str(),
                 path.c_str());
    std::abort();
  }
  return reinterpret_cast<const char*>(file->data);
}

Result<std::vector<Migration>> EmbeddedMigrations(std::string_view backend) {
  const std::string dir = std::string(backend) + "/migrations/";
  std::vector<Migration> migrations;
  for (const auto& file : Files()) {
    const std::string_view path = PathOf(file);
    if (!path.starts_with(dir)) continue;
    const std::string_view base = path.substr(dir.size());
    const auto bad = [&](const char* why) {
      return Fail(Errc::kInternal, "migration " + std::string(path) + ": " + why);
    };
    int version = 0;
    const auto [end, ec] = std::from_chars(base.data(), base.data() + base.size(), version);
    if (ec != std::errc() || end != base.data() + 4 || *end != '_' || !base.ends_with(".sql")) {
      return bad("name it NNNN_<words>.sql");
    }
    if (version != static_cast<int>(migrations.size()) + 1) {
      return bad("versions must count 1, 2, ... without gaps");
    }
    const std::string_view text(reinterpret_cast<const char*>(file.data), file.size);
    const std::size_t line_end = text.find('\n');
    if (!text.starts_with(kNamePrefix) || line_end == std::string_view::npos) {
      return bad("the first line must be \"-- name: <name>\"");
    }
    const std::string_view name = text.substr(kNamePrefix.size(), line_end - kNamePrefix.size());
    migrations.push_back({version, name, reinterpret_cast<const char*>(file.data)});
  }
  return migrations;
}

}  // namespace plaza::storage
