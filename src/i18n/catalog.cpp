#include "i18n/catalog.hpp"

#include <algorithm>
#include <atomic>
#include <optional>

#include <toml++/toml.h>
#include <unicode/locid.h>
#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>
#include <unicode/unistr.h>

#include "i18n/formatter_pool.hpp"
#include "web/assets.hpp"

namespace plaza {

struct CompiledMessage {
  explicit CompiledMessage(std::unique_ptr<icu::MessageFormat> f) : pool(std::move(f)) {}
  // The text of a pattern without arguments, formatted once at load: most interface strings
  // are plain, and these then cost a map lookup and a copy.
  std::optional<std::string> plain;
  i18n_detail::FormatterPool<icu::MessageFormat> pool;
};

namespace {

constexpr std::size_t kMaxCatalogBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxPatternBytes = std::size_t{16} * 1024;

std::uint64_t NextCatalogId() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1);
}

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

bool HasArguments(const icu::UnicodeString& pattern) {
  UErrorCode status = U_ZERO_ERROR;
  icu::MessagePattern mp(pattern, nullptr, status);
  if (U_FAILURE(status)) return true;
  for (int32_t i = 0; i < mp.countParts(); ++i) {
    if (mp.getPartType(i) == UMSGPAT_PART_TYPE_ARG_START) return true;
  }
  return false;
}

Result<std::shared_ptr<const CompiledMessage>> Compile(const icu::Locale& locale,
                                                       const std::string& key,
                                                       const std::string& pattern) {
  if (pattern.size() > kMaxPatternBytes) {
    return Fail(Errc::kInvalidArgument, "message '" + key + "' is too long", key);
  }
  icu::UnicodeString upattern = icu::UnicodeString::fromUTF8(pattern);
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error{};
  auto format = std::make_unique<icu::MessageFormat>(upattern, locale, parse_error, status);
  if (U_FAILURE(status)) {
    return Fail(Errc::kInvalidArgument,
                "message '" + key + "' is not a valid ICU MessageFormat pattern (" +
                    u_errorName(status) + " at offset " + std::to_string(parse_error.offset) + ")",
                key);
  }
  bool plain = !HasArguments(upattern);
  std::optional<std::string> text;
  if (plain) {
    icu::UnicodeString out;
    format->format(static_cast<const icu::UnicodeString*>(nullptr), nullptr, 0, out, status);
    if (U_FAILURE(status)) {
      return Fail(Errc::kInvalidArgument, "message '" + key + "' does not format", key);
    }
    text = ToUtf8(out);
  }
  auto compiled = std::make_shared<CompiledMessage>(std::move(format));
  compiled->plain = std::move(text);
  return compiled;
}

// Flattens nested tables into dotted keys ("post.actions.reward").
Status Flatten(const toml::table& table, const std::string& prefix,
               std::map<std::string, std::string, std::less<>>& out) {
  for (const auto& [k, node] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      auto r = Flatten(*sub, key, out);
      if (!r) return r;
    } else if (const auto* s = node.as_string()) {
      out[key] = s->get();
    } else {
      return Fail(Errc::kInvalidArgument, "message '" + key + "' is not a string", key);
    }
  }
  return {};
}

bool AllDigits(std::string_view s) {
  return !s.empty() && s.size() <= 40 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<DecimalArg> DecimalArg::Parse(std::string_view text) {
  std::string_view rest = text;
  if (rest.starts_with('-')) rest.remove_prefix(1);
  const auto dot = rest.find('.');
  const bool valid = dot == std::string_view::npos
                         ? AllDigits(rest)
                         : AllDigits(rest.substr(0, dot)) && AllDigits(rest.substr(dot + 1));
  if (!valid) {
    return Fail(Errc::kInvalidArgument, "not a decimal number: '" + std::string(text) + "'");
  }
  return DecimalArg(std::string(text));
}

DecimalArg DecimalArg::FromScaled(std::int64_t units, int scale) {
  scale = std::clamp(scale, 0, 30);
  // The magnitude as unsigned, so that INT64_MIN has one too.
  const bool negative = units < 0;
  const std::uint64_t magnitude =
      negative ? ~static_cast<std::uint64_t>(units) + 1 : static_cast<std::uint64_t>(units);
  std::string digits = std::to_string(magnitude);
  if (scale > 0) {
    const auto width = static_cast<std::size_t>(scale) + 1;
    if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
    digits.insert(digits.size() - static_cast<std::size_t>(scale), 1, '.');
  }
  if (negative) digits.insert(0, 1, '-');
  return DecimalArg(std::move(digits));
}

Result<Catalog> Catalog::Parse(std::string_view locale, std::string_view toml_text) {
  if (toml_text.size() > kMaxCatalogBytes) {
    return Fail(Errc::kInvalidArgument, "catalog for '" + std::string(locale) + "' is too large");
  }
  toml::table table;
  try {
    table = toml::parse(toml_text, std::string("locales/") + std::string(locale) + ".toml");
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return Fail(Errc::kInvalidArgument,
                "catalog for '" + std::string(locale) + "' is not valid TOML (line " +
                    std::to_string(where.line) + "): " + std::string(e.description()));
  }
  Catalog catalog;
  catalog.locale_ = std::string(locale);
  auto flat = Flatten(table, "", catalog.patterns_);
  if (!flat) return std::unexpected(flat.error());

  UErrorCode status = U_ZERO_ERROR;
  icu::Locale icu_locale = icu::Locale::forLanguageTag(std::string(locale), status);
  if (U_FAILURE(status)) icu_locale = icu::Locale::getEnglish();
  for (const auto& [key, pattern] : catalog.patterns_) {
    auto compiled = Compile(icu_locale, key, pattern);
    if (!compiled) return std::unexpected(compiled.error());
    catalog.compiled_.emplace(key, std::move(*compiled));
  }
  catalog.id_ = NextCatalogId();
  return catalog;
}

void Catalog::SetFallback(const Catalog* fallback) {
  fallback_ = fallback;
  id_ = NextCatalogId();
}

std::string Catalog::Format(std::string_view key, const MessageArgs& args) const {
  auto it = compiled_.find(key);
  if (it == compiled_.end()) {
    if (fallback_ != nullptr && fallback_ != this) return fallback_->Format(key, args);
    return std::string(key);
  }
  const CompiledMessage& message = *it->second;
  if (message.plain) return *message.plain;

  UErrorCode status = U_ZERO_ERROR;
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  names.reserve(args.size());
  values.reserve(args.size());
  for (const auto& [name, value] : args) {
    names.push_back(icu::UnicodeString::fromUTF8(name));
    if (const auto* n = std::get_if<std::int64_t>(&value)) {
      values.emplace_back(static_cast<int64_t>(*n));
    } else if (const auto* d = std::get_if<DecimalArg>(&value)) {
      // Formattable keeps the decimal string as an exact decimal quantity.
      values.emplace_back(icu::StringPiece(d->digits()), status);
    } else {
      values.emplace_back(icu::UnicodeString::fromUTF8(std::get<std::string>(value)));
    }
  }
  icu::UnicodeString out;
  {
    auto format = message.pool.Borrow();
    format->format(names.data(), values.data(), static_cast<int32_t>(names.size()), out, status);
  }
  if (U_FAILURE(status)) {
    // A wrong argument type is a programming error; show the raw pattern rather than nothing.
    return patterns_.find(key)->second;
  }
  return ToUtf8(out);
}

bool Catalog::Has(std::string_view key) const { return patterns_.contains(key); }

const std::string* Catalog::Pattern(std::string_view key) const {
  auto it = patterns_.find(key);
  return it == patterns_.end() ? nullptr : &it->second;
}

std::vector<std::string> Catalog::Keys() const {
  std::vector<std::string> keys;
  keys.reserve(patterns_.size());
  for (const auto& [k, _] : patterns_) keys.push_back(k);
  return keys;
}

Status Catalog::Absorb(Catalog&& other) {
  for (auto& [key, pattern] : other.patterns_) {
    if (patterns_.contains(key)) {
      return Fail(Errc::kInvalidArgument,
                  "message '" + key + "' is defined twice in the '" + locale_ + "' catalog", key);
    }
  }
  patterns_.merge(other.patterns_);
  compiled_.merge(other.compiled_);
  id_ = NextCatalogId();
  return {};
}

Result<std::unique_ptr<Catalogs>> Catalogs::LoadEmbedded() {
  auto catalogs = std::unique_ptr<Catalogs>(new Catalogs());
  constexpr std::string_view kPrefix = "locales/";
  constexpr std::string_view kSuffix = ".toml";
  for (const auto& asset : web::AllAssets()) {
    std::string_view path = asset.path;
    if (!path.starts_with(kPrefix) || !path.ends_with(kSuffix)) continue;
    // locales/<tag>.toml is the core catalog; locales/<area>/<tag>.toml holds one capability's
    // strings (comments, markets, ...), so each module owns its own files.
    std::string_view tag =
        path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
    if (auto slash = tag.rfind('/'); slash != std::string_view::npos) tag = tag.substr(slash + 1);
    auto catalog = Catalog::Parse(tag, asset.body);
    if (!catalog) return std::unexpected(catalog.error());
    auto [it, inserted] = catalogs->by_locale_.try_emplace(std::string(tag));
    if (inserted) {
      it->second = std::move(*catalog);
    } else if (auto merged = it->second.Absorb(std::move(*catalog)); !merged) {
      return Fail(Errc::kInvalidArgument, std::string(path) + ": " + merged.error().message,
                  merged.error().field);
    }
  }
  auto en = catalogs->by_locale_.find("en");
  if (en == catalogs->by_locale_.end()) {
    return Fail(Errc::kInternal, "no English catalog (locales/en.toml) is embedded");
  }
  for (auto& [tag, catalog] : catalogs->by_locale_) {
    if (tag != "en") catalog.SetFallback(&en->second);
  }
  return catalogs;
}

const Catalog& Catalogs::For(std::string_view locale) const {
  auto it = by_locale_.find(locale);
  if (it == by_locale_.end()) it = by_locale_.find("en");
  return it->second;
}

}  // namespace plaza
