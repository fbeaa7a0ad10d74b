#include "http/handlers/page_cache.hpp"

#include <gtest/gtest.h>

namespace plaza::http {
namespace {

TEST(PageCache, StoresAndReturnsPages) {
  PageCache cache(true);
  cache.Put("post|/p/1-a||en", "<html>1</html>", cache.Generation());
  auto hit = cache.Get("post|/p/1-a||en");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(*hit, "<html>1</html>");
  EXPECT_EQ(cache.Get("post|/p/1-a||fr"), nullptr);
}

TEST(PageCache, ClearForgetsEverything) {
  PageCache cache(true);
  cache.Put("a", "1", cache.Generation());
  cache.Put("b", "2", cache.Generation());
  cache.Clear();
  EXPECT_EQ(cache.Get("a"), nullptr);
  EXPECT_EQ(cache.Get("b"), nullptr);
}

TEST(PageCache, RenderStartedBeforeAWriteIsNotStored) {
  PageCache cache(true);
  const auto generation = cache.Generation();  // a request reads the post...
  cache.Clear();                               // ...an edit lands...
  cache.Put("a", "old page", generation);      // ...the old render must not be kept
  EXPECT_EQ(cache.Get("a"), nullptr);
}

TEST(PageCache, ClearPostForgetsOnlyThatPostsEntries) {
  PageCache cache(true);
  cache.Put("post|/p/1-a||en", "page 1", cache.Generation(), 1);
  cache.Put("api:post:1", "json 1", cache.Generation(), 1);
  cache.Put("post|/p/2-b||en", "page 2", cache.Generation(), 2);
  cache.Put("home||en", "home", cache.Generation());
  cache.ClearPost(1);
  EXPECT_EQ(cache.Get("post|/p/1-a||en"), nullptr);
  EXPECT_EQ(cache.Get("api:post:1"), nullptr);
  ASSERT_NE(cache.Get("post|/p/2-b||en"), nullptr);
  ASSERT_NE(cache.Get("home||en"), nullptr);
}

TEST(PageCache, RenderStartedBeforeAClearPostIsNotStored) {
  PageCache cache(true);
  const auto generation = cache.Generation();  // a page of post 1 reads "pending"...
  cache.ClearPost(1);                          // ...its summary is stored...
  cache.Put("post|/p/1-a||en", "pending page", generation, 1);  // ...the stale render is dropped
  EXPECT_EQ(cache.Get("post|/p/1-a||en"), nullptr);
}

TEST(PageCache, DisabledCacheStoresNothing) {
  PageCache cache(false);
  cache.Put("a", "1", cache.Generation());
  EXPECT_EQ(cache.Get("a"), nullptr);
}

TEST(PageCache, StaysBounded) {
  PageCache cache(true, 2);
  cache.Put("a", "1", cache.Generation());
  cache.Put("b", "2", cache.Generation());
  cache.Put("c", "3", cache.Generation());
  EXPECT_NE(cache.Get("c"), nullptr);
  int kept = (cache.Get("a") != nullptr) + (cache.Get("b") != nullptr);
  EXPECT_LT(kept, 2);
}

}  // namespace
}  // namespace plaza::http
