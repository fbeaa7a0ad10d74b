#include "i18n/datetime.hpp"

#include <map>
#include <memory>
#include <mutex>

#include <unicode/datefmt.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "i18n/formatter_pool.hpp"

namespace plaza {
namespace {

using Pool = i18n_detail::FormatterPool<icu::DateFormat>;

// One pool per locale, made on first use and kept for the life of the process (13 at most in
// practice; the map is bounded below against arbitrary tags).
const Pool* PoolFor(std::string_view locale) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Pool>, std::less<>> pools;
  constexpr std::size_t kMaxPools = 64;
  std::lock_guard lock(mu);
  if (auto it = pools.find(locale); it != pools.end()) return it->second.get();
  std::string key = pools.size() < kMaxPools ? std::string(locale) : std::string("en");
  if (auto it = pools.find(key); it != pools.end()) return it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc = icu::Locale::forLanguageTag(key, status);
  if (U_FAILURE(status)) loc = icu::Locale::getEnglish();
  std::unique_ptr<icu::DateFormat> f(icu::DateFormat::createDateTimeInstance(
      icu::DateFormat::kMedium, icu::DateFormat::kShort, loc));
  if (!f) return nullptr;
  f->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
  auto [it, _] = pools.emplace(std::move(key), std::make_unique<Pool>(std::move(f)));
  return it->second.get();
}

}  // namespace

std::string FormatDateTimeUtc(std::string_view locale, Timestamp t) {
  const Pool* pool = PoolFor(locale);
  if (!pool) return FormatRfc3339(t);
  auto f = pool->Borrow();
  icu::UnicodeString out;
  f->format(static_cast<UDate>(t) / 1000.0, out);  // UDate: milliseconds
  std::string s;
  out.toUTF8String(s);
  return s;
}

}  // namespace plaza
