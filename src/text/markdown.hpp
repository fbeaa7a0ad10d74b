#pragma once

// Markdown for posts, parsed once with md4c (linear time, no global state): the HTML a reader
// sees and the plain text that language detection, cashtags and summaries read. md4c headers
// stay in the .cpp.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace plaza::text {

/// Block quotes and lists nested deeper than this are flattened: their content is kept, their
/// tags are not (10 KB of '>' rendered to 270 KB of HTML with no such bound).
constexpr std::size_t kMaxMarkdownNesting = 16;
/// The HTML of one document may not grow past this many bytes (reference links and escapes
/// can multiply the size of their source). The largest body (50,000 code points, at most
/// 200 KB) of ordinary text renders well below it.
constexpr std::size_t kMaxMarkdownHtmlBytes = 256 * 1024;

struct RenderedMarkdown {
  std::string html;
  /// The prose: text of paragraphs, headings, list items, table cells, link labels and image
  /// descriptions, blocks separated by '\n'. Code spans, code blocks, raw HTML and link
  /// destinations are left out. URLs written out in the prose stay.
  std::string plain_text;
};

/// Renders the safe Markdown subset (CommonMark plus GFM tables, strikethrough and bare URLs)
/// and extracts its plain text, from one parse. Raw HTML shows as the text the author typed.
/// Links keep http, https, mailto and relative destinations; others (javascript:, vbscript:,
/// data:, file:, ...) leave only their label. Every link gets rel="nofollow ugc noopener".
/// Images never load from elsewhere (privacy; CSP img-src 'self'): `![chart](url)` becomes a
/// link labelled "chart" (or with the address when the description is empty). Nested links are
/// flattened; so are containers past kMaxMarkdownNesting. Tables stay text past 64 columns or
/// 20,000 cells. Invalid UTF-8 and NUL become U+FFFD.
/// kLimitExceeded (limit kMaxMarkdownHtmlBytes) when the HTML would be larger than that.
Result<RenderedMarkdown> RenderMarkdown(std::string_view markdown);

/// The plain text of RenderMarkdown, without building the HTML.
std::string PlainTextOfMarkdown(std::string_view markdown);

}  // namespace plaza::text
