#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/utf8.hpp"
#include "text/limits.hpp"

namespace plaza::text {

/// User-perceived characters (extended grapheme clusters, ICU). `s` must be valid UTF-8.
std::size_t CountGraphemes(std::string_view s);
/// The most code points that follow the first one within one grapheme cluster of `s`
/// (combining marks, joiners, variation selectors): 0 for "abc", 1 for "e\u0301", 6 for a
/// family emoji. `s` must be valid UTF-8.
std::size_t MaxClusterMarks(std::string_view s);

// Checks on text people send. `s` must be valid UTF-8 in each.

/// White space as people type it: ASCII and Unicode spaces, NEL, line and paragraph
/// separators, and the zero-width space and no-break space that pasted text carries.
bool IsUnicodeSpace(char32_t cp);
/// `s` without leading and trailing IsUnicodeSpace (e.g. U+3000 around CJK titles).
std::string_view TrimSpace(std::string_view s);
/// True when `s` holds a control character (C0, DEL, C1).
bool HasControl(std::string_view s);
/// True for a code point that draws something on its own: not white space, not default
/// ignorable (U+200B, U+2060, U+3164, ...), not a format, control, private-use or unassigned
/// code point, not a non-spacing or enclosing mark, not U+2800 (braille blank).
bool IsVisible(char32_t cp);
/// True when some code point of `s` IsVisible: names and titles need one.
bool HasVisibleChar(std::string_view s);
/// kLimitExceeded ("<label> is longer than ...", `field`, the limit) when `value` has more
/// bytes than `limit.bytes` (checked first, so the other checks run on bounded input), more
/// grapheme clusters than `limit.graphemes`, or fails CheckClusterMarks.
Status CheckTextLimit(std::string_view value, const TextLimit& limit, std::string_view field,
                      std::string_view label);
/// kLimitExceeded (limit kMaxClusterMarks) when a grapheme cluster of `value` holds more than
/// kMaxClusterMarks code points after its first.
Status CheckClusterMarks(std::string_view value, std::string_view field, std::string_view label);
/// The error of a content limit: kLimitExceeded (HTTP 422) with the field and the limit.
std::unexpected<Error> LimitExceeded(std::string message, std::string field, std::size_t limit);
/// `s` (valid UTF-8) in Unicode Normalization Form C.
Result<std::string> ToNfc(std::string_view s);

/// An ASCII URL slug: transliterated with ICU (any script to Latin, then ASCII), lower-case,
/// words joined by '-', at most `max_len` bytes, cut at a word boundary. "" when nothing is left.
std::string Slugify(std::string_view title, std::size_t max_len = 80);
/// At most this many cashtags are kept per text (the first ones mentioned).
constexpr std::size_t kMaxCashtags = 32;
/// Cashtags ("$BTC", "$TRUMP": 2–10 of [A-Z0-9] after '$', starting with a letter, not part of
/// a longer word, not a money amount like "$2"), upper-case, unique, in order of first mention.
/// Tags inside code spans, code blocks, raw HTML and URLs do not count; at most kMaxCashtags.
std::vector<std::string> ExtractCashtags(std::string_view markdown);
/// The same, from the plain text of Markdown already parsed (RenderedMarkdown::plain_text).
std::vector<std::string> ExtractCashtagsFromProse(std::string_view prose);
/// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view s);
/// The same, appended to `out`.
void AppendHtmlEscaped(std::string& out, std::string_view s);

}  // namespace plaza::text
