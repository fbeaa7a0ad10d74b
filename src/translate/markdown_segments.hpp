#pragma once

// A Markdown document cut for translation with md4c: the text of each block (paragraph,
// heading, list item, table cell) becomes one segment in the neutral form (spans.hpp) whose
// inline markup (emphasis marks, code spans, link destinations, entities, line breaks) and
// inline protected text (URLs, cashtags, @handles, numbers) are protected spans; everything
// between blocks (block markers, code blocks, HTML blocks, blank lines) stays verbatim. The
// parts in order give the document back exactly.

#include <string>
#include <string_view>
#include <vector>

namespace plaza::translate {

struct MarkdownPart {
  bool translate = false;  // a segment (neutral form) or verbatim Markdown
  std::string text;
};

/// `markdown` must be sanitized (SanitizeText). Concatenating StripSpanMarks of every part
/// gives `markdown` back.
std::vector<MarkdownPart> SplitMarkdown(std::string_view markdown);

}  // namespace plaza::translate
