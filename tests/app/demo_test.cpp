#include "app/demo.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "i18n/locales.hpp"
#include "posts/posts.hpp"
#include "scratch_database.hpp"

namespace plaza {
namespace {

using storage_test::Must;

// The embedded demo content (src/app/demo/demo_content.toml) loads into a real SQLite store once.
TEST(DemoContent, LoadsTheEmbeddedFileIntoAnEmptyStoreOnce) {
  auto db = Must(storage_test::ScratchDatabase::Sqlite());
  auto store = Must(db->Open());
  Must(store->Migrate());
  ManualClock clock;
  InMemoryRateLimiter limiter{clock, RateLimit{5, 60}};
  Posts posts(*store, clock, limiter);

  auto added = LoadDemoContent(*store, posts, clock);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(*added, 16);
  auto listed = Must(store->posts().List(std::nullopt, 100, std::nullopt));
  ASSERT_EQ(listed.items.size(), 16u);
  std::set<std::string> languages;
  for (const Post& post : listed.items) {
    EXPECT_NE(FindContentLanguage(post.lang), nullptr) << post.title;
    languages.insert(post.lang);
  }
  EXPECT_EQ(languages.size(), 9u);

  auto again = LoadDemoContent(*store, posts, clock);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 0);
}

}  // namespace
}  // namespace plaza
