#include "web/assets.hpp"

#include <algorithm>
#include <vector>

#include "web/embedded_files.hpp"

namespace plaza::web {
namespace {

// Built once (thread-safe static initialisation), sorted by path for binary search.
const std::vector<Asset>& Table() {
  static const std::vector<Asset> table = [] {
    std::vector<Asset> t;
    t.reserve(detail::kEmbeddedFileCount);
    for (std::size_t i = 0; i < detail::kEmbeddedFileCount; ++i) {
      const auto& f = detail::kEmbeddedFiles[i];
      t.push_back(Asset{f.path, f.content_type,
                        std::string_view(reinterpret_cast<const char*>(f.data), f.size), f.etag});
    }
    std::sort(t.begin(), t.end(), [](const Asset& a, const Asset& b) { return a.path < b.path; });
    return t;
  }();
  return table;
}

}  // namespace

const Asset* FindAsset(std::string_view path) {
  const auto& t = Table();
  auto it = std::lower_bound(t.begin(), t.end(), path,
                             [](const Asset& a, std::string_view p) { return a.path < p; });
  if (it == t.end() || it->path != path) return nullptr;
  return &*it;
}

std::span<const Asset> AllAssets() { return Table(); }

std::string_view StaticVersion() { return detail::kStaticVersion; }

}  // namespace plaza::web
