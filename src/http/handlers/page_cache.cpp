#include "http/handlers/page_cache.hpp"

namespace plaza::http {

std::uint64_t PageCache::Generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

std::shared_ptr<const std::string> PageCache::Get(std::string_view key) const {
  if (!enabled_) return nullptr;
  std::lock_guard lock(mu_);
  auto it = entries_.find(std::string(key));
  return it == entries_.end() ? nullptr : it->second.body;
}

void PageCache::Put(std::string key, std::string body, std::uint64_t generation,
                    std::int64_t post_id) {
  if (!enabled_) return;
  auto value = std::make_shared<const std::string>(std::move(body));
  std::lock_guard lock(mu_);
  if (generation != generation_) return;
  // Bounded: a crawler walking every page cannot grow it without limit.
  if (entries_.size() >= max_entries_) entries_.clear();
  entries_.insert_or_assign(std::move(key), Entry{std::move(value), post_id});
}

void PageCache::Clear() {
  std::lock_guard lock(mu_);
  ++generation_;
  entries_.clear();
}

void PageCache::ClearPost(std::int64_t post_id) {
  std::lock_guard lock(mu_);
  // Renders in flight (of any page) are not stored: the one of this post may be stale.
  ++generation_;
  std::erase_if(entries_, [post_id](const auto& entry) { return entry.second.post_id == post_id; });
}

}  // namespace plaza::http
