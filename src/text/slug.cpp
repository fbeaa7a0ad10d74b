#include "text/text.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include "core/ascii.hpp"

namespace plaza::text {

namespace {

// Any script to Latin, Latin to ASCII, then lower-case: "Привет" -> "privet", "中文" -> "zhong
// wen", "Ça va" -> "ca va".
constexpr char16_t kTransliteratorId[] = u"Any-Latin; Latin-ASCII; Lower";

[[noreturn]] void DieIcu(const char* what, UErrorCode status) {
  std::fprintf(stderr, "plaza: %s: %s\n", what, u_errorName(status));
  std::abort();
}

// Building the compound transliterator takes milliseconds; cloning it does not. A Transliterator
// is not thread-safe, so each thread clones the prototype once and keeps its clone. The
// prototype itself is never used to transliterate; clones are taken under a mutex anyway.
icu::Transliterator& ThreadTransliterator() {
  thread_local std::unique_ptr<icu::Transliterator> transliterator = [] {
    static std::mutex mu;
    static std::unique_ptr<icu::Transliterator> prototype;
    std::lock_guard lock(mu);
    if (prototype == nullptr) {
      UErrorCode status = U_ZERO_ERROR;
      prototype.reset(icu::Transliterator::createInstance(icu::UnicodeString(kTransliteratorId),
                                                          UTRANS_FORWARD, status));
      if (U_FAILURE(status) || prototype == nullptr) DieIcu("cannot create transliterator", status);
    }
    std::unique_ptr<icu::Transliterator> clone(prototype->clone());
    if (clone == nullptr) DieIcu("cannot clone transliterator", U_MEMORY_ALLOCATION_ERROR);
    return clone;
  }();
  return *transliterator;
}

bool IsSlugChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// The prefix of `s` holding at most `max_code_points` code points. Bounds the work a long
// title (or any caller passing a whole body) can cause.
std::string_view CodePointPrefix(std::string_view s, std::size_t max_code_points) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (seen == max_code_points) return s.substr(0, i);
      ++seen;
    }
  }
  return s;
}

}  // namespace

std::string Slugify(std::string_view title, std::size_t max_len) {
  if (max_len == 0) return {};
  // Transliteration rarely shrinks text by more than a few times (combining marks and emoji
  // vanish), so this prefix leaves enough for any slug while capping the cost.
  const std::size_t max_input = std::max<std::size_t>(256, max_len * 4);
  const std::string_view input = CodePointPrefix(title, max_input);

  // Invalid UTF-8 becomes U+FFFD, which ends up as a separator.
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(input.data(), static_cast<std::int32_t>(input.size())));
  ThreadTransliterator().transliterate(text);
  std::string latin;
  text.toUTF8String(latin);

  std::string slug;
  slug.reserve(std::min(latin.size(), max_len + 1));
  bool pending_dash = false;
  for (char c : latin) {
    c = AsciiLower(c);
    if (IsSlugChar(c)) {
      if (pending_dash && !slug.empty()) slug.push_back('-');
      pending_dash = false;
      slug.push_back(c);
      // One character past the limit is enough to know where to cut.
      if (slug.size() > max_len) break;
    } else if (c == '\'' || c == '"') {
      // Apostrophes join ("don't" -> "dont"); transliterated hard and soft signs ("ʺ", "ʹ")
      // arrive as quotes too ("объявление" -> "obavlenie", not "ob-javlenie").
      continue;
    } else {
      pending_dash = true;
    }
  }
  if (slug.size() > max_len) {
    // Cut at the last word boundary that fits; a single word longer than the limit is cut hard.
    const std::size_t dash = slug.rfind('-', max_len);
    slug.resize(dash == std::string::npos || dash == 0 ? max_len : dash);
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

}  // namespace plaza::text
