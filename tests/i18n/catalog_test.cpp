#include "i18n/catalog.hpp"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace plaza {
namespace {

Catalog MustParse(std::string_view locale, std::string_view toml) {
  auto c = Catalog::Parse(locale, toml);
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().message);
  return c ? std::move(*c) : Catalog();
}

TEST(Catalog, FlattensTablesIntoDottedKeys) {
  Catalog c = MustParse("en", R"(
top = "Top"
[nav]
home = "Home"
[nav.deep]
leaf = "Leaf"
)");
  EXPECT_EQ(c.Format("top"), "Top");
  EXPECT_EQ(c.Format("nav.home"), "Home");
  EXPECT_EQ(c.Format("nav.deep.leaf"), "Leaf");
  EXPECT_EQ(c.Keys(), (std::vector<std::string>{"nav.deep.leaf", "nav.home", "top"}));
}

TEST(Catalog, AbsorbsAModulesFragment) {
  Catalog core = MustParse("fr", "[nav]\nhome = \"Accueil\"\n");
  const auto id_before = core.id();
  ASSERT_TRUE(core.Absorb(MustParse("fr", "[comment]\nsend = \"Envoyer\"\n")).has_value());
  EXPECT_EQ(core.Format("nav.home"), "Accueil");
  EXPECT_EQ(core.Format("comment.send"), "Envoyer");
  EXPECT_NE(core.id(), id_before);
}

TEST(Catalog, RefusesAKeyDefinedInTwoFragments) {
  Catalog core = MustParse("fr", "[nav]\nhome = \"Accueil\"\n");
  auto r = core.Absorb(MustParse("fr", "[nav]\nhome = \"Maison\"\n"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "nav.home");
  EXPECT_EQ(core.Format("nav.home"), "Accueil");
}

TEST(Catalog, FormatsNamedStringArguments) {
  Catalog c = MustParse("en", R"(greet = "Scan to download the {site} app")");
  EXPECT_EQ(c.Format("greet", {{"site", std::string("Plaza")}}), "Scan to download the Plaza app");
}

TEST(Catalog, FormatsEnglishPlurals) {
  Catalog c = MustParse("en", R"(n = "{count, plural, one {# comment} other {# comments}}")");
  EXPECT_EQ(c.Format("n", {{"count", std::int64_t{1}}}), "1 comment");
  EXPECT_EQ(c.Format("n", {{"count", std::int64_t{0}}}), "0 comments");
  EXPECT_EQ(c.Format("n", {{"count", std::int64_t{1234}}}), "1,234 comments");
}

TEST(Catalog, FormatsPluralsWithTheLocalesRules) {
  // Russian has one/few/many: 1 комментарий, 3 комментария, 5 комментариев.
  Catalog c = MustParse(
      "ru",
      R"(n = "{count, plural, one {# комментарий} few {# комментария} many {# комментариев} other {# комментария}}")");
  EXPECT_EQ(c.Format("n", {{"count", std::int64_t{1}}}), "1 комментарий");
  EXPECT_EQ(c.Format("n", {{"count", std::int64_t{3}}}), "3 комментария");
  EXPECT_EQ(c.Format("n", {{"count", std::int64_t{5}}}), "5 комментариев");
}

TEST(Catalog, FormatsNumbersInTheLocale) {
  Catalog c = MustParse("fr", R"(n = "{count, number, integer}")");
  // French groups thousands with a narrow no-break space (U+202F).
  EXPECT_EQ(c.Format("n", {{"count", std::int64_t{12345}}}), "12\u202f345");
}

TEST(Catalog, KeepsApostrophesInPlainText) {
  Catalog c = MustParse("fr", R"(v = "Voir l'original")");
  EXPECT_EQ(c.Format("v"), "Voir l'original");
}

TEST(Catalog, RejectsABadPatternNamingTheKey) {
  auto c = Catalog::Parse("en", R"(
[post]
fine = "Fine"
broken = "{count, plural, one {# x}"
)");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(c.error().field, "post.broken");
  EXPECT_NE(c.error().message.find("post.broken"), std::string::npos);
}

TEST(Catalog, RejectsAPluralWithoutOther) {
  auto c = Catalog::Parse("en", R"(n = "{count, plural, one {# x}}")");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().field, "n");
}

TEST(Catalog, RejectsNonStringValues) {
  auto c = Catalog::Parse("en", "[a]\nb = 3\n");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().field, "a.b");
}

TEST(Catalog, RejectsInvalidToml) {
  auto c = Catalog::Parse("en", "a = \"unterminated\n");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, Errc::kInvalidArgument);
}

TEST(Catalog, FallsBackToAnotherCatalogForMissingKeys) {
  Catalog en = MustParse("en", "a = \"A in English\"\nb = \"B in English\"\n");
  Catalog fr = MustParse("fr", "a = \"A en français\"\n");
  fr.SetFallback(&en);
  EXPECT_EQ(fr.Format("a"), "A en français");
  EXPECT_EQ(fr.Format("b"), "B in English");
  EXPECT_FALSE(fr.Has("b"));
}

TEST(Catalog, ReturnsTheKeyWhenNoCatalogHasIt) {
  Catalog en = MustParse("en", "a = \"A\"\n");
  EXPECT_EQ(en.Format("nav.missing"), "nav.missing");
}

TEST(Catalog, SetFallbackGivesANewId) {
  Catalog en = MustParse("en", "a = \"A\"\n");
  Catalog fr = MustParse("fr", "a = \"A\"\n");
  std::uint64_t before = fr.id();
  EXPECT_NE(en.id(), fr.id());
  fr.SetFallback(&en);
  EXPECT_NE(fr.id(), before);
}

TEST(Catalog, FormatsFromManyThreadsAtOnce) {
  Catalog c =
      MustParse("en", R"(n = "{count, plural, one {# comment} other {# comments}} by {who}")");
  std::vector<std::thread> threads;
  threads.reserve(8);
  std::vector<int> wrong(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const std::string who = std::string(1, 't').append(std::to_string(t));
      for (int i = 0; i < 500; ++i) {
        std::string expected = std::to_string(i);
        expected.append(i == 1 ? " comment by " : " comments by ").append(who);
        if (c.Format("n", {{"count", std::int64_t{i}}, {"who", who}}) != expected) ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
}

TEST(Catalogs, LoadsTheEmbeddedEnglishCatalog) {
  auto catalogs = Catalogs::LoadEmbedded();
  ASSERT_TRUE(catalogs.has_value()) << catalogs.error().message;
  const Catalog& en = (*catalogs)->For("en");
  EXPECT_EQ(en.locale(), "en");
  EXPECT_EQ(en.Format("summary.generating"), "Generating summary…");
  EXPECT_EQ(en.Format("comment.count", {{"count", std::int64_t{2}}}), "2 comments");
}

TEST(Catalogs, GivesEnglishForALocaleWithoutACatalog) {
  auto catalogs = Catalogs::LoadEmbedded();
  ASSERT_TRUE(catalogs.has_value());
  EXPECT_EQ((*catalogs)->For("xx").locale(), "en");
}

TEST(Catalogs, EnglishHasEveryMessageTheHandlersNeed) {
  auto catalogs = Catalogs::LoadEmbedded();
  ASSERT_TRUE(catalogs.has_value());
  const Catalog& en = (*catalogs)->For("en");
  for (const char* key : {"error.invalid_handle", "error.short_password",
                          "error.handle_taken",   "error.wrong_credentials",
                          "error.rate_limited",   "error.title_too_long",
                          "error.body_too_long",  "error.missing_title",
                          "error.missing_body",   "error.stale_revision",
                          "error.csrf",           "error.generic",
                          "post.translated_from", "post.view_original",
                          "post.disclaimer",      "promo.text",
                          "promo.caption",        "comment.login",
                          "comment.empty",        "feed.load_more",
                          "feed.empty",           "post.edited"}) {
    EXPECT_TRUE(en.Has(key)) << key;
  }
}

}  // namespace
}  // namespace plaza
