#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace plaza::http {

/// Rendered anonymous pages and API objects, keyed by what they depend on (kind, id, locale).
/// Any write to posts clears it: writes are rare next to reads, and clearing everything cannot
/// leave a stale list or page behind. A render that started before a write is not stored
/// (generation check), so a slow render can never re-insert an old page.
class PageCache {
 public:
  explicit PageCache(bool enabled, std::size_t max_entries = 4096)
      : enabled_(enabled), max_entries_(max_entries) {}

  bool enabled() const { return enabled_; }
  /// The generation to pass to Put; read it before fetching the data a page shows.
  std::uint64_t Generation() const;
  std::shared_ptr<const std::string> Get(std::string_view key) const;
  /// Stores unless a write happened since `generation`.
  void Put(std::string key, std::string body, std::uint64_t generation);
  /// Forgets everything (called after every post write).
  void Clear();

 private:
  const bool enabled_;
  const std::size_t max_entries_;
  mutable std::mutex mu_;
  std::uint64_t generation_ = 0;                                                 // GUARDED_BY(mu_)
  std::unordered_map<std::string, std::shared_ptr<const std::string>> entries_;  // GUARDED_BY(mu_)
};

}  // namespace plaza::http
