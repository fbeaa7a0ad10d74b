#include <array>

#include "text/text.hpp"

namespace plaza::text {
namespace {

// Which bytes need escaping, looked up per byte (string_view::find_first_of calls memchr once per
// byte of the input).
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> table{};
  for (unsigned char c : std::string_view("&<>\"'")) table[c] = true;
  return table;
}();

}  // namespace

void AppendHtmlEscaped(std::string& out, std::string_view s) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!kSpecial[static_cast<unsigned char>(c)]) continue;
    out.append(s.substr(pos, i - pos));
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += "&apos;";
    }
    pos = i + 1;
  }
  out.append(s.substr(pos));
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  AppendHtmlEscaped(out, s);
  return out;
}

}  // namespace plaza::text
