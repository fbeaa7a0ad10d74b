#include <gtest/gtest.h>

#include <limits>

#include "jobs/job_runner.hpp"

namespace plaza::jobs {
namespace {

constexpr std::int64_t kBase = 2'000;
constexpr std::int64_t kMax = 600'000;

TEST(JobBackoff, FirstRetryWaitsTheBaseDelay) {
  EXPECT_EQ(BackoffUs(1, kBase, kMax, 0), 2'000'000);
}

TEST(JobBackoff, DoublesAfterEachFailedAttempt) {
  EXPECT_EQ(BackoffUs(2, kBase, kMax, 0), 4'000'000);
  EXPECT_EQ(BackoffUs(3, kBase, kMax, 0), 8'000'000);
  EXPECT_EQ(BackoffUs(9, kBase, kMax, 0), 512'000'000);
}

TEST(JobBackoff, IsCappedAtTheMaximum) {
  EXPECT_EQ(BackoffUs(10, kBase, kMax, 0), 600'000'000);
  EXPECT_EQ(BackoffUs(std::numeric_limits<int>::max(), kBase, kMax, 0), 600'000'000);
}

TEST(JobBackoff, JitterMovesTheDelayByUpToTwentyPercent) {
  EXPECT_EQ(BackoffUs(1, kBase, kMax, 1.0), 2'400'000);
  EXPECT_EQ(BackoffUs(1, kBase, kMax, -1.0), 1'600'000);
  EXPECT_EQ(BackoffUs(1, kBase, kMax, 0.5), 2'200'000);
  EXPECT_EQ(BackoffUs(1, kBase, kMax, 7.0), 2'400'000) << "jitter is clamped to [-1, 1]";
}

TEST(JobBackoff, JitterNeverGoesPastTheMaximum) {
  EXPECT_EQ(BackoffUs(20, kBase, kMax, 1.0), 600'000'000);
  EXPECT_EQ(BackoffUs(20, kBase, kMax, -1.0), 480'000'000);
}

TEST(JobBackoff, BaseAboveMaximumIsCapped) { EXPECT_EQ(BackoffUs(1, 5'000, 1'000, 0), 1'000'000); }

TEST(JobBackoff, ZeroBaseRetriesAtOnce) { EXPECT_EQ(BackoffUs(3, 0, kMax, 1.0), 0); }

}  // namespace
}  // namespace plaza::jobs
