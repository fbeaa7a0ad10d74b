#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.hpp"

namespace plaza::ops {
class Registry;
class Counter;
}  // namespace plaza::ops

namespace plaza::http {

/// What a cached entry shows, as short strings ("post:12"). A write drops the entries that carry
/// any of its tags. Made only by the functions below, so writers and readers agree on names.
///
/// How entries are tagged (docs/page-cache.md):
///   post page   post:{id} author:{author} locale:{locale} view:original
///   post JSON   post:{id} author:{author}
///   home feed   list:latest locale:{locale} card:{id}... author:{id}...
///   profile     list:author:{author} locale:{locale} card:{id}... author:{id}...
/// A list page carries card:{id} for every post it shows, so an edit or a delete drops exactly
/// the list pages where the post's card appears (whatever their cursor), and nothing else; a new
/// post drops the lists it enters at the top (list:latest, list:author:{author}). A stored
/// summary or translation changes the post's own page and JSON only: it drops post:{id}, which
/// list pages do not carry (cards show no summary).
using CacheTag = std::string;
using CacheTags = std::vector<CacheTag>;

CacheTag PostTag(std::int64_t post_id);
CacheTag CardTag(std::int64_t post_id);
CacheTag AuthorTag(std::int64_t user_id);
CacheTag LatestListTag();
CacheTag AuthorListTag(std::int64_t user_id);
CacheTag LocaleTag(std::string_view locale);
/// "view:original" or "view:translated": which text of a post a page shows.
CacheTag ViewTag(bool translated);

/// What a post write changes, for the cache (Posts' on_change tells the kind).
enum class PostWrite { kCreated, kEdited, kDeleted, kSummaryStored };
/// The tags a post write drops (see the table above).
CacheTags TagsForPostWrite(PostWrite write, std::int64_t post_id, std::int64_t author_id);

/// The one way to invalidate cached pages. The in-process PageCache implements it; a scale-out
/// deployment wraps it in one that also carries the tags to the other instances through the
/// store (each instance then drops them from its own cache).
class CacheInvalidator {
 public:
  virtual ~CacheInvalidator() = default;
  /// Drops every entry carrying any of `tags`, and keeps renders that started before this call
  /// from storing an entry with one of them. Dropping a tag no entry carries is not an error.
  virtual void Drop(const CacheTags& tags) = 0;
};

/// How long an entry may be served. Counts (and later prices) on a page are live values that
/// change without an invalidation (a like drops no entry): the entry carrying them lives at most
/// this long, so no cached page shows a count older than its rule.
enum class Freshness {
  kList,  // feeds and profiles: new posts and counts appear within the list TTL (≤ 10 s)
  kPost,  // a post's page and JSON: counts appear within the post TTL
};

struct PageCacheOptions {
  bool enabled = true;
  std::size_t max_entries = 4096;
  int list_ttl_s = 10;  // at most 10 (lists must not lag further behind)
  int post_ttl_s = 10;
};

/// A cached response body, encoded once: the identity bytes and their gzip form (empty when
/// compression does not pay). Immutable once stored; shared with the writes in flight.
struct CachedBody {
  std::string identity;
  std::string gzip;
  Timestamp expires_at = 0;  // served while clock < expires_at
  CacheTags tags;
};

/// Rendered anonymous pages and API objects, keyed by what they depend on (kind, path, locale),
/// tagged with what they show and dropped by tag. A render that started before a Drop of one of
/// its tags is not stored (its ticket is older than the tag's last drop), so a slow render can
/// never re-insert an old page. Thread-safe.
class PageCache final : public CacheInvalidator {
 public:
  /// `clock` decides expiry (tests drive a ManualClock). With `metrics`, registers
  /// plaza_page_cache_{hits,misses,dropped}_total and plaza_page_cache_entries.
  PageCache(PageCacheOptions options, const Clock& clock, ops::Registry* metrics = nullptr);
  ~PageCache() override;

  bool enabled() const { return options_.enabled; }

  /// The ticket to pass to Put: take it before reading the data the entry will show.
  std::uint64_t Ticket() const;
  /// The fresh entry for `key`, or nullptr (counted as a hit or a miss).
  std::shared_ptr<const CachedBody> Get(const std::string& key);
  /// Encodes `body` (gzip once, here) and stores it unless one of `tags` was dropped since
  /// `ticket`. Returns the entry made, stored or not (a caller may send it either way).
  /// `live_until` (0 = none): a live value on the page changes meaning then (a chip's price turns
  /// stale), so the entry expires no later, whatever its freshness rule allows.
  std::shared_ptr<const CachedBody> Put(std::string key, std::string body, std::uint64_t ticket,
                                        CacheTags tags, Freshness freshness,
                                        Timestamp live_until = 0);
  void Drop(const CacheTags& tags) override;
  /// Forgets everything (operator action, tests).
  void Clear();
  std::size_t size() const;

 private:
  void EraseLocked(std::unordered_map<std::string, std::shared_ptr<const CachedBody>>::iterator it);
  bool DroppedSinceLocked(const CacheTags& tags, std::uint64_t ticket) const;

  const PageCacheOptions options_;
  const Clock& clock_;
  ops::Counter* hits_ = nullptr;
  ops::Counter* misses_ = nullptr;
  ops::Counter* dropped_ = nullptr;  // by a write's tags
  ops::Counter* expired_ = nullptr;  // past their freshness rule
  ops::Counter* evicted_ = nullptr;  // to make room

  mutable std::mutex mu_;
  std::uint64_t sequence_ = 0;  // GUARDED_BY(mu_): one more per Drop
  // The last Drop of each tag; bounded: when it grows past a limit it is cleared and `floor_`
  // rises to the current sequence, which refuses every render older than that (conservative).
  std::unordered_map<std::string, std::uint64_t> last_drop_;                      // GUARDED_BY(mu_)
  std::uint64_t floor_ = 0;                                                       // GUARDED_BY(mu_)
  std::unordered_map<std::string, std::shared_ptr<const CachedBody>> entries_;    // GUARDED_BY(mu_)
  std::unordered_map<std::string, std::unordered_set<std::string>> keys_by_tag_;  // GUARDED_BY(mu_)
};

}  // namespace plaza::http
