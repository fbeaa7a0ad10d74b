#pragma once

// ASCII character classes, case folding and trimming: the one home for them (protocol tokens,
// handles, URL schemes and Markdown syntax are ASCII whatever language the text around is in).

#include <cstddef>
#include <string>
#include <string_view>

namespace plaza {

constexpr bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }
/// Space, tab, LF, VT, FF, CR.
constexpr bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
/// The white space within one line (HTTP's OWS, Markdown's marker padding).
constexpr bool IsSpaceOrTab(char c) { return c == ' ' || c == '\t'; }

constexpr char AsciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
constexpr char AsciiUpper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

/// `s` with A–Z lower-cased; other bytes (UTF-8 included) unchanged.
inline std::string AsciiLowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

/// True when `s` starts with `prefix`, ignoring ASCII case.
constexpr bool StartsWithIgnoreAsciiCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (AsciiLower(s[i]) != AsciiLower(prefix[i])) return false;
  }
  return true;
}

/// True when `a` and `b` are equal ignoring ASCII case.
constexpr bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && StartsWithIgnoreAsciiCase(a, b);
}

/// `s` without leading and trailing ASCII white space (IsAsciiSpace).
constexpr std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

/// `s` without leading and trailing spaces and tabs (IsSpaceOrTab).
constexpr std::string_view TrimSpacesAndTabs(std::string_view s) {
  while (!s.empty() && IsSpaceOrTab(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpaceOrTab(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace plaza
