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
/// leave a stale list or page behind. A summary changes one post's page and JSON only: entries
/// stored for that post go (ClearPost). A render that started before a write or a ClearPost is
/// not stored (generation check), so a slow render can never re-insert an old page.
class PageCache {
 public:
  explicit PageCache(bool enabled, std::size_t max_entries = 4096)
      : enabled_(enabled), max_entries_(max_entries) {}

  bool enabled() const { return enabled_; }
  /// The generation to pass to Put; read it before fetching the data a page shows.
  std::uint64_t Generation() const;
  std::shared_ptr<const std::string> Get(std::string_view key) const;
  /// Stores unless a write happened since `generation`. `post_id` (0: none) is the one post the
  /// entry shows on its own (its page, its JSON), for ClearPost.
  void Put(std::string key, std::string body, std::uint64_t generation, std::int64_t post_id = 0);
  /// Forgets everything (called after every post write).
  void Clear();
  /// Forgets the entries stored for one post (called when its summary changes).
  void ClearPost(std::int64_t post_id);

 private:
  const bool enabled_;
  const std::size_t max_entries_;
  mutable std::mutex mu_;
  std::uint64_t generation_ = 0;  // GUARDED_BY(mu_)
  struct Entry {
    std::shared_ptr<const std::string> body;
    std::int64_t post_id = 0;
  };
  std::unordered_map<std::string, Entry> entries_;  // GUARDED_BY(mu_)
};

}  // namespace plaza::http
