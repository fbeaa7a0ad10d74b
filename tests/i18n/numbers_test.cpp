// The digits and grouping separator of every locale (i18n/numbers.hpp) write numbers exactly as
// the catalogs' {n, number} does: what the page's script does with them (plaza.js
// formatNumber) matches what the server wrote.

#include "i18n/numbers.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "i18n/catalog.hpp"
#include "i18n/locales.hpp"

namespace plaza {
namespace {

// The integer as plaza.js writes it: the locale's digits, its separator every three digits.
std::string Write(std::int64_t n, const NumberSymbols& symbols) {
  const std::string ascii = std::to_string(n);
  std::vector<std::string> digits;
  for (std::size_t i = 0; i < symbols.digits.size();) {
    std::size_t len = 1;
    while (i + len < symbols.digits.size() && (symbols.digits[i + len] & 0xC0) == 0x80) ++len;
    digits.push_back(symbols.digits.substr(i, len));
    i += len;
  }
  EXPECT_EQ(digits.size(), 10u) << symbols.digits;
  std::string out;
  for (std::size_t i = 0; i < ascii.size(); ++i) {
    if (i > 0 && (ascii.size() - i) % 3 == 0) out += symbols.group;
    out += digits.at(ascii[i] - '0');
  }
  return out;
}

TEST(LocaleNumberSymbols, ArabicWritesArabicIndicDigits) {
  EXPECT_EQ(LocaleNumberSymbols("ar").digits, "٠١٢٣٤٥٦٧٨٩");
  EXPECT_EQ(LocaleNumberSymbols("ar").group, "٬");
  EXPECT_EQ(LocaleNumberSymbols("en").digits, "0123456789");
  EXPECT_EQ(LocaleNumberSymbols("en").group, ",");
  EXPECT_EQ(LocaleNumberSymbols("not a tag!").digits, "0123456789");
}

TEST(LocaleNumberSymbols, MatchTheCatalogsNumbersInEveryLocale) {
  auto catalogs = Catalogs::LoadEmbedded();
  ASSERT_TRUE(catalogs) << catalogs.error().message;
  for (const LocaleInfo& info : Locales()) {
    const std::string tag(info.tag);
    const NumberSymbols symbols = LocaleNumberSymbols(tag);
    const Catalog& catalog = (*catalogs)->For(tag);
    for (std::int64_t n : {0, 7, 400, 1234, 1234567}) {
      EXPECT_EQ(catalog.Format("action.count", {{"count", n}}), Write(n, symbols)) << tag << n;
    }
    // The comment counter, as the server renders it before any typing and the script after.
    EXPECT_EQ(
        catalog.Format("comment.counter", {{"count", std::int64_t{3}}, {"max", std::int64_t{400}}}),
        Write(3, symbols) + "/" + Write(400, symbols))
        << tag;
  }
}

}  // namespace
}  // namespace plaza
