// Every demo post (src/app/demo/demo_content.toml) reads in every locale that has a route, with
// the real engines (Apertium and OpenCC as installed) after the eager jobs ran in the real job
// runner: translated title and body, a summary in the reader's language, the catalog's "View
// original" label; the original where the language is the reader's own; "not available" where
// no offline route exists (those readers' jobs are queued on demand, not at publish).

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "app/demo.hpp"
#include "i18n/locales.hpp"
#include "module_world.hpp"
#include "summarize/module.hpp"
#include "translate/engines.hpp"
#include "translation/module.hpp"

namespace plaza::translation {
namespace {

using storage_test::Must;

TEST(DemoTranslations, EveryDemoPostReadsInEveryLocaleWithARoute) {
  if (!std::filesystem::exists("/usr/share/apertium/modes/eng-spa.mode")) {
    GTEST_SKIP() << "Apertium not installed (scripts/setup.sh installs it)";
  }
  module_testing::ModuleWorld w;
  // As `plaza serve --demo` runs by default: extractive summaries, Apertium then OpenCC, every
  // locale with an offline route eager.
  const translate::TranslationOptions options;
  auto engines = translate::MakeEngines(options, outgoing::OutgoingOptions{});
  ASSERT_TRUE(engines) << engines.error().message;
  std::shared_ptr<translate::Translator> translator =
      translate::MakeTranslator(std::move(*engines));
  summarize::Register(w.registry, summarize::SummaryOptions{"extractive"}, {}, {}, 3);
  Register(
      w.registry, options,
      [translator]() -> Result<std::shared_ptr<translate::Translator>> { return translator; }, 3);
  ASSERT_TRUE(w.Start());
  auto service = Must(w.registry.MakeTranslations(*w.context));

  ASSERT_EQ(Must(LoadDemoContent(*w.store, *w.posts, w.clock)), 16);
  // Summaries first, then the translations they and the revisions queued.
  while (Must(w.runner->RunPending()) > 0) {
  }

  const auto listed = Must(w.store->posts().List(std::nullopt, 100, std::nullopt));
  ASSERT_EQ(listed.items.size(), 16u);
  std::map<std::string, int> ready_per_locale;
  int summaries = 0;
  for (const Post& listed_post : listed.items) {
    const ReaderPost read = Must(w.posts->Read(listed_post.id));
    const Post& post = read.post;
    const bool has_summary = read.summary.state == summarize::SummaryState::kReady;
    for (const LocaleInfo& locale : Locales()) {
      const std::string tag(locale.tag);
      const std::string target = *translate::TargetForLocale(tag);
      const TranslationView view =
          Must(service->ViewFor(post, read.summary, tag, Queueing::kNever, ""));
      const std::string where = post.lang + " post " + std::to_string(post.id) + " in " + tag;
      if (translate::ContentCodeOfTarget(target) == post.lang) {
        EXPECT_EQ(view.status, TranslationStatus::kOriginal) << where;
        continue;
      }
      if (!translator->RouteFor(post.lang, target)) {
        EXPECT_EQ(view.status, TranslationStatus::kUnavailable) << where;
        continue;
      }
      ASSERT_EQ(view.status, TranslationStatus::kReady) << where;
      ++ready_per_locale[tag];
      EXPECT_FALSE(view.title.empty()) << where;
      EXPECT_NE(view.body_html.find("<p>"), std::string::npos) << where;
      EXPECT_NE(view.body_md, post.body_md) << where;
      EXPECT_FALSE(view.from_name.empty()) << where;
      // "Translated from … · View original", in the locale's own catalog.
      const Catalog& catalog = w.catalogs->For(tag);
      EXPECT_NE(catalog.Pattern("post.view_original"), nullptr) << where;
      EXPECT_NE(catalog.Pattern("post.translated_from"), nullptr) << where;
      if (has_summary) {
        EXPECT_EQ(view.summary_state, SummaryTranslation::kReady) << where;
        EXPECT_FALSE(view.summary.empty()) << where;
        EXPECT_NE(view.summary, read.summary.text) << where;
        ++summaries;
      }
    }
  }
  // The offline routes of DESIGN.md §4: English, French, Spanish and Portuguese among themselves
  // (pivots through Spanish), Chinese both ways.
  EXPECT_EQ(ready_per_locale["es"], 4 + 2 + 2) << "en, fr and pt posts into Spanish";
  EXPECT_EQ(ready_per_locale["fr"], 4 + 2 + 2) << "en, es and pt posts into French";
  EXPECT_EQ(ready_per_locale["en"], 2 + 2 + 2) << "fr, es and pt posts into English";
  EXPECT_EQ(ready_per_locale["pt-PT"], 4 + 2 + 2);
  EXPECT_EQ(ready_per_locale["pt-BR"], 4 + 2 + 2);
  EXPECT_EQ(ready_per_locale["zh-TW"], 2) << "zh-Hans posts through OpenCC";
  // The short demo posts have no summary (too few words); most have one, translated.
  int ready = 0;
  for (const auto& [tag, count] : ready_per_locale) ready += count;
  EXPECT_GT(summaries, ready / 2) << ready;
}

}  // namespace
}  // namespace plaza::translation
