#pragma once

// UTF-8 primitives every layer needs (HTTP parsing, storage checks, services). No ICU here:
// grapheme-aware functions live in text/text.hpp.

#include <cstddef>
#include <string>
#include <string_view>

namespace plaza::text {

/// True when `s` is well-formed UTF-8 (Unicode table 3-7: no overlongs, surrogates or code
/// points past U+10FFFF).
bool IsValidUtf8(std::string_view s);
/// The length (1–4) of the well-formed sequence that starts at `pos`, or 0 when none does.
std::size_t ValidSequenceLength(std::string_view s, std::size_t pos);
/// `s` with every byte that does not start a well-formed sequence replaced by U+FFFD, for
/// echoing untrusted text into JSON or logs.
std::string ToValidUtf8(std::string_view s);
/// Unicode code points. `s` must be valid UTF-8.
std::size_t CountCodePoints(std::string_view s);
/// Decodes the code point at `i` of valid UTF-8 and advances `i` past it.
char32_t NextCodePoint(std::string_view s, std::size_t& i);
/// Appends the UTF-8 encoding of `cp`; a surrogate or a value past U+10FFFF appends U+FFFD.
void AppendUtf8(std::string& out, char32_t cp);
/// True when every byte of `s` is below 0x80.
bool IsAscii(std::string_view s);
/// The first byte at or after `p` that is not ASCII, or `end`.
const unsigned char* SkipAscii(const unsigned char* p, const unsigned char* end);

}  // namespace plaza::text
