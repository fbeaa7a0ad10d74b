// Checks on the text people send: white space, controls, visible characters and size limits.

#include <unicode/uchar.h>

#include <string>
#include <utility>

#include "text/text.hpp"

namespace plaza::text {

bool IsUnicodeSpace(char32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

std::string_view TrimSpace(std::string_view s) {
  std::size_t begin = 0;
  while (begin < s.size()) {
    std::size_t next = begin;
    if (!IsUnicodeSpace(NextCodePoint(s, next))) break;
    begin = next;
  }
  std::size_t end = begin;
  for (std::size_t i = begin; i < s.size();) {
    if (!IsUnicodeSpace(NextCodePoint(s, i))) end = i;
  }
  return s.substr(begin, end - begin);
}

bool HasControl(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = NextCodePoint(s, i);
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
  }
  return false;
}

bool IsVisible(char32_t cp) {
  const auto c = static_cast<UChar32>(cp);
  if (u_isUWhiteSpace(c) || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
    return false;
  }
  if (cp == 0x2800) return false;  // BRAILLE PATTERN BLANK: a symbol that draws nothing
  switch (u_charType(c)) {
    case U_UNASSIGNED:
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_SURROGATE:
    case U_PRIVATE_USE_CHAR:
    case U_SPACE_SEPARATOR:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
    case U_NON_SPACING_MARK:  // marks draw on a base; alone they are not a name
    case U_ENCLOSING_MARK:
      return false;
    default:
      return true;
  }
}

bool HasVisibleChar(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (IsVisible(NextCodePoint(s, i))) return true;
  }
  return false;
}

Status CheckTextLimit(std::string_view value, const TextLimit& limit, std::string_view field,
                      std::string_view label) {
  const auto exceeded = [&](const std::string& message, std::size_t number) {
    return LimitExceeded(std::string(label) + message, std::string(field), number);
  };
  // Bytes first: they bound the work of the checks after this one.
  if (value.size() > limit.bytes) {
    return exceeded(" is longer than " + std::to_string(limit.bytes) + " bytes", limit.bytes);
  }
  if (CountGraphemes(value) > limit.graphemes) {
    return exceeded(" is longer than " + std::to_string(limit.graphemes) + " characters",
                    limit.graphemes);
  }
  return CheckClusterMarks(value, field, label);
}

Status CheckClusterMarks(std::string_view value, std::string_view field, std::string_view label) {
  if (MaxClusterMarks(value) <= kMaxClusterMarks) return {};
  return LimitExceeded(std::string(label) + " has a character with more than " +
                           std::to_string(kMaxClusterMarks) + " combining marks",
                       std::string(field), kMaxClusterMarks);
}

std::unexpected<Error> LimitExceeded(std::string message, std::string field, std::size_t limit) {
  return std::unexpected(Error{Errc::kLimitExceeded, std::move(message), std::move(field),
                               static_cast<long long>(limit), std::nullopt});
}

}  // namespace plaza::text
