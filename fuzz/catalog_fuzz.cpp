// The catalog parser (src/i18n/catalog.*): a locale's TOML file of ICU MessageFormat patterns.
// Properties: a parsed catalog formats each of its keys (with and without arguments) to valid
// UTF-8 without failing; a key it does not hold formats as the key itself.

#include "core/utf8.hpp"
#include "fuzz/fuzz_check.hpp"
#include "i18n/catalog.hpp"

using plaza::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto catalog = plaza::Catalog::Parse("fr", plaza::fuzz::AsText(data, size));
  if (!catalog) return 0;
  const plaza::MessageArgs args = {
      {"count", std::int64_t{3}}, {"name", std::string("Ana")}, {"n", std::int64_t{-1}}};
  for (const auto& key : catalog->Keys()) {
    Require(catalog->Has(key), "a listed key is held");
    Require(plaza::text::IsValidUtf8(catalog->Format(key, args)), "formatted text is UTF-8");
    Require(plaza::text::IsValidUtf8(catalog->Format(key)), "formatted text is UTF-8");
  }
  Require(
      catalog->Format("fuzz.absent.key") == "fuzz.absent.key" || catalog->Has("fuzz.absent.key"),
      "a missing key formats as itself");
  return 0;
}
