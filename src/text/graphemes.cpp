#include "text/text.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include "core/utf8.hpp"

namespace plaza::text {

namespace {

// A BreakIterator is not thread-safe, and creating one costs far more than counting a comment,
// so each thread keeps its own for its lifetime.
icu::BreakIterator& ThreadCharacterIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> created(
        icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || created == nullptr) {
      // ICU's data is linked into the binary: failing here means it is broken or memory is
      // exhausted, and no count we could return would be right.
      std::fprintf(stderr, "plaza: cannot create an ICU character iterator: %s\n",
                   u_errorName(status));
      std::abort();
    }
    return created;
  }();
  return *iterator;
}

}  // namespace

std::size_t CountGraphemes(std::string_view s) {
  if (IsAscii(s)) {
    // In ASCII the only cluster longer than one character is CR LF (UAX #29, GB3).
    std::size_t count = s.size();
    for (std::size_t i = 1; i < s.size(); ++i) {
      if (s[i] == '\n' && s[i - 1] == '\r') --count;
    }
    return count;
  }
  UErrorCode status = U_ZERO_ERROR;
  UText text = UTEXT_INITIALIZER;
  // Read the UTF-8 in place rather than converting it to UTF-16 first.
  utext_openUTF8(&text, s.data(), static_cast<std::int64_t>(s.size()), &status);
  icu::BreakIterator& iterator = ThreadCharacterIterator();
  iterator.setText(&text, status);
  std::size_t count = 0;
  if (U_SUCCESS(status)) {
    for (std::int32_t pos = iterator.next(); pos != icu::BreakIterator::DONE;
         pos = iterator.next()) {
      ++count;
    }
  }
  utext_close(&text);
  if (U_FAILURE(status)) return CountCodePoints(s);
  return count;
}

}  // namespace plaza::text
