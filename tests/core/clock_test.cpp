#include "core/clock.hpp"

#include <gtest/gtest.h>

#include "core/result.hpp"

namespace plaza {
namespace {

TEST(Clock, FormatsRfc3339InUtc) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1'795'988'162'123'456), "2026-11-29T21:36:02Z");
}

TEST(Clock, FormatsHttpDate) {
  EXPECT_EQ(FormatHttpDate(784'111'777LL * kMicrosPerSecond), "Sun, 06 Nov 1994 08:49:37 GMT");
}

TEST(Clock, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(10);
  EXPECT_EQ(clock.Now(), 10);
  clock.Advance(std::chrono::microseconds(5));
  EXPECT_EQ(clock.Now(), 15);
}

TEST(Errc, WireNames) {
  EXPECT_STREQ(ErrcName(Errc::kLimitExceeded), "limit_exceeded");
  EXPECT_STREQ(ErrcName(Errc::kGone), "gone");
}

}  // namespace
}  // namespace plaza
