#include "core/utf8.hpp"

#include <cstdint>
#include <cstring>

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

std::size_t ValidSequenceLength(std::string_view s, std::size_t pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + pos;
  const auto* end = reinterpret_cast<const unsigned char*>(s.data()) + s.size();
  if (p >= end) return 0;
  const unsigned char lead = *p;
  if (lead < 0x80) return 1;
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
    return 0;  // a stray continuation byte, C0/C1, or F5..FF
  }
  if (end - p <= trailing) return 0;  // truncated sequence
  if (p[1] < second_lo || p[1] > second_hi) return 0;
  for (int i = 2; i <= trailing; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
  }
  return static_cast<std::size_t>(trailing) + 1;
}

bool IsValidUtf8(std::string_view s) {
  const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = begin + s.size();
  std::size_t pos = 0;
  while (true) {
    pos = static_cast<std::size_t>(SkipAscii(begin + pos, end) - begin);
    if (pos == s.size()) return true;
    const std::size_t len = ValidSequenceLength(s, pos);
    if (len == 0) return false;
    pos += len;
  }
}

std::string ToValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t len = ValidSequenceLength(s, pos);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++pos;
    } else {
      out.append(s.substr(pos, len));
      pos += len;
    }
  }
  return out;
}

char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i++]);
  if (lead < 0x80) return lead;
  const int trailing = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
  char32_t cp = lead & (0x3F >> trailing);
  for (int k = 0; k < trailing && i < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
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
