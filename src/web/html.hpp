#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// Small text helpers for pages. Inputs are valid UTF-8 (services validate what they store).
#include "text/text.hpp"

namespace plaza::web {

/// Joins pieces of text. (Also sidesteps a false -Wrestrict in g++ 12 on `"literal" + string`.)
template <typename... Parts>
std::string StrCat(const Parts&... parts) {
  std::string out;
  out.reserve((std::string_view(parts).size() + ...));
  (out.append(std::string_view(parts)), ...);
  return out;
}

using text::HtmlEscape;  // & < > " ' escaped for text and attribute values
/// Percent-encodes everything but unreserved characters (RFC 3986), for query values and paths.
std::string UrlEncode(std::string_view s);
/// Plain text of rendered post HTML: tags dropped, common entities decoded, white space
/// collapsed, cut at a word boundary to at most `max_code_points` code points ("…" added).
std::string ExcerptFromHtml(std::string_view html, std::size_t max_code_points);
/// The avatar letter: the first character of `name` (with its combining marks), upper-cased;
/// "?" when empty.
std::string AvatarInitial(std::string_view name);

}  // namespace plaza::web
