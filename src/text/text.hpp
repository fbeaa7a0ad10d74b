#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.hpp"

namespace plaza::text {

/// User-perceived characters (extended grapheme clusters, ICU). `s` must be valid UTF-8.
std::size_t CountGraphemes(std::string_view s);
/// An ASCII URL slug: transliterated with ICU (any script to Latin, then ASCII), lower-case,
/// words joined by '-', at most `max_len` bytes, cut at a word boundary. "" when nothing is left.
std::string Slugify(std::string_view title, std::size_t max_len = 80);
/// At most this many cashtags are kept per text (the first ones mentioned).
constexpr std::size_t kMaxCashtags = 32;
/// Cashtags ("$BTC", "$TRUMP": 2–10 of [A-Z0-9] after '$', starting with a letter, not part of
/// a longer word, not a money amount like "$2"), upper-case, unique, in order of first mention.
/// Tags inside code spans, code blocks, raw HTML and URLs do not count; at most kMaxCashtags.
/// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view s);
/// The same, appended to `out`.
void AppendHtmlEscaped(std::string& out, std::string_view s);
std::vector<std::string> ExtractCashtags(std::string_view markdown);

}  // namespace plaza::text
