#include "i18n/catalog.hpp"

#include <cstdint>
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

TEST(Catalog, FormatsCountsWithTheLocalesDigitsAndSeparators) {
  const std::string_view pattern = R"(n = "{count, number, integer} · {count}")";
  EXPECT_EQ(MustParse("en", pattern).Format("n", {{"count", std::int64_t{1234567}}}),
            "1,234,567 · 1,234,567");
  EXPECT_EQ(MustParse("de", pattern).Format("n", {{"count", std::int64_t{1234567}}}),
            "1.234.567 · 1.234.567");
  // Arabic writes Arabic-Indic digits with its own group separator (U+066C).
  EXPECT_EQ(MustParse("ar", pattern).Format("n", {{"count", std::int64_t{1234}}}),
            "\u0661\u066c\u0662\u0663\u0664 · \u0661\u066c\u0662\u0663\u0664");
}

TEST(Catalog, FormatsDecimalAmountsWithoutLosingDigits) {
  const std::string_view pattern = R"(a = "{amount, number, ::precision-unlimited} BTC")";
  // 17 significant digits: a double would print 1234567.1234567891 or worse.
  auto amount = DecimalArg::Parse("1234567.12345678901");
  ASSERT_TRUE(amount.has_value());
  EXPECT_EQ(MustParse("en", pattern).Format("a", {{"amount", *amount}}),
            "1,234,567.12345678901 BTC");
  EXPECT_EQ(MustParse("fr", pattern).Format("a", {{"amount", *amount}}),
            "1\u202f234\u202f567,12345678901 BTC");
  EXPECT_EQ(MustParse("en", pattern).Format("a", {{"amount", DecimalArg::FromScaled(-5, 8)}}),
            "-0.00000005 BTC");
}

TEST(Catalog, SelectsPluralsOnADecimalsExactValue) {
  Catalog c = MustParse("en", R"(n = "{amount, plural, one {# coin} other {# coins}}")");
  EXPECT_EQ(c.Format("n", {{"amount", *DecimalArg::Parse("1")}}), "1 coin");
  EXPECT_EQ(c.Format("n", {{"amount", *DecimalArg::Parse("1.5")}}), "1.5 coins");
  // '#' shows the number as the default format does ("1.0" reads "1"), and the form follows it.
  EXPECT_EQ(c.Format("n", {{"amount", *DecimalArg::Parse("1.0")}}), "1 coin");
  // Russian: 1.5 takes the fractional form (other), 2 few, 5 many.
  Catalog ru = MustParse(
      "ru",
      R"(n = "{amount, plural, one {# монета} few {# монеты} many {# монет} other {# монеты}}")");
  EXPECT_EQ(ru.Format("n", {{"amount", *DecimalArg::Parse("1.5")}}), "1,5 монеты");
  EXPECT_EQ(ru.Format("n", {{"amount", *DecimalArg::Parse("5")}}), "5 монет");
}

TEST(DecimalArg, ParsesPlainDecimalsOnly) {
  for (std::string_view ok : {"0", "-0", "12", "-12.5", "0.00000001", "123456789012345678901.5"}) {
    auto d = DecimalArg::Parse(ok);
    ASSERT_TRUE(d.has_value()) << ok;
    EXPECT_EQ(d->digits(), ok);
  }
  for (std::string_view bad :
       {"", "-", ".5", "5.", "1e5", "+1", "1,000", "1.2.3", " 1", "NaN", "0x10", "1_000"}) {
    EXPECT_FALSE(DecimalArg::Parse(bad).has_value()) << bad;
  }
}

TEST(DecimalArg, FromScaledPlacesThePointWithoutFloatingPoint) {
  EXPECT_EQ(DecimalArg::FromScaled(12345, 2).digits(), "123.45");
  EXPECT_EQ(DecimalArg::FromScaled(-12345, 2).digits(), "-123.45");
  EXPECT_EQ(DecimalArg::FromScaled(5, 8).digits(), "0.00000005");
  EXPECT_EQ(DecimalArg::FromScaled(7, 0).digits(), "7");
  EXPECT_EQ(DecimalArg::FromScaled(INT64_MIN, 18).digits(), "-9.223372036854775808");
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
