// The router and the text handling of MakeTranslator, over scripted engines (fake_engine.hpp),
// then end to end through the real Apertium pipelines (en → fr through es).

#include "translate/translator.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "fake_engine.hpp"
#include "translate/apertium_engine.hpp"
#include "translate/engines.hpp"
#include "translate/spans.hpp"

namespace plaza::translate {
namespace {

using testing::FakeEngine;
using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string Describe(const Route& route) {
  std::string out;
  for (const Hop& hop : route.hops) {
    out += (out.empty() ? "" : " | ") + hop.engine + ":" + hop.from + ">" + hop.to;
  }
  return out;
}

// Apertium's and OpenCC's pairs (DESIGN.md §4) as two fake engines, and an HTTP engine after
// them offering en <-> vi and en -> fr.
struct Fakes {
  FakeEngine* apertium;
  FakeEngine* opencc;
  FakeEngine* http;
  std::unique_ptr<Translator> translator;
};

Fakes MakeFakes() {
  auto apertium = std::make_unique<FakeEngine>("apertium", Pairs{{"en", "es"},
                                                                 {"es", "en"},
                                                                 {"fr", "es"},
                                                                 {"es", "fr"},
                                                                 {"es", "pt-PT"},
                                                                 {"es", "pt-BR"},
                                                                 {"pt", "es"}});
  auto opencc =
      std::make_unique<FakeEngine>("opencc", Pairs{{"zh-Hans", "zh-Hant"}, {"zh-Hant", "zh-Hans"}});
  auto http = std::make_unique<FakeEngine>("libretranslate",
                                           Pairs{{"en", "vi"}, {"vi", "en"}, {"en", "fr"}});
  Fakes fakes{apertium.get(), opencc.get(), http.get(), nullptr};
  std::vector<std::unique_ptr<Engine>> engines;
  engines.push_back(std::move(apertium));
  engines.push_back(std::move(opencc));
  engines.push_back(std::move(http));
  fakes.translator = MakeTranslator(std::move(engines));
  return fakes;
}

TEST(TranslateRouter, DirectRoutesWinOverPivotsEvenFromALaterEngine) {
  auto fakes = MakeFakes();
  auto route = fakes.translator->RouteFor("en", "fr");
  ASSERT_TRUE(route);
  EXPECT_EQ(Describe(*route), "libretranslate:en>fr");
  EXPECT_FALSE(fakes.translator->IsOffline(*route));
}

TEST(TranslateRouter, PivotsThroughSpanish) {
  auto fakes = MakeFakes();
  EXPECT_EQ(Describe(*fakes.translator->RouteFor("fr", "en")), "apertium:fr>es | apertium:es>en");
  EXPECT_EQ(Describe(*fakes.translator->RouteFor("en", "pt-BR")),
            "apertium:en>es | apertium:es>pt-BR");
  EXPECT_EQ(Describe(*fakes.translator->RouteFor("pt", "en")), "apertium:pt>es | apertium:es>en");
  EXPECT_TRUE(fakes.translator->IsOffline(*fakes.translator->RouteFor("pt", "en")));
  EXPECT_EQ(fakes.translator->RouteFor("fr", "en")->EngineKey(), "apertium+apertium");
  // Three hops: vi → en (HTTP) → es → pt-PT.
  EXPECT_EQ(Describe(*fakes.translator->RouteFor("vi", "pt-PT")),
            "libretranslate:vi>en | apertium:en>es | apertium:es>pt-PT");
}

TEST(TranslateRouter, SameLanguageAndUnreachableHaveNoRoute) {
  auto fakes = MakeFakes();
  EXPECT_FALSE(fakes.translator->RouteFor("pt", "pt-BR"));
  EXPECT_FALSE(fakes.translator->RouteFor("en", "en"));
  EXPECT_FALSE(fakes.translator->RouteFor("zh-Hans", "en"));
  EXPECT_FALSE(fakes.translator->RouteFor("xx", "en"));
  EXPECT_EQ(Describe(*fakes.translator->RouteFor("zh-Hans", "zh-Hant")), "opencc:zh-Hans>zh-Hant");
}

TEST(TranslateRouter, EngineOrderBreaksTies) {
  auto first = std::make_unique<FakeEngine>("llm", Pairs{{"en", "ja"}});
  auto second = std::make_unique<FakeEngine>("libretranslate", Pairs{{"en", "ja"}});
  std::vector<std::unique_ptr<Engine>> engines;
  engines.push_back(std::move(first));
  engines.push_back(std::move(second));
  auto translator = MakeTranslator(std::move(engines));
  EXPECT_EQ(Describe(*translator->RouteFor("en", "ja")), "llm:en>ja");
}

TEST(TranslateRouter, RoutesListsEveryPair) {
  auto fakes = MakeFakes();
  const auto routes = fakes.translator->Routes();
  std::size_t offline = 0;
  for (const auto& [pair, route] : routes) {
    EXPECT_FALSE(route.hops.empty());
    EXPECT_EQ(route.hops.front().from, pair.first);
    EXPECT_EQ(route.hops.back().to, pair.second);
    if (fakes.translator->IsOffline(route)) ++offline;
  }
  // Offline: en, es and fr into four targets each and pt into three (en, es, fr), less en → fr
  // (the direct HTTP pair wins), and the Chinese pair.
  EXPECT_EQ(offline, 4u + 4u + 4u + 3u - 1u + 2u);
}

TEST(TranslateMarkdown, KeepsStructureAndProtectedSpans) {
  auto fakes = MakeFakes();
  const std::string markdown =
      "# Price of $BTC\n\nRead **this** at https://example.com/x and ask @alice about "
      "`make run` or 64,250 units.\n\n```\nnot translated\n```\n\n- item one\n- item two\n";
  auto out = fakes.translator->TranslateMarkdown(*fakes.translator->RouteFor("fr", "en"), markdown);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out,
            "# PRICE OF $BTC\n\nREAD **THIS** AT https://example.com/x AND ASK @alice ABOUT "
            "`make run` OR 64,250 UNITS.\n\n```\nnot translated\n```\n\n- ITEM ONE\n- ITEM TWO\n");
  // Each hop saw the same segments, with the marks (pivots keep spans protected).
  EXPECT_EQ(fakes.apertium->calls().front(), std::make_pair(std::string("fr"), std::string("es")));
  EXPECT_EQ(fakes.apertium->calls().back(), std::make_pair(std::string("es"), std::string("en")));
}

TEST(TranslateMarkdown, ALongBodyIsChunkedWithinTheLimit) {
  auto fakes = MakeFakes();
  std::string paragraph;
  while (paragraph.size() < 50'000) paragraph += "The market went up again today. ";
  auto out =
      fakes.translator->TranslateMarkdown(*fakes.translator->RouteFor("en", "es"), paragraph);
  ASSERT_TRUE(out);
  std::string upper = paragraph;
  for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  // Trailing whitespace of the block stays outside the engines.
  EXPECT_EQ(*out, upper);
  const auto sent = fakes.apertium->sent();
  EXPECT_GT(sent.size(), 20u);
  for (const std::string& s : sent) EXPECT_LE(s.size(), kMaxChunkBytes);
}

TEST(TranslateMarkdown, BadInputStaysSafe) {
  auto fakes = MakeFakes();
  const std::string input = std::string("nul\0here ", 9) + "\u202Eevil\u202C 🚀 mixed Ελληνικά " +
                            "\xFF" + std::string(kSpanOpen) + " end";
  auto out = fakes.translator->TranslateMarkdown(*fakes.translator->RouteFor("en", "es"), input);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out,
            "NUL\xEF\xBF\xBDHERE \u202E"
            "EVIL\u202C 🚀 MIXED Ελληνικά \xEF\xBF\xBD\xEF\xBF\xBD END");
  // The engine never saw a NUL, a bidi control or an emoji outside a protected span.
  for (const std::string& s : fakes.apertium->sent()) {
    for (const Piece& piece : SplitSpans(s)) {
      if (piece.is_protected) continue;
      EXPECT_EQ(piece.text.find('\0'), std::string::npos);
      EXPECT_EQ(piece.text.find("\u202E"), std::string::npos);
      EXPECT_EQ(piece.text.find("🚀"), std::string::npos);
    }
  }
}

TEST(TranslatePlain, OneSegmentPerLineAndFailuresPropagate) {
  auto fakes = MakeFakes();
  const Route route = *fakes.translator->RouteFor("en", "vi");
  auto out = fakes.translator->TranslatePlain(route, "first line\n\nthird $ETH 42");
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, "FIRST LINE\n\nTHIRD $ETH 42");
  fakes.http->set_fail(true);
  auto failed = fakes.translator->TranslatePlain(route, "hello");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::kUnavailable);
  // Nothing to translate needs no engine.
  EXPECT_EQ(*fakes.translator->TranslatePlain(route, "42 🚀"), "42 🚀");
}

TEST(TranslateReal, EnglishToFrenchThroughSpanishKeepsMarkdown) {
  if (!std::filesystem::exists("/usr/share/apertium/modes/eng-spa.mode")) {
    GTEST_SKIP() << "Apertium not installed";
  }
  TranslationOptions options;
  options.apertium_pool_size = 1;
  auto engines = MakeEngines(options, outgoing::OutgoingOptions{});
  ASSERT_TRUE(engines) << engines.error().message;
  auto translator = MakeTranslator(std::move(*engines));
  const auto route = translator->RouteFor("en", "fr");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->EngineKey(), "apertium+apertium");
  EXPECT_FALSE(translator->RouteFor("ru", "uk"));
  auto out = translator->TranslateMarkdown(
      *route,
      "The **house** is big. Buy $BTC at https://x.org/a?b=1 now, @bob!\n\n"
      "```\nkeep this\n```\n");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_NE(out->find("maison"), std::string::npos) << *out;
  EXPECT_NE(out->find("**"), std::string::npos) << *out;
  EXPECT_NE(out->find("$BTC"), std::string::npos) << *out;
  EXPECT_NE(out->find("https://x.org/a?b=1"), std::string::npos) << *out;
  EXPECT_NE(out->find("@bob"), std::string::npos) << *out;
  EXPECT_NE(out->find("```\nkeep this\n```\n"), std::string::npos) << *out;
  auto hant = translator->TranslatePlain(*translator->RouteFor("zh-Hans", "zh-Hant"), "软件");
  ASSERT_TRUE(hant);
  EXPECT_EQ(*hant, "軟體");
}

}  // namespace
}  // namespace plaza::translate
