// The waits between attempts: Retry-After in both forms, exponential backoff within its jitter
// bounds and cap. No server: the wait is computed, not slept.

#include <gtest/gtest.h>

#include <chrono>

#include "core/clock.hpp"
#include "outgoing/http_client.hpp"

namespace plaza::outgoing {
namespace {

using std::chrono::milliseconds;

TEST(OutgoingRetryAfter, ReadsDeltaSecondsAndHttpDates) {
  const ManualClock clock;
  const Timestamp now = clock.Now();
  EXPECT_EQ(ParseRetryAfter("120", now), milliseconds(120'000));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), milliseconds(0));
  EXPECT_EQ(ParseRetryAfter(FormatHttpDate(now + 7 * kMicrosPerSecond), now), milliseconds(7000));
  // A date in the past: go now.
  EXPECT_EQ(ParseRetryAfter(FormatHttpDate(now - 60 * kMicrosPerSecond), now), milliseconds(0));
  // The obsolete RFC 850 and asctime forms, which recipients must still read (the clock stands
  // at 2023-11-14T22:13:20Z).
  EXPECT_EQ(FormatRfc3339(now), "2023-11-14T22:13:20Z");
  EXPECT_EQ(ParseRetryAfter("Tuesday, 14-Nov-23 22:14:20 GMT", now), milliseconds(60'000));
  EXPECT_EQ(ParseRetryAfter("Tue Nov 14 22:13:50 2023", now), milliseconds(30'000));
  EXPECT_EQ(ParseRetryAfter("", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("soon", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("12s", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("-5", now), std::nullopt);
  EXPECT_GT(ParseRetryAfter("99999999999999999999999", now), milliseconds(3'600'000));
}

class OutgoingBackoff : public ::testing::Test {
 protected:
  std::unique_ptr<HttpClient> client_ = [] {
    auto client = HttpClient::Create("test", {"http://127.0.0.1:9/api"}, {});
    EXPECT_TRUE(client) << client.error().message;
    return std::move(*client);
  }();
};

TEST_F(OutgoingBackoff, DoublesWithinJitterBoundsUpToTheCap) {
  RetryPolicy policy;
  policy.backoff_initial_ms = 100;
  policy.backoff_max_ms = 1000;
  // attempt n waits within [c/2, c], c = min(100 * 2^(n-1), 1000).
  const int ceilings[] = {100, 200, 400, 800, 1000, 1000};
  for (int attempt = 1; attempt <= 6; ++attempt) {
    const int ceiling = ceilings[attempt - 1];
    bool below_ceiling = false;
    for (int draw = 0; draw < 200; ++draw) {
      const auto wait = client_->WaitBefore(attempt, policy, "");
      ASSERT_TRUE(wait);
      EXPECT_GE(wait->count(), ceiling / 2) << "attempt " << attempt;
      EXPECT_LE(wait->count(), ceiling) << "attempt " << attempt;
      below_ceiling = below_ceiling || wait->count() < ceiling;
    }
    EXPECT_TRUE(below_ceiling) << "no jitter at attempt " << attempt;
  }
}

TEST_F(OutgoingBackoff, RetryAfterWinsUpToItsCap) {
  RetryPolicy policy;
  policy.retry_after_max_ms = 10'000;
  EXPECT_EQ(client_->WaitBefore(1, policy, "3"), milliseconds(3000));
  EXPECT_EQ(client_->WaitBefore(1, policy, "10"), milliseconds(10'000));
  // Longer than the cap: no further attempt now.
  EXPECT_EQ(client_->WaitBefore(1, policy, "11"), std::nullopt);
  // Unreadable: the backoff applies.
  const auto wait = client_->WaitBefore(1, policy, "later");
  ASSERT_TRUE(wait);
  EXPECT_LE(wait->count(), policy.backoff_initial_ms);
}

}  // namespace
}  // namespace plaza::outgoing
