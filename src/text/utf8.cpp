#include "text/text.hpp"

#include <cstdint>
#include <cstring>

#include "text/utf8_internal.hpp"

namespace plaza::text {

namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

}  // namespace

const unsigned char* SkipAscii(const unsigned char* p, const unsigned char* end) {
  // Eight bytes at a time: most text in a post is ASCII (Markdown, URLs, Latin scripts).
  while (end - p >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    if (word & kHighBits) break;
    p += 8;
  }
  while (p < end && *p < 0x80) ++p;
  return p;
}

bool IsAscii(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  return SkipAscii(p, end) == end;
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (true) {
    p = SkipAscii(p, end);
    if (p == end) return true;
    const unsigned char lead = *p;
    // Unicode 15, table 3-7 (well-formed byte sequences): the lead byte fixes the length and
    // the range of the second byte; this excludes overlongs (C0, C1, E0 80..9F, F0 80..8F),
    // surrogates (ED A0..BF) and code points past U+10FFFF (F4 90.., F5..FF).
    int trailing = 0;
    unsigned char second_lo = 0x80;
    unsigned char second_hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      trailing = 1;
    } else if (lead == 0xE0) {
      trailing = 2;
      second_lo = 0xA0;
    } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
      trailing = 2;
    } else if (lead == 0xED) {
      trailing = 2;
      second_hi = 0x9F;
    } else if (lead == 0xF0) {
      trailing = 3;
      second_lo = 0x90;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      trailing = 3;
    } else if (lead == 0xF4) {
      trailing = 3;
      second_hi = 0x8F;
    } else {
      return false;  // a stray continuation byte, C0/C1, or F5..FF
    }
    if (end - p <= trailing) return false;  // truncated sequence
    if (p[1] < second_lo || p[1] > second_hi) return false;
    for (int i = 2; i <= trailing; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
    }
    p += trailing + 1;
  }
}

std::size_t CountCodePoints(std::string_view s) {
  // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
  std::size_t count = 0;
  for (const char c : s) {
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  return count;
}

}  // namespace plaza::text
