#include "i18n/datetime.hpp"

#include <gtest/gtest.h>

namespace plaza {
namespace {

// 2026-11-28T21:36:02Z
constexpr Timestamp kWhen = 1'795'901'762LL * kMicrosPerSecond;

TEST(FormatDateTimeUtc, UsesTheLocalesFormatInUtc) {
  std::string en = FormatDateTimeUtc("en", kWhen);
  EXPECT_NE(en.find("Nov 28, 2026"), std::string::npos) << en;
  EXPECT_NE(en.find("9:36"), std::string::npos) << en;
  std::string fr = FormatDateTimeUtc("fr", kWhen);
  EXPECT_NE(fr.find("28 nov. 2026"), std::string::npos) << fr;
  EXPECT_NE(fr.find("21:36"), std::string::npos) << fr;
}

TEST(FormatDateTimeUtc, AcceptsUnknownTags) {
  EXPECT_FALSE(FormatDateTimeUtc("not a tag!", kWhen).empty());
}

}  // namespace
}  // namespace plaza
