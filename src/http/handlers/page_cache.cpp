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
  return it == entries_.end() ? nullptr : it->second;
}

void PageCache::Put(std::string key, std::string body, std::uint64_t generation) {
  if (!enabled_) return;
  auto value = std::make_shared<const std::string>(std::move(body));
  std::lock_guard lock(mu_);
  if (generation != generation_) return;
  // Bounded: a crawler walking every page cannot grow it without limit.
  if (entries_.size() >= max_entries_) entries_.clear();
  entries_.insert_or_assign(std::move(key), std::move(value));
}

void PageCache::Clear() {
  std::lock_guard lock(mu_);
  ++generation_;
  entries_.clear();
}

}  // namespace plaza::http
