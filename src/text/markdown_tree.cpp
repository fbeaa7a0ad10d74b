#include "text/markdown_tree.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <utility>

namespace plaza::text {

namespace {

struct GfmExtensions {
  cmark_syntax_extension* table = nullptr;
  cmark_syntax_extension* strikethrough = nullptr;
};

const GfmExtensions& Extensions() {
  // Registration writes a global registry without a lock: do it once, then only read.
  static const GfmExtensions extensions = [] {
    cmark_gfm_core_extensions_ensure_registered();
    GfmExtensions found{cmark_find_syntax_extension("table"),
                        cmark_find_syntax_extension("strikethrough")};
    if (!found.table || !found.strikethrough) {
      std::fprintf(stderr, "plaza: cmark-gfm lacks its core extensions\n");
      std::abort();
    }
    return found;
  }();
  return extensions;
}

// cmark-gfm keeps the inline parser's table of special characters in a global array, and every
// parse with extensions adds their characters ('~', ...) to it at the start of inline parsing
// and removes them at the end. Two parses at once would race on that array (one could lose '~'
// halfway through), so parses take turns. A 50,000-character body parses in about a
// millisecond; rendering, which has no such state, runs outside the lock.
std::mutex& ParseMutex() {
  static std::mutex mu;
  return mu;
}

// cmark-gfm 0.29's table extension pads every row to the header's width and spends time
// quadratic in the number of columns: 8 KB of pipes and dashes made a 20 MB page in seconds.
// Before parsing, this bounds (from above, without understanding containers) the cells any
// table in `markdown` could have; past the limits, tables stay text.
constexpr std::size_t kMaxTableColumns = 64;
constexpr std::size_t kMaxTableCells = 20'000;

bool TablesWithinLimits(std::string_view markdown) {
  std::size_t open_columns = 0;  // columns of every possible table open since the last blank line
  std::size_t cells = 0;
  while (!markdown.empty()) {
    const std::size_t newline = markdown.find('\n');
    const std::string_view line = markdown.substr(0, newline);
    markdown.remove_prefix(newline == std::string_view::npos ? markdown.size() : newline + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
      open_columns = 0;  // a blank line ends every table
      continue;
    }
    cells += open_columns;  // a body row, padded to the width of each table it may belong to
    // A delimiter row ("|:--|--:|", maybe behind quote and list markers) starts a table with as
    // many columns as it has cells.
    const bool delimiter_like =
        line.find('|') != std::string_view::npos && line.find('-') != std::string_view::npos &&
        line.find_first_not_of(" \t\r|:->*+.)0123456789") == std::string_view::npos;
    if (delimiter_like) {
      const std::size_t columns =
          1 + static_cast<std::size_t>(std::count(line.begin(), line.end(), '|'));
      if (columns > kMaxTableColumns) return false;
      open_columns += columns;
      cells += 2 * columns;  // the header and the delimiter rows themselves
    }
    if (cells > kMaxTableCells) return false;
  }
  return true;
}

}  // namespace

MarkdownTree MarkdownTree::Parse(std::string_view markdown, MarkdownSyntax syntax) {
  const GfmExtensions& extensions = Extensions();
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_VALIDATE_UTF8);
  if (parser == nullptr) std::abort();  // cmark's allocator aborts first; this cannot happen
  if (syntax == MarkdownSyntax::kGfm) {
    if (TablesWithinLimits(markdown)) {
      cmark_parser_attach_syntax_extension(parser, extensions.table);
    }
    cmark_parser_attach_syntax_extension(parser, extensions.strikethrough);
  }
  cmark_node* root = nullptr;
  {
    std::lock_guard lock(ParseMutex());
    cmark_parser_feed(parser, markdown.data(), markdown.size());
    root = cmark_parser_finish(parser);
  }
  return MarkdownTree(parser, root);
}

MarkdownTree::MarkdownTree(MarkdownTree&& other) noexcept
    : parser_(std::exchange(other.parser_, nullptr)), root_(std::exchange(other.root_, nullptr)) {}

MarkdownTree& MarkdownTree::operator=(MarkdownTree&& other) noexcept {
  if (this != &other) {
    Free();
    parser_ = std::exchange(other.parser_, nullptr);
    root_ = std::exchange(other.root_, nullptr);
  }
  return *this;
}

MarkdownTree::~MarkdownTree() { Free(); }

void MarkdownTree::Free() {
  if (root_ != nullptr) cmark_node_free(root_);
  if (parser_ != nullptr) cmark_parser_free(parser_);
  root_ = nullptr;
  parser_ = nullptr;
}

std::string MarkdownTree::RenderHtml(int cmark_options) const {
  if (root_ == nullptr) return {};
  char* html = cmark_render_html(root_, cmark_options, cmark_parser_get_syntax_extensions(parser_));
  std::string out(html);
  cmark_get_default_mem_allocator()->free(html);
  return out;
}

std::string PlainTextOfMarkdown(std::string_view markdown) {
  MarkdownTree tree = MarkdownTree::Parse(markdown, MarkdownSyntax::kCommonMark);
  std::string out;
  out.reserve(markdown.size());
  cmark_iter* iter = cmark_iter_new(tree.root());
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    const cmark_node_type type = cmark_node_get_type(node);
    if (event == CMARK_EVENT_EXIT) {
      // Leaving a block ends a line: words of two paragraphs never run together.
      if ((type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) out.push_back('\n');
      continue;
    }
    switch (type) {
      case CMARK_NODE_TEXT:
        if (const char* literal = cmark_node_get_literal(node)) out += literal;
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out.push_back('\n');
        break;
      case CMARK_NODE_CODE:
      case CMARK_NODE_HTML_INLINE:
        // Dropped, but still a boundary: "a`$X`b" must not become "a b" glued as "ab".
        out.push_back(' ');
        break;
      case CMARK_NODE_CODE_BLOCK:
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_THEMATIC_BREAK:
        out.push_back('\n');
        break;
      default:
        break;
    }
  }
  cmark_iter_free(iter);
  return out;
}

}  // namespace plaza::text
