#pragma once

// Helpers shared by the text module's implementation files; not part of its interface.

#include <string_view>

namespace plaza::text {

/// The first byte at or after `p` that is not ASCII, or `end`.
const unsigned char* SkipAscii(const unsigned char* p, const unsigned char* end);
/// True when every byte of `s` is below 0x80.
bool IsAscii(std::string_view s);

}  // namespace plaza::text
