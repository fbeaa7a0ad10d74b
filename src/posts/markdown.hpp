#pragma once

#include <string>
#include <string_view>

namespace plaza {

/// Renders the safe Markdown subset with cmark-gfm (tables, strikethrough, autolinks): raw HTML
/// is escaped, unsafe link schemes dropped, and every link gets rel="nofollow ugc noopener".
///
/// Details: raw HTML shows as the text the author typed. Links keep http, https, mailto and
/// relative destinations; others (javascript:, vbscript:, data:, file:, ...) leave only their
/// label. Images never load from elsewhere (privacy; CSP img-src 'self'): `![chart](url)`
/// becomes a link labelled "chart" (or with the address when the description is empty).
/// Nested links are flattened. Tables stay text past 64 columns or 20,000 cells.
std::string RenderMarkdown(std::string_view markdown);

}  // namespace plaza
