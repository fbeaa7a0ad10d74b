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
