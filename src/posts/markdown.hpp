#pragma once

#include <string>
#include <string_view>

namespace plaza {

/// Renders the safe Markdown subset with cmark-gfm (tables, strikethrough, autolinks): raw HTML
/// is escaped, unsafe link schemes dropped, and every link gets rel="nofollow ugc noopener".
std::string RenderMarkdown(std::string_view markdown);

}  // namespace plaza
