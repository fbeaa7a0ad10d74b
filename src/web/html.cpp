#include "web/html.hpp"

#include <algorithm>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace plaza::web {
namespace {

// Position of the first byte of `s` at or after `pos` that is one of `set`, or npos.
// (std::string_view::find_first_of calls memchr once per byte of `s`.)
struct ByteSet {
  bool member[256] = {};
  constexpr explicit ByteSet(std::string_view set) {
    for (char c : set) member[static_cast<unsigned char>(c)] = true;
  }
  std::size_t Find(std::string_view s, std::size_t pos) const {
    for (std::size_t i = pos; i < s.size(); ++i) {
      if (member[static_cast<unsigned char>(s[i])]) return i;
    }
    return std::string_view::npos;
  }
};

// The code point at s[i], advancing i past it; negative for an ill-formed sequence.
UChar32 NextCodePoint(std::string_view s, std::size_t& i) {
  auto index = static_cast<int64_t>(i);
  UChar32 c;
  const int64_t length = static_cast<int64_t>(s.size());
  // ICU's macro increments the index inside its own conditions, by design.
  // NOLINTNEXTLINE(bugprone-inc-dec-in-conditions)
  U8_NEXT(s.data(), index, length, c);
  i = static_cast<std::size_t>(index);
  return c;
}

constexpr ByteSet kTextBreak("<& \n\t\r");

}  // namespace

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

namespace {

void AppendCodePoint(std::string& out, UChar32 c) {
  char buf[U8_MAX_LENGTH];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buf, n, U8_MAX_LENGTH, c, error);
  if (!error) out.append(buf, static_cast<std::size_t>(n));
}

// Decodes the entity starting at s[0] == '&'; returns the bytes consumed (0 when not one).
std::size_t DecodeEntity(std::string_view s, std::string& out) {
  std::size_t semi = s.find(';');
  if (semi == std::string_view::npos || semi > 12) return 0;
  std::string_view name = s.substr(1, semi - 1);
  if (name == "amp") {
    out += '&';
  } else if (name == "lt") {
    out += '<';
  } else if (name == "gt") {
    out += '>';
  } else if (name == "quot") {
    out += '"';
  } else if (name == "apos" || name == "#39") {
    out += '\'';
  } else if (name == "nbsp") {
    out += ' ';
  } else if (name.size() > 1 && name[0] == '#') {
    UChar32 c = 0;
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char d : digits) {
      int v;
      if (d >= '0' && d <= '9') {
        v = d - '0';
      } else if (hex && d >= 'a' && d <= 'f') {
        v = d - 'a' + 10;
      } else if (hex && d >= 'A' && d <= 'F') {
        v = d - 'A' + 10;
      } else {
        return 0;
      }
      c = c * (hex ? 16 : 10) + v;
      if (c > 0x10FFFF) return 0;
    }
    if (c == 0 || U_IS_SURROGATE(c)) return 0;
    AppendCodePoint(out, c);
  } else {
    return 0;
  }
  return semi + 1;
}

}  // namespace

// Tags after which text does not run on: their boundary reads as a space ("</p><p>").
bool BreaksText(std::string_view tag) {
  std::size_t i = tag.starts_with("</") ? 2 : 1;
  std::size_t j = i;
  while (j < tag.size() && ((tag[j] >= 'a' && tag[j] <= 'z') || (tag[j] >= '0' && tag[j] <= '9'))) {
    ++j;
  }
  std::string_view name = tag.substr(i, j - i);
  for (std::string_view block : {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
                                 "h6", "blockquote", "pre", "hr", "table", "tr", "td", "th"}) {
    if (name == block) return true;
  }
  return false;
}

std::string ExcerptFromHtml(std::string_view html, std::size_t max_code_points) {
  // Pass 1: text content with white space collapsed; block tags count as spaces. Stops one
  // code point past the limit, which is all the cut below needs to know.
  std::string text;
  text.reserve(std::min(html.size(), max_code_points * 4) + 8);
  std::size_t code_points = 0;
  auto count_added = [&code_points](std::string_view added) {
    for (char c : added) code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  };
  bool space = false;
  for (std::size_t i = 0; i < html.size() && code_points <= max_code_points;) {
    char c = html[i];
    if (c == '<') {
      std::size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;
      space = space || BreaksText(html.substr(i, end + 1 - i));
      i = end + 1;
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      ++i;
      continue;
    }
    if (space && !text.empty()) {
      text += ' ';
      ++code_points;
    }
    space = false;
    std::size_t before = text.size();
    if (c == '&') {
      std::size_t used = DecodeEntity(html.substr(i), text);
      i += used > 0 ? used : 1;
      if (used == 0) text += '&';
    } else {
      // Copy the run of ordinary characters in one go.
      std::size_t run_end = kTextBreak.Find(html, i);
      if (run_end == std::string_view::npos) run_end = html.size();
      text.append(html.substr(i, run_end - i));
      i = run_end;
    }
    count_added(std::string_view(text).substr(before));
  }
  // Pass 2: cut on a code point boundary, preferably at the last space.
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < text.size() && count < max_code_points) {
    NextCodePoint(text, i);
    ++count;
  }
  if (i >= text.size()) return text;
  std::size_t cut = text.rfind(' ', i);
  if (cut == std::string::npos || cut < i / 2) cut = i;
  text.resize(cut);
  while (!text.empty() && (text.back() == ' ' || text.back() == ',' || text.back() == '.')) {
    text.pop_back();
  }
  text += "…";
  return text;
}

std::string AvatarInitial(std::string_view name) {
  std::size_t i = 0;
  // Skip leading spaces and punctuation such as "@" or quotes.
  while (i < name.size()) {
    UChar32 c = NextCodePoint(name, i);
    if (c < 0) continue;
    // Letters, digits and pictographs (emoji) make an initial; punctuation and symbols don't.
    if (u_isalnum(c) || u_charType(c) == U_OTHER_SYMBOL) {
      std::string out;
      AppendCodePoint(out, u_toupper(c));
      // Keep combining marks and joiners that belong to this character.
      while (i < name.size()) {
        std::size_t next = i;
        UChar32 m = NextCodePoint(name, next);
        int8_t type = m < 0 ? 0 : u_charType(m);
        if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
            type == U_COMBINING_SPACING_MARK || m == 0xFE0F) {
          out.append(name.substr(i, next - i));
          i = next;
        } else {
          break;
        }
      }
      return out;
    }
  }
  return "?";
}

}  // namespace plaza::web
