// The Apertium engine against the real Debian pipelines (eng-spa, es-fr), and against pipelines
// that hang, crash or answer nothing (bash wrappers injected as the mode's command).

#include "translate/apertium_engine.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "translate/fake_apertium.hpp"
#include "translate/spans.hpp"

namespace plaza::translate {
namespace {

using testing::ApertiumInstalled;
using testing::kWrapper;
using testing::ModesDir;
using testing::WrapperOptions;

TEST(ApertiumEscaping, SpecialCharactersAndSpansRoundTrip) {
  std::vector<std::string> spans;
  const std::string segment = "a^b $c [d] {e} \\f /g @h <i>" + Protect("[x]\\y");
  const std::string escaped = EscapeForApertium(segment, spans);
  EXPECT_EQ(escaped, "a\\^b \\$c \\[d\\] \\{e\\} \\\\f \\/g \\@h \\<i\\>[0]");
  ASSERT_EQ(spans, (std::vector<std::string>{"[x]\\y"}));
  EXPECT_EQ(UnescapeFromApertium(escaped, spans), segment);
}

TEST(ApertiumEscaping, DroppedSpansAreAppendedAndForeignBracketsKept) {
  const std::vector<std::string> spans{"`a`", "`b`"};
  EXPECT_EQ(UnescapeFromApertium("x [1] y", spans), "x " + Protect("`b`") + " y " + Protect("`a`"));
  EXPECT_EQ(UnescapeFromApertium("[word] z", {}), " z");
}

TEST(ApertiumModes, NamesMapToContentCodesAndTargets) {
  EXPECT_EQ(ApertiumSourceCode("eng"), "en");
  EXPECT_EQ(ApertiumSourceCode("spa"), "es");
  EXPECT_EQ(ApertiumTargetCode("pt"), "pt-PT");
  EXPECT_EQ(ApertiumTargetCode("pt_BR"), "pt-BR");
  EXPECT_EQ(ApertiumSourceCode("pt_BR"), "");
  EXPECT_EQ(ApertiumSourceCode("rus"), "");
}

TEST(ApertiumEngine, OffersWorkingModesAndNeverRussianUkrainian) {
  ModesDir dir({"eng-spa", "rus-ukr", "ukr-rus", "eco-es-fr", "xyz-abc"}, /*real=*/false);
  auto engine = ApertiumEngine::Create(WrapperOptions(dir));
  ASSERT_TRUE(engine) << engine.error().message;
  EXPECT_EQ((*engine)->Pairs(), (std::vector<std::pair<std::string, std::string>>{{"en", "es"}}));
  EXPECT_EQ((*engine)->skipped().size(), 4u);
}

TEST(ApertiumEngine, AModeThatFailsItsProbeIsLeftOut) {
  ModesDir dir({"eng-spa", "spa-eng"}, /*real=*/false);
  ApertiumOptions options = WrapperOptions(dir);
  options.command = [](const std::string& mode) -> Result<std::vector<std::string>> {
    if (mode.ends_with("spa-eng.mode")) return std::vector<std::string>{"bash", "-c", "exit 1"};
    return std::vector<std::string>{"bash", "-c", std::string(kWrapper)};
  };
  auto engine = ApertiumEngine::Create(options);
  ASSERT_TRUE(engine);
  EXPECT_EQ((*engine)->Pairs(), (std::vector<std::pair<std::string, std::string>>{{"en", "es"}}));
}

TEST(ApertiumEngine, AHungPipelineIsKilledAfterTheTimeoutAndReplaced) {
  ModesDir dir({"eng-spa"}, /*real=*/false);
  auto engine = ApertiumEngine::Create(WrapperOptions(dir));
  ASSERT_TRUE(engine);
  const auto started = (*engine)->started();
  auto hung = (*engine)->Translate("en", "es", {"please HANG here"});
  ASSERT_FALSE(hung);
  EXPECT_EQ(hung.error().code, Errc::kUnavailable);
  EXPECT_NE(hung.error().message.find("timed out"), std::string::npos);
  auto next = (*engine)->Translate("en", "es", {"hello"});
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ((*next)[0], "T:hello");
  EXPECT_EQ((*engine)->started(), started + 1);  // a fresh pipeline answered
}

TEST(ApertiumEngine, ACrashedPipelineIsRestarted) {
  ModesDir dir({"eng-spa"}, /*real=*/false);
  auto engine = ApertiumEngine::Create(WrapperOptions(dir));
  ASSERT_TRUE(engine);
  auto crashed = (*engine)->Translate("en", "es", {"CRASH now"});
  ASSERT_FALSE(crashed);
  EXPECT_NE(crashed.error().message.find("crashed"), std::string::npos);
  auto next = (*engine)->Translate("en", "es", {"again", "and again"});
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(*next, (std::vector<std::string>{"T:again", "T:and again"}));
}

TEST(ApertiumEngine, EmptyOutputAndSilenceAreFailures) {
  ModesDir dir({"eng-spa"}, /*real=*/false);
  auto engine = ApertiumEngine::Create(WrapperOptions(dir));
  ASSERT_TRUE(engine);
  auto silent = (*engine)->Translate("en", "es", {"SILENT please"});
  ASSERT_FALSE(silent);
  EXPECT_NE(silent.error().message.find("timed out"), std::string::npos);
  auto empty = (*engine)->Translate("en", "es", {"EMPTY please"});
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("answered nothing"), std::string::npos);
  EXPECT_TRUE((*engine)->Translate("en", "es", {"fine"}));
}

TEST(ApertiumEngine, PairsItDoesNotOfferAreRefused) {
  ModesDir dir({"eng-spa"}, /*real=*/false);
  auto engine = ApertiumEngine::Create(WrapperOptions(dir));
  ASSERT_TRUE(engine);
  auto refused = (*engine)->Translate("es", "en", {"hola"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kInvalidArgument);
}

TEST(ApertiumEngine, ConcurrentCallersShareThePool) {
  ModesDir dir({"eng-spa"}, /*real=*/false);
  auto engine = ApertiumEngine::Create(WrapperOptions(dir));
  ASSERT_TRUE(engine);
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const std::string text = "w" + std::to_string(t) + "x" + std::to_string(i);
        auto out = (*engine)->Translate("en", "es", {text});
        if (out && (*out)[0] == "T:" + text) ++good;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good.load(), 80);
  EXPECT_LE((*engine)->started(), 2u);  // never more pipelines than the pool's size
}

TEST(ApertiumReal, TranslatesWithSpecialCharactersAndSuperblanks) {
  if (!ApertiumInstalled()) GTEST_SKIP() << "Apertium eng-spa/es-fr not installed";
  ModesDir dir({"eng-spa", "es-fr"}, /*real=*/true);
  ApertiumOptions options;
  options.modes_dir = dir.path();
  options.pool_size = 1;
  auto engine = ApertiumEngine::Create(options);
  ASSERT_TRUE(engine) << engine.error().message;
  EXPECT_EQ((*engine)->Pairs(),
            (std::vector<std::pair<std::string, std::string>>{{"en", "es"}, {"es", "fr"}}));
  const std::string code = Protect("`x = a[1] ^ $y`");
  const std::string url = Protect("https://example.com/a?b=[c]");
  auto out =
      (*engine)->Translate("en", "es",
                           {"The house is big " + code + " and the dog " + url + " is small.",
                            "Symbols ^ $ [ ] { } \\ / @ < > stay."});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_NE((*out)[0].find("casa"), std::string::npos) << (*out)[0];
  EXPECT_NE((*out)[0].find(code), std::string::npos) << (*out)[0];
  EXPECT_NE((*out)[0].find(url), std::string::npos) << (*out)[0];
  for (std::string_view c : {"^", "$", "[", "]", "{", "}", "\\", "/", "@", "<", ">"}) {
    EXPECT_NE((*out)[1].find(c), std::string::npos) << c << " in " << (*out)[1];
  }
  // The pipeline stays warm: many segments, one process.
  std::vector<std::string> many(20, "The cat sleeps.");
  auto again = (*engine)->Translate("en", "es", many);
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)[19], (*again)[0]);
  EXPECT_EQ((*engine)->started(), 2u);  // one per mode, both from the probes
}

}  // namespace
}  // namespace plaza::translate
