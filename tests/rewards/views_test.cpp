#include "rewards/views.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace plaza::rewards {
namespace {

TEST(LocalAmount, WritesExactMinorUnitsInTheReadersNumberFormat) {
  EXPECT_EQ(LocalAmount("en", 123'450, 2), "1,234.50");
  EXPECT_EQ(LocalAmount("en", 5, 2), "0.05");
  EXPECT_EQ(LocalAmount("en", 0, 2), "0.00");
  EXPECT_EQ(LocalAmount("en", 1'000'001, 6), "1.000001");
  EXPECT_EQ(LocalAmount("de", 123'450, 2), "1.234,50");
  // French groups with a narrow no-break space and writes a decimal comma.
  EXPECT_EQ(LocalAmount("fr", 123'450, 2), "1\u202f234,50");
}

TEST(LocalAmount, KeepsEveryDigitOfTheLargestAmount) {
  // A double would round this to ...758.08 or worse: the path is decimal text throughout.
  EXPECT_EQ(LocalAmount("en", std::numeric_limits<std::int64_t>::max(), 2),
            "92,233,720,368,547,758.07");
  EXPECT_EQ(LocalAmount("en", std::numeric_limits<std::int64_t>::max(), 18),
            "9.223372036854775807");
}

}  // namespace
}  // namespace plaza::rewards
