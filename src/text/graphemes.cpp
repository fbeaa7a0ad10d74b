#include "text/text.hpp"

#include <algorithm>
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

// Calls `on_cluster(begin, end)` for each grapheme cluster of `s` (byte offsets). Returns false
// when ICU could not be used.
template <typename OnCluster>
bool ForEachCluster(std::string_view s, OnCluster on_cluster) {
  UErrorCode status = U_ZERO_ERROR;
  UText text = UTEXT_INITIALIZER;
  // Read the UTF-8 in place rather than converting it to UTF-16 first; UText indexes are then
  // byte offsets.
  utext_openUTF8(&text, s.data(), static_cast<std::int64_t>(s.size()), &status);
  icu::BreakIterator& iterator = ThreadCharacterIterator();
  iterator.setText(&text, status);
  if (U_SUCCESS(status)) {
    std::int32_t begin = iterator.first();
    for (std::int32_t end = iterator.next(); end != icu::BreakIterator::DONE;
         end = iterator.next()) {
      on_cluster(static_cast<std::size_t>(begin), static_cast<std::size_t>(end));
      begin = end;
    }
  }
  utext_close(&text);
  return U_SUCCESS(status);
}

}  // namespace

std::size_t MaxClusterMarks(std::string_view s) {
  if (IsAscii(s)) return s.find("\r\n") == std::string_view::npos ? 0 : 1;
  std::size_t most = 0;
  const bool ok = ForEachCluster(s, [&](std::size_t begin, std::size_t end) {
    most = std::max(most, CountCodePoints(s.substr(begin, end - begin)) - 1);
  });
  // Without ICU every code point after the first could be a mark: the bound still holds.
  return ok ? most : (s.empty() ? 0 : CountCodePoints(s) - 1);
}

std::size_t CountGraphemes(std::string_view s) {
  if (IsAscii(s)) {
    // In ASCII the only cluster longer than one character is CR LF (UAX #29, GB3).
    std::size_t count = s.size();
    for (std::size_t i = 1; i < s.size(); ++i) {
      if (s[i] == '\n' && s[i - 1] == '\r') --count;
    }
    return count;
  }
  std::size_t count = 0;
  if (!ForEachCluster(s, [&](std::size_t, std::size_t) { ++count; })) return CountCodePoints(s);
  return count;
}

}  // namespace plaza::text
