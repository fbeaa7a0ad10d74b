// OpenCC through libopencc with the installed configurations (s2twp, tw2sp).

#include "translate/opencc_engine.hpp"

#include <gtest/gtest.h>

#include "translate/spans.hpp"

namespace plaza::translate {
namespace {

TEST(OpenccEngine, SimplifiedToTraditionalUsesTaiwanPhrases) {
  auto engine = OpenccEngine::Create();
  ASSERT_TRUE(engine) << engine.error().message;
  auto out = (*engine)->Translate("zh-Hans", "zh-Hant", {"鼠标和软件的信息", "网络"});
  ASSERT_TRUE(out) << out.error().message;
  // Taiwan phrases: 鼠标 → 滑鼠, 软件 → 軟體, 信息 → 資訊, 网络 → 網路.
  EXPECT_EQ(*out, (std::vector<std::string>{"滑鼠和軟體的資訊", "網路"}));
}

TEST(OpenccEngine, TraditionalToSimplifiedAndSpansUntouched) {
  auto engine = OpenccEngine::Create();
  ASSERT_TRUE(engine);
  const std::string span = Protect("`軟體 = 1`");
  auto out = (*engine)->Translate("zh-Hant", "zh-Hans", {"滑鼠和軟體" + span + "的資訊"});
  ASSERT_TRUE(out);
  EXPECT_EQ((*out)[0], "鼠标和软件" + span + "的信息");
}

TEST(OpenccEngine, OffersOnlyTheChinesePairs) {
  auto engine = OpenccEngine::Create();
  ASSERT_TRUE(engine);
  EXPECT_EQ((*engine)->Pairs().size(), 2u);
  auto refused = (*engine)->Translate("en", "zh-Hant", {"hello"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kInvalidArgument);
}

TEST(OpenccEngine, AMissingConfigurationIsReported) {
  auto engine = OpenccEngine::Create("/nonexistent/opencc");
  ASSERT_FALSE(engine);
  EXPECT_EQ(engine.error().code, Errc::kUnavailable);
}

}  // namespace
}  // namespace plaza::translate
