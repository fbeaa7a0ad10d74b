#pragma once

// Parsing Markdown with cmark-gfm, for the modules that need its syntax tree (cashtags and
// language detection here, HTML rendering in posts/). cmark headers stay in the .cpp files.

#include <string>
#include <string_view>

struct cmark_node;
struct cmark_parser;

namespace plaza::text {

enum class MarkdownSyntax {
  kCommonMark,  // the core syntax: enough to tell prose from code, links and raw HTML
  // Plus the extensions posts render: tables and strikethrough. Tables stay text in a document
  // where they could exceed 64 columns or 20,000 cells (cmark-gfm's table code is quadratic).
  // cmark-gfm's autolink extension is not used: it is quadratic too (10,000 "www._" took two
  // seconds); posts/markdown.cpp links bare URLs itself.
  kGfm,
};

/// A parsed Markdown document. Owns the cmark tree (which callers may rewrite in place) and the
/// parser whose extensions the HTML renderer needs. Move-only.
class MarkdownTree {
 public:
  /// Parses `markdown`; invalid UTF-8 becomes U+FFFD. Thread-safe (see the .cpp for why parses
  /// are serialized).
  static MarkdownTree Parse(std::string_view markdown, MarkdownSyntax syntax);

  MarkdownTree(MarkdownTree&& other) noexcept;
  MarkdownTree& operator=(MarkdownTree&& other) noexcept;
  MarkdownTree(const MarkdownTree&) = delete;
  MarkdownTree& operator=(const MarkdownTree&) = delete;
  ~MarkdownTree();

  cmark_node* root() const { return root_; }
  /// cmark's HTML for the (possibly rewritten) tree, rendered with `cmark_options` and the
  /// parse's extensions.
  std::string RenderHtml(int cmark_options) const;

 private:
  MarkdownTree(cmark_parser* parser, cmark_node* root) : parser_(parser), root_(root) {}
  void Free();

  cmark_parser* parser_ = nullptr;
  cmark_node* root_ = nullptr;
};

/// The prose of a Markdown text: text of paragraphs, headings, list items, table cells, link
/// labels and image descriptions, blocks separated by '\n'. Code spans, code blocks and raw
/// HTML are left out; link destinations too. URLs written out in the prose stay.
std::string PlainTextOfMarkdown(std::string_view markdown);

}  // namespace plaza::text
