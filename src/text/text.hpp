#pragma once

#include <cstddef>
#include <functional>
#include <optional>
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
/// The longest symbol a cashtag may carry.
constexpr std::size_t kMaxCashtagLength = 10;

/// Resolves a cashtag candidate (upper-case ASCII, e.g. "BTC", "1INCH", "XBT") to the symbol of
/// a known asset ("BTC"), or nullopt when no asset answers to it. Empty: no registry.
using SymbolLookup = std::function<std::optional<std::string>(std::string_view candidate)>;

/// One cashtag as written in a text: `length` bytes from `offset` (the '$' included) and the
/// candidate symbol, upper-case.
struct CashtagSpan {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string candidate;
};

/// THE cashtag rule (storage, rendering, search and the translation's protected spans all use
/// it): an ASCII '$' followed by 1–kMaxCashtagLength ASCII letters or digits, at least one of
/// them a letter, taken without regard to case ("$btc" is BTC). The '$' must not follow an ASCII
/// letter, digit, '_' or '$', nor a Latin, Cyrillic or Greek letter ("US$5", "abc$ETH"); the
/// symbol must not be followed by an ASCII letter or digit, '_', '$', nor a Latin, Cyrillic or
/// Greek letter ("$BTCx..." past ten, "$BTС" with a Cyrillic С), while CJK text may follow
/// ("$BTC涨了"). All-digit runs are money ("$5", "$5.20"), never tags; full-width "＄ＢＴＣ" is
/// not a tag. Whitespace-separated words holding a URL ("://", "www.") or an e-mail address
/// ("a@b.c") hold no tags. `prose` is plain text (code already left out).
std::vector<CashtagSpan> FindCashtags(std::string_view prose);

/// Cashtags of Markdown: FindCashtags over its prose (code spans, code blocks, raw HTML and link
/// destinations left out), resolved through `lookup`, unique, in order of first mention, at
/// most kMaxCashtags. With a lookup only candidates it resolves count (a candidate that starts
/// with a digit, "$1INCH", counts only then: "$100K" and "$5M" are money); without one, every
/// candidate that starts with a letter counts, upper-cased.
std::vector<std::string> ExtractCashtags(std::string_view markdown,
                                         const SymbolLookup& lookup = {});
/// The same, from the plain text of Markdown already parsed (RenderedMarkdown::plain_text).
std::vector<std::string> ExtractCashtagsFromProse(std::string_view prose,
                                                  const SymbolLookup& lookup = {});
/// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view s);
/// The same, appended to `out`.
void AppendHtmlEscaped(std::string& out, std::string_view s);

}  // namespace plaza::text
