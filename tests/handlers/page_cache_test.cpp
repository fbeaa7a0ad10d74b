#include "http/handlers/page_cache.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "http/handlers/common.hpp"
#include "ops/metrics.hpp"

namespace plaza::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::string Gunzip(const std::string& gz) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return "<inflateInit2 failed>";
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  stream.avail_in = static_cast<uInt>(gz.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return rc == Z_STREAM_END ? out : "<inflate failed>";
}

// The entries a small site holds: two posts by two authors, their pages in two locales and
// their JSON, the home feed in two locales (page 1 shows both posts, page 2 only post 2), and
// each author's profile.
class TaggedCache : public ::testing::Test {
 protected:
  static constexpr std::int64_t kAlice = 10, kBob = 20;
  static constexpr std::int64_t kPost1 = 1, kPost2 = 2;  // post 1 by Alice, post 2 by Bob

  void SetUp() override {
    PutPost("post|/p/1-a|en", kPost1, kAlice, "en");
    PutPost("post|/p/1-a|fr", kPost1, kAlice, "fr");
    PutPost("post|/p/2-b|en", kPost2, kBob, "en");
    Put("api:post:1", {PostTag(kPost1), AuthorTag(kAlice)}, Freshness::kPost);
    Put("api:post:2", {PostTag(kPost2), AuthorTag(kBob)}, Freshness::kPost);
    for (const char* locale : {"en", "fr"}) {
      Put(std::string("home|/|") + locale,
          {LatestListTag(), LocaleTag(locale), CardTag(kPost1), AuthorTag(kAlice), CardTag(kPost2),
           AuthorTag(kBob)},
          Freshness::kList);
    }
    Put("home|/|en|p2", {LatestListTag(), LocaleTag("en"), CardTag(kPost2), AuthorTag(kBob)},
        Freshness::kList);
    Put("profile|/u/alice|en",
        {AuthorListTag(kAlice), LocaleTag("en"), CardTag(kPost1), AuthorTag(kAlice)},
        Freshness::kList);
    Put("profile|/u/bob|en",
        {AuthorListTag(kBob), LocaleTag("en"), CardTag(kPost2), AuthorTag(kBob)}, Freshness::kList);
  }

  void Put(const std::string& key, CacheTags tags, Freshness freshness) {
    cache_.Put(key, "body of " + key, cache_.Ticket(), std::move(tags), freshness);
  }
  void PutPost(const std::string& key, std::int64_t post, std::int64_t author,
               const std::string& locale) {
    Put(key, {PostTag(post), AuthorTag(author), LocaleTag(locale), ViewTag(false)},
        Freshness::kPost);
  }
  bool Has(const std::string& key) { return cache_.Get(key) != nullptr; }

  // Every key SetUp stores.
  std::vector<std::string> All() const {
    return {"post|/p/1-a|en",      "post|/p/1-a|fr",   "post|/p/2-b|en", "api:post:1",
            "api:post:2",          "home|/|en",        "home|/|fr",      "home|/|en|p2",
            "profile|/u/alice|en", "profile|/u/bob|en"};
  }
  // Asserts that exactly `gone` are missing.
  void ExpectDropped(const std::vector<std::string>& gone) {
    for (const std::string& key : All()) {
      const bool expected_gone = std::find(gone.begin(), gone.end(), key) != gone.end();
      EXPECT_EQ(Has(key), !expected_gone) << key;
    }
  }

  ManualClock clock_;
  PageCache cache_{PageCacheOptions{}, clock_};
};

TEST_F(TaggedCache, KeysSeparateLocales) {
  auto en = cache_.Get("post|/p/1-a|en");
  auto fr = cache_.Get("post|/p/1-a|fr");
  ASSERT_NE(en, nullptr);
  ASSERT_NE(fr, nullptr);
  EXPECT_EQ(en->identity, "body of post|/p/1-a|en");
  EXPECT_EQ(fr->identity, "body of post|/p/1-a|fr");
  EXPECT_EQ(cache_.Get("post|/p/1-a|de"), nullptr);
}

TEST_F(TaggedCache, AnEditDropsThePostAndTheListsShowingItsCardOnly) {
  cache_.Drop(TagsForPostWrite(PostWrite::kEdited, kPost1, kAlice));
  // Post 1's pages in every locale, its JSON, both home pages 1 and Alice's profile go; post 2,
  // home page 2 (which does not show post 1) and Bob's profile stay.
  ExpectDropped({"post|/p/1-a|en", "post|/p/1-a|fr", "api:post:1", "home|/|en", "home|/|fr",
                 "profile|/u/alice|en"});
}

TEST_F(TaggedCache, ADeleteDropsWhatAnEditDrops) {
  cache_.Drop(TagsForPostWrite(PostWrite::kDeleted, kPost2, kBob));
  ExpectDropped({"post|/p/2-b|en", "api:post:2", "home|/|en", "home|/|fr", "home|/|en|p2",
                 "profile|/u/bob|en"});
}

TEST_F(TaggedCache, ANewPostDropsTheListsItEnters) {
  cache_.Drop(TagsForPostWrite(PostWrite::kCreated, 3, kBob));
  // Every page of the latest feed and Bob's profile; no post page, no JSON, not Alice's profile.
  ExpectDropped({"home|/|en", "home|/|fr", "home|/|en|p2", "profile|/u/bob|en"});
}

TEST_F(TaggedCache, AStoredSummaryDropsOnlyThatPostsPageAndJson) {
  cache_.Drop(TagsForPostWrite(PostWrite::kSummaryStored, kPost1, 0));
  ExpectDropped({"post|/p/1-a|en", "post|/p/1-a|fr", "api:post:1"});
}

TEST_F(TaggedCache, DroppingAnUnknownTagDropsNothing) {
  cache_.Drop({PostTag(99), CardTag(99)});
  ExpectDropped({});
}

TEST_F(TaggedCache, ClearDropsEverything) {
  cache_.Clear();
  ExpectDropped(All());
  EXPECT_EQ(cache_.size(), 0u);
}

TEST(PageCacheRenders, ASlowRenderOfADroppedTagIsNotStored) {
  ManualClock clock;
  PageCache cache(PageCacheOptions{}, clock);
  const auto ticket = cache.Ticket();  // a request reads post 1...
  cache.Drop({PostTag(1)});            // ...an edit lands...
  auto made = cache.Put("post|/p/1|en", "old page", ticket, {PostTag(1)}, Freshness::kPost);
  EXPECT_EQ(made->identity, "old page");          // the request still answers with it
  EXPECT_EQ(cache.Get("post|/p/1|en"), nullptr);  // but it is not kept
}

TEST(PageCacheRenders, ADropOfAnotherTagDoesNotBlockARender) {
  ManualClock clock;
  PageCache cache(PageCacheOptions{}, clock);
  const auto ticket = cache.Ticket();
  cache.Drop({PostTag(2), CardTag(2)});
  cache.Put("post|/p/1|en", "page 1", ticket, {PostTag(1)}, Freshness::kPost);
  EXPECT_NE(cache.Get("post|/p/1|en"), nullptr);
}

TEST(PageCacheRenders, ARenderOlderThanAClearIsNotStored) {
  ManualClock clock;
  PageCache cache(PageCacheOptions{}, clock);
  const auto ticket = cache.Ticket();
  cache.Clear();
  cache.Put("a", "x", ticket, {PostTag(1)}, Freshness::kPost);
  EXPECT_EQ(cache.Get("a"), nullptr);
  cache.Put("a", "x", cache.Ticket(), {PostTag(1)}, Freshness::kPost);
  EXPECT_NE(cache.Get("a"), nullptr);
}

TEST(PageCacheRenders, DisabledStoresNothing) {
  ManualClock clock;
  PageCacheOptions options;
  options.enabled = false;
  PageCache cache(options, clock);
  auto made = cache.Put("a", "x", cache.Ticket(), {}, Freshness::kPost);
  EXPECT_EQ(made->identity, "x");
  EXPECT_EQ(cache.Get("a"), nullptr);
}

TEST(PageCacheRenders, FullCacheMakesRoomForTheNewEntry) {
  ManualClock clock;
  PageCacheOptions options;
  options.max_entries = 2;
  PageCache cache(options, clock);
  for (const char* key : {"a", "b", "c"}) {
    cache.Put(key, key, cache.Ticket(), {PostTag(1)}, Freshness::kPost);
  }
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_NE(cache.Get("c"), nullptr);
  cache.Drop({PostTag(1)});  // the evicted entry left no trace in the tag index
  EXPECT_EQ(cache.size(), 0u);
}

TEST(PageCacheEncoding, EntriesCarryTheirGzipFormMadeOnce) {
  ManualClock clock;
  PageCache cache(PageCacheOptions{}, clock);
  std::string page;
  for (int i = 0; i < 200; ++i)
    page += "<li class=\"post-card\">card " + std::to_string(i) + "</li>";
  cache.Put("home", page, cache.Ticket(), {LatestListTag()}, Freshness::kList);
  auto hit = cache.Get("home");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->identity, page);
  ASSERT_FALSE(hit->gzip.empty());
  EXPECT_LT(hit->gzip.size(), page.size() / 4);
  EXPECT_EQ(Gunzip(hit->gzip), page);
  EXPECT_EQ(cache.Get("home").get(), hit.get());  // the same bytes, not compressed again
}

TEST(PageCacheEncoding, TinyBodiesAreNotCompressed) {
  ManualClock clock;
  PageCache cache(PageCacheOptions{}, clock);
  auto made = cache.Put("a", "{}", cache.Ticket(), {}, Freshness::kPost);
  EXPECT_TRUE(made->gzip.empty());
}

// The freshness rule: counts on a page change with no invalidation (a like drops nothing), so
// the entry that shows them must not outlive its time to live. The "render" below stamps the
// count with the time it was read; over ten simulated minutes of reads every 300 ms and a count
// that changes at every step, no answer served through the handlers' cache block shows a count
// read longer ago than the rule allows.
TEST(PageCacheFreshness, NoCachedPageShowsACountOlderThanItsRule) {
  ManualClock clock;
  PageCacheOptions options;
  options.list_ttl_s = 10;
  options.post_ttl_s = 7;
  PageCache cache(options, clock);
  std::int64_t likes = 0;
  struct Case {
    std::string key;
    Freshness freshness;
    Timestamp rule;
  };
  const Case cases[] = {{"post|/p/1|en", Freshness::kPost, 7 * kMicrosPerSecond},
                        {"home|/|en", Freshness::kList, 10 * kMicrosPerSecond}};
  int hits = 0;
  for (int step = 0; step < 2000; ++step) {
    clock.Advance(milliseconds(300));
    ++likes;  // a like: no Drop
    for (const Case& c : cases) {
      CacheSlot slot = LookUpCache(cache, c.key);
      std::shared_ptr<const CachedBody> served = slot.hit;
      if (served) {
        ++hits;
      } else {
        served = cache.Put(slot.key, std::to_string(clock.Now()) + " " + std::to_string(likes),
                           slot.ticket, {PostTag(1)}, c.freshness);
      }
      const Timestamp read_at = std::stoll(served->identity);
      ASSERT_LT(clock.Now() - read_at, c.rule) << c.key << " at step " << step;
    }
  }
  EXPECT_GT(hits, 3000);  // and the cache still answers nearly every read
}

TEST(PageCacheFreshness, ListsNeverLiveLongerThanTenSeconds) {
  ManualClock clock;
  PageCacheOptions options;
  options.list_ttl_s = 60;  // config validation refuses it; the cache holds the line anyway
  PageCache cache(options, clock);
  cache.Put("home", "x", cache.Ticket(), {LatestListTag()}, Freshness::kList);
  clock.Advance(milliseconds(9'999));
  EXPECT_NE(cache.Get("home"), nullptr);
  clock.Advance(milliseconds(1));
  EXPECT_EQ(cache.Get("home"), nullptr);
}

TEST(PageCacheFreshness, AnEntryEndsWhenALiveValueOnItTurnsStale) {
  ManualClock clock;
  PageCache cache(PageCacheOptions{}, clock);
  // A chip on the page turns stale in 3 s: the page is not served past it.
  cache.Put("post", "x", cache.Ticket(), {PostTag(1)}, Freshness::kPost,
            clock.Now() + 3 * kMicrosPerSecond);
  // One that turns stale in a minute leaves the freshness rule (10 s) in charge.
  cache.Put("other", "y", cache.Ticket(), {PostTag(2)}, Freshness::kPost,
            clock.Now() + 60 * kMicrosPerSecond);
  clock.Advance(milliseconds(2'999));
  EXPECT_NE(cache.Get("post"), nullptr);
  clock.Advance(milliseconds(1));
  EXPECT_EQ(cache.Get("post"), nullptr);
  clock.Advance(milliseconds(6'999));
  EXPECT_NE(cache.Get("other"), nullptr);
  clock.Advance(milliseconds(1));
  EXPECT_EQ(cache.Get("other"), nullptr);
}

TEST(PageCacheMetrics, ReportsHitsMissesEntriesAndDrops) {
  ManualClock clock;
  ops::Registry metrics;
  PageCache cache(PageCacheOptions{}, clock, &metrics);
  cache.Get("a");  // miss
  cache.Put("a", "x", cache.Ticket(), {PostTag(1)}, Freshness::kPost);
  cache.Put("b", "y", cache.Ticket(), {PostTag(2)}, Freshness::kPost);
  cache.Get("a");  // hit
  cache.Get("a");  // hit
  cache.Drop({PostTag(1)});
  clock.Advance(seconds(11));
  cache.Get("b");  // expired: a miss, and a drop for that reason
  const std::string text = metrics.Render();
  EXPECT_NE(text.find("plaza_page_cache_hits_total 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("plaza_page_cache_misses_total 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("plaza_page_cache_entries 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("plaza_page_cache_dropped_total{reason=\"invalidated\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("plaza_page_cache_dropped_total{reason=\"expired\"} 1\n"), std::string::npos)
      << text;
}

}  // namespace
}  // namespace plaza::http
