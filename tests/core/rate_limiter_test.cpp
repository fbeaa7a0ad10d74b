#include "core/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace plaza {
namespace {

TEST(InMemoryRateLimiter, RefusesOverLimitWithRetryAfter) {
  ManualClock clock;
  InMemoryRateLimiter limiter(clock, RateLimit{3, 60});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Hit("a")) << i;
  auto refused = limiter.Hit("a");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kRateLimited);
  ASSERT_TRUE(refused.error().retry_after_s.has_value());
  EXPECT_EQ(*refused.error().retry_after_s, 60);
  clock.Advance(std::chrono::seconds(45));
  refused = limiter.Hit("a");
  ASSERT_FALSE(refused);
  EXPECT_EQ(*refused.error().retry_after_s, 15);
}

TEST(InMemoryRateLimiter, KeysAreIndependent) {
  ManualClock clock;
  InMemoryRateLimiter limiter(clock, RateLimit{1, 60});
  EXPECT_TRUE(limiter.Hit("a"));
  EXPECT_FALSE(limiter.Hit("a"));
  EXPECT_TRUE(limiter.Hit("b"));
}

TEST(InMemoryRateLimiter, WindowResetsAfterItPasses) {
  ManualClock clock;
  InMemoryRateLimiter limiter(clock, RateLimit{1, 10});
  EXPECT_TRUE(limiter.Hit("a"));
  EXPECT_FALSE(limiter.Hit("a"));
  clock.Advance(std::chrono::seconds(10));
  EXPECT_TRUE(limiter.Hit("a"));
}

TEST(InMemoryRateLimiter, ResetForgetsKey) {
  ManualClock clock;
  InMemoryRateLimiter limiter(clock, RateLimit{1, 60});
  EXPECT_TRUE(limiter.Hit("a"));
  limiter.Reset("a");
  EXPECT_TRUE(limiter.Hit("a"));
}

TEST(InMemoryRateLimiter, BoundedKeysRefuseWhenFullOfLiveWindows) {
  ManualClock clock;
  InMemoryRateLimiter limiter(clock, RateLimit{5, 60}, 2);
  EXPECT_TRUE(limiter.Hit("a"));
  EXPECT_TRUE(limiter.Hit("b"));
  EXPECT_FALSE(limiter.Hit("c"));
  clock.Advance(std::chrono::seconds(61));
  EXPECT_TRUE(limiter.Hit("c"));  // old windows swept
}

}  // namespace
}  // namespace plaza
