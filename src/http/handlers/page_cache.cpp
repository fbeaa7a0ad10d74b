#include "http/handlers/page_cache.hpp"

#include <algorithm>

#include "http/encoding.hpp"
#include "ops/metrics.hpp"

namespace plaza::http {
namespace {

// Bodies smaller than this gain too little from gzip to be worth a second copy.
constexpr std::size_t kMinGzipBytes = 256;
// Tags remembered for the render check; past this the memory is reset (see floor_).
constexpr std::size_t kMaxDropMemory = 65'536;

CacheTag Tag(std::string_view kind, std::int64_t id) {
  std::string tag(kind);
  tag += ':';
  tag += std::to_string(id);
  return tag;
}

}  // namespace

CacheTag PostTag(std::int64_t post_id) { return Tag("post", post_id); }
CacheTag CardTag(std::int64_t post_id) { return Tag("card", post_id); }
CacheTag AuthorTag(std::int64_t user_id) { return Tag("author", user_id); }
CacheTag LatestListTag() { return "list:latest"; }
CacheTag AuthorListTag(std::int64_t user_id) { return Tag("list:author", user_id); }
CacheTag LocaleTag(std::string_view locale) { return "locale:" + std::string(locale); }
CacheTag ViewTag(bool translated) { return translated ? "view:translated" : "view:original"; }

CacheTags TagsForPostWrite(PostWrite write, std::int64_t post_id, std::int64_t author_id) {
  switch (write) {
    case PostWrite::kCreated:
      // Its page was never cached; it enters the first page of two lists.
      return {LatestListTag(), AuthorListTag(author_id)};
    case PostWrite::kEdited:
    case PostWrite::kDeleted:
      // Its page and JSON, and every list page showing its card (any cursor).
      return {PostTag(post_id), CardTag(post_id)};
    case PostWrite::kSummaryStored:
      return {PostTag(post_id)};
  }
  return {PostTag(post_id), CardTag(post_id)};
}

PageCache::PageCache(PageCacheOptions options, const Clock& clock, ops::Registry* metrics)
    : options_(options), clock_(clock) {
  if (metrics == nullptr) return;
  hits_ = &metrics->AddCounter("plaza_page_cache_hits_total", "Page cache lookups answered")
               .WithLabels({});
  misses_ = &metrics
                 ->AddCounter("plaza_page_cache_misses_total",
                              "Page cache lookups that found no fresh entry")
                 .WithLabels({});
  auto& dropped = metrics->AddCounter("plaza_page_cache_dropped_total",
                                      "Page cache entries removed, by reason", {"reason"});
  dropped_ = &dropped.WithLabels({"invalidated"});
  expired_ = &dropped.WithLabels({"expired"});
  evicted_ = &dropped.WithLabels({"evicted"});
  metrics->AddGaugeCallback("plaza_page_cache_entries", "Page cache entries held",
                            [this] { return static_cast<double>(size()); });
}

PageCache::~PageCache() = default;

std::uint64_t PageCache::Ticket() const {
  std::lock_guard lock(mu_);
  return sequence_;
}

std::shared_ptr<const CachedBody> PageCache::Get(const std::string& key) {
  if (!options_.enabled) return nullptr;
  const Timestamp now = clock_.Now();
  std::shared_ptr<const CachedBody> found;
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      if (now < it->second->expires_at) {
        found = it->second;
      } else {
        EraseLocked(it);
        if (expired_ != nullptr) expired_->Inc();
      }
    }
  }
  if (ops::Counter* counter = found ? hits_ : misses_; counter != nullptr) counter->Inc();
  return found;
}

bool PageCache::DroppedSinceLocked(const CacheTags& tags, std::uint64_t ticket) const {
  if (ticket < floor_) return true;
  return std::ranges::any_of(tags, [&](const CacheTag& tag) {
    auto it = last_drop_.find(tag);
    return it != last_drop_.end() && it->second > ticket;
  });
}

std::shared_ptr<const CachedBody> PageCache::Put(std::string key, std::string body,
                                                 std::uint64_t ticket, CacheTags tags,
                                                 Freshness freshness, Timestamp live_until) {
  const int ttl_s =
      freshness == Freshness::kList ? std::min(options_.list_ttl_s, 10) : options_.post_ttl_s;
  auto entry = std::make_shared<CachedBody>();
  entry->expires_at = clock_.Now() + Timestamp{ttl_s} * kMicrosPerSecond;
  if (live_until > 0) entry->expires_at = std::min(entry->expires_at, live_until);
  // Compressed here, once per entry (outside the lock): every hit then sends either form as is.
  if (options_.enabled && body.size() >= kMinGzipBytes) {
    entry->gzip = GzipCompress(body);
    if (entry->gzip.size() >= body.size()) entry->gzip.clear();
  }
  entry->identity = std::move(body);
  entry->tags = std::move(tags);
  if (!options_.enabled) return entry;
  std::lock_guard lock(mu_);
  if (DroppedSinceLocked(entry->tags, ticket)) return entry;
  if (auto it = entries_.find(key); it != entries_.end()) {
    EraseLocked(it);
  } else if (entries_.size() >= options_.max_entries && !entries_.empty()) {
    // Bounded: a crawler walking every page cannot grow it without limit.
    EraseLocked(entries_.begin());
    if (evicted_ != nullptr) evicted_->Inc();
  }
  for (const CacheTag& tag : entry->tags) keys_by_tag_[tag].insert(key);
  entries_.emplace(std::move(key), entry);
  return entry;
}

void PageCache::EraseLocked(
    std::unordered_map<std::string, std::shared_ptr<const CachedBody>>::iterator it) {
  for (const CacheTag& tag : it->second->tags) {
    auto keys = keys_by_tag_.find(tag);
    if (keys == keys_by_tag_.end()) continue;
    keys->second.erase(it->first);
    if (keys->second.empty()) keys_by_tag_.erase(keys);
  }
  entries_.erase(it);
}

void PageCache::Drop(const CacheTags& tags) {
  std::uint64_t dropped = 0;
  {
    std::lock_guard lock(mu_);
    ++sequence_;
    if (last_drop_.size() + tags.size() > kMaxDropMemory) {
      last_drop_.clear();
      floor_ = sequence_;
    }
    for (const CacheTag& tag : tags) {
      last_drop_[tag] = sequence_;
      auto keys = keys_by_tag_.find(tag);
      if (keys == keys_by_tag_.end()) continue;
      // Copied: erasing an entry edits the sets of all its tags, this one included.
      const std::vector<std::string> doomed(keys->second.begin(), keys->second.end());
      for (const std::string& key : doomed) {
        if (auto it = entries_.find(key); it != entries_.end()) {
          EraseLocked(it);
          ++dropped;
        }
      }
    }
  }
  if (dropped_ != nullptr && dropped > 0) dropped_->Inc(dropped);
}

void PageCache::Clear() {
  std::lock_guard lock(mu_);
  ++sequence_;
  floor_ = sequence_;
  last_drop_.clear();
  entries_.clear();
  keys_by_tag_.clear();
}

std::size_t PageCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace plaza::http
