#include "posts/markdown.hpp"

#include <cmark-gfm.h>

#include <optional>
#include <string>
#include <vector>

#include "text/markdown_tree.hpp"
#include "text/text.hpp"

namespace plaza {

namespace {

// Marks the HTML nodes this file creates. After the rewrite every HTML node in the tree must
// carry it: the renderer then runs with CMARK_OPT_UNSAFE and prints them as they are.
char own_html_marker;

constexpr std::string_view kRel = "nofollow ugc noopener";

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The destination as a browser would read it, or nullopt when it must not become a link.
// Browsers drop tabs and newlines anywhere in a URL and leading/trailing controls and spaces
// ("java\tscript:" is "javascript:"), so the scheme is judged after doing the same. Only http,
// https and mailto pass; a destination without a scheme ("/t/BTC", "#notes", "page") is relative
// to the post and passes too.
std::optional<std::string> SafeDestination(std::string_view url) {
  std::string cleaned;
  cleaned.reserve(url.size());
  for (char c : url) {
    if (c != '\t' && c != '\n' && c != '\r') cleaned.push_back(c);
  }
  auto is_edge = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!cleaned.empty() && is_edge(cleaned.back())) cleaned.pop_back();
  std::size_t start = 0;
  while (start < cleaned.size() && is_edge(cleaned[start])) ++start;
  cleaned.erase(0, start);
  if (cleaned.empty()) return std::nullopt;
  for (char c : cleaned) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return std::nullopt;
  }
  const std::size_t delimiter = cleaned.find_first_of(":/?#");
  if (delimiter == std::string::npos || cleaned[delimiter] != ':') return cleaned;  // relative
  std::string scheme;
  for (std::size_t i = 0; i < delimiter; ++i) {
    const char c = cleaned[i];
    if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '+' && c != '-' && c != '.') {
      return std::nullopt;
    }
    scheme.push_back(AsciiLower(c));
  }
  if (scheme == "http" || scheme == "https" || scheme == "mailto") return cleaned;
  return std::nullopt;
}

// An href attribute value: characters that may appear in a URL stay, '&' and '\'' become
// references, everything else (quotes, angle brackets, spaces, non-ASCII bytes) is
// percent-encoded.
void AppendHref(std::string& out, std::string_view url) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  static constexpr std::string_view kKeep = "-_.!~*();/?:@=+$,#%[]";
  for (char c : url) {
    if (IsAsciiAlpha(c) || IsAsciiDigit(c) || kKeep.find(c) != std::string_view::npos) {
      out.push_back(c);
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '\'') {
      out += "&#x27;";
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    }
  }
}

std::string_view Literal(const char* s) { return s ? std::string_view(s) : std::string_view(); }

// The parser allocates with cmark's default allocator, and cmark only links nodes of one
// allocator together; cmark_node_new() uses that allocator too.
cmark_node* NewNode(cmark_node_type type) { return cmark_node_new(type); }

cmark_node* NewText(std::string_view text) {
  cmark_node* node = NewNode(CMARK_NODE_TEXT);
  cmark_node_set_literal(node, std::string(text).c_str());
  return node;
}

cmark_node* NewOwnHtml(const std::string& html) {
  cmark_node* node = NewNode(CMARK_NODE_HTML_INLINE);
  cmark_node_set_literal(node, html.c_str());
  cmark_node_set_user_data(node, &own_html_marker);
  return node;
}

// Puts `node` before `anchor`; frees it when cmark refuses (the parent cannot hold that kind of
// node), so nothing is ever left dangling.
void InsertBeforeOrFree(cmark_node* anchor, cmark_node* node) {
  if (!cmark_node_insert_before(anchor, node)) cmark_node_free(node);
}

// Replaces `node` by its children (a link becomes its plain label).
void Unwrap(cmark_node* node) {
  while (cmark_node* child = cmark_node_first_child(node)) InsertBeforeOrFree(node, child);
  cmark_node_free(node);
}

std::string OpenTag(const std::string& destination, std::string_view title) {
  std::string open = "<a href=\"";
  AppendHref(open, destination);
  open += '"';
  if (!title.empty()) {
    open += " title=\"";
    text::AppendHtmlEscaped(open, title);
    open += '"';
  }
  open += " rel=\"";
  open += kRel;
  open += "\">";
  return open;
}

// A link or image becomes <a href rel>label</a>, built from HTML nodes of our own so that the
// rel attribute can be added (cmark's renderer has no hook for attributes). Images become links
// too: posts show no remote images (privacy, and the CSP allows images from 'self' only); the
// description is the label, or the address when there is none.
void RewriteLink(cmark_node* node, const std::string& destination) {
  InsertBeforeOrFree(node, NewOwnHtml(OpenTag(destination, Literal(cmark_node_get_title(node)))));
  if (cmark_node_first_child(node) == nullptr) InsertBeforeOrFree(node, NewText(destination));
  while (cmark_node* child = cmark_node_first_child(node)) InsertBeforeOrFree(node, child);
  InsertBeforeOrFree(node, NewOwnHtml("</a>"));
  cmark_node_free(node);
}

// Raw HTML shows as the text the author typed.
void RewriteHtmlInline(cmark_node* node) {
  InsertBeforeOrFree(node, NewText(Literal(cmark_node_get_literal(node))));
  cmark_node_free(node);
}

void RewriteHtmlBlock(cmark_node* node) {
  std::string_view literal = Literal(cmark_node_get_literal(node));
  while (!literal.empty() && (literal.back() == '\n' || literal.back() == '\r')) {
    literal.remove_suffix(1);
  }
  cmark_node* paragraph = NewNode(CMARK_NODE_PARAGRAPH);
  bool first = true;
  while (true) {
    const std::size_t newline = literal.find('\n');
    std::string_view line = literal.substr(0, newline);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!first) cmark_node_append_child(paragraph, NewNode(CMARK_NODE_SOFTBREAK));
    cmark_node_append_child(paragraph, NewText(line));
    first = false;
    if (newline == std::string_view::npos) break;
    literal.remove_prefix(newline + 1);
  }
  InsertBeforeOrFree(node, paragraph);
  cmark_node_free(node);
}

bool IsSpaceChar(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (AsciiLower(s[i]) != prefix[i]) return false;
  }
  return true;
}

// GFM's extended autolinks start a line, follow white space, or follow one of these.
bool MayPrecedeBareUrl(char c) {
  return IsSpaceChar(c) || c == '*' || c == '_' || c == '~' || c == '(';
}

bool IsDomainChar(char c) {
  return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '-' || c == '_' || c == '.' ||
         static_cast<unsigned char>(c) >= 0x80;  // internationalized names
}

struct BareUrl {
  std::size_t length = 0;   // bytes of text that become the link label
  std::string destination;  // "http://" added to www. links
};

// The bare URL ("https://...", "http://...", "www....") at the start of `s`, after GFM's rules:
// a domain with a letter or digit (and a dot after http://), then anything up to white space
// or '<', minus trailing punctuation, unbalanced ')' and an entity-like "&name;". Scans each
// byte at most a constant number of times: a failed match stops within the domain.
std::optional<BareUrl> MatchBareUrl(std::string_view s) {
  std::size_t prefix = 0;
  const bool www = StartsWithNoCase(s, "www.");
  if (StartsWithNoCase(s, "https://")) {
    prefix = 8;
  } else if (StartsWithNoCase(s, "http://")) {
    prefix = 7;
  } else if (www) {
    prefix = 4;
  } else {
    return std::nullopt;
  }
  std::size_t domain_end = prefix;
  bool has_alnum = false;
  bool has_dot = false;
  while (domain_end < s.size() && IsDomainChar(s[domain_end])) {
    has_alnum |= IsAsciiAlpha(s[domain_end]) || IsAsciiDigit(s[domain_end]);
    has_dot |= s[domain_end] == '.';
    ++domain_end;
  }
  if (!has_alnum || (!www && !has_dot)) return std::nullopt;

  std::size_t end = domain_end;
  std::size_t open_parens = 0;
  std::size_t close_parens = 0;
  while (end < s.size() && !IsSpaceChar(s[end]) && s[end] != '<') {
    open_parens += s[end] == '(';
    close_parens += s[end] == ')';
    ++end;
  }
  while (end > prefix) {
    const char last = s[end - 1];
    if (std::string_view("?!.,:*_~'\"").find(last) != std::string_view::npos) {
      --end;
    } else if (last == ')' && close_parens > open_parens) {
      --close_parens;
      --end;
    } else if (last == ';') {
      std::size_t amp = end - 1;
      while (amp > prefix && (IsAsciiAlpha(s[amp - 1]) || IsAsciiDigit(s[amp - 1]))) --amp;
      if (amp == end - 1 || amp <= prefix || s[amp - 1] != '&') break;
      end = amp - 1;
    } else {
      break;
    }
  }
  // Trimming stops at the domain's letters and digits, so a link is left.
  BareUrl url;
  url.length = end;
  url.destination = (www ? "http://" : "") + std::string(s.substr(0, end));
  return url;
}

bool MayHoldBareUrl(std::string_view text) {
  if (text.find("://") != std::string_view::npos) return true;
  for (std::size_t i = text.find('.'); i != std::string_view::npos; i = text.find('.', i + 1)) {
    if (i >= 3 && StartsWithNoCase(text.substr(i - 3), "www.")) return true;
  }
  return false;
}

// Splits a text node around the bare URLs in it, each becoming a link of ours.
void LinkBareUrls(cmark_node* node) {
  const std::string literal(Literal(cmark_node_get_literal(node)));
  const std::string_view text = literal;
  std::size_t plain_start = 0;
  bool linked = false;
  for (std::size_t i = 0; i < text.size();) {
    const char c = AsciiLower(text[i]);
    std::optional<BareUrl> url;
    if ((c == 'h' || c == 'w') && (i == 0 || MayPrecedeBareUrl(text[i - 1]))) {
      url = MatchBareUrl(text.substr(i));
    }
    if (!url) {
      ++i;
      continue;
    }
    if (i > plain_start)
      InsertBeforeOrFree(node, NewText(text.substr(plain_start, i - plain_start)));
    InsertBeforeOrFree(node, NewOwnHtml(OpenTag(url->destination, {})));
    InsertBeforeOrFree(node, NewText(text.substr(i, url->length)));
    InsertBeforeOrFree(node, NewOwnHtml("</a>"));
    i += url->length;
    plain_start = i;
    linked = true;
  }
  if (!linked) return;
  if (plain_start < text.size()) InsertBeforeOrFree(node, NewText(text.substr(plain_start)));
  cmark_node_free(node);
}

struct Rewrite {
  cmark_node* node;
  bool inside_link;  // within another link or image: nested anchors are not allowed
};

void RewriteTree(cmark_node* root) {
  // The inline parser leaves runs of text in several nodes ("a_b" is three); a URL must be seen
  // whole.
  cmark_consolidate_text_nodes(root);
  std::vector<Rewrite> rewrites;
  int link_depth = 0;
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        if (event == CMARK_EVENT_ENTER) {
          rewrites.push_back({node, link_depth > 0});
          ++link_depth;
        } else {
          --link_depth;
        }
        break;
      case CMARK_NODE_HTML_INLINE:
      case CMARK_NODE_HTML_BLOCK:
        rewrites.push_back({node, link_depth > 0});
        break;
      case CMARK_NODE_TEXT:
        if (link_depth == 0 && MayHoldBareUrl(Literal(cmark_node_get_literal(node)))) {
          rewrites.push_back({node, false});
        }
        break;
      default:
        break;
    }
  }
  cmark_iter_free(iter);
  // Last first: a node's descendants come after it in document order, so they are rewritten
  // (and no longer referenced here) before the node itself is taken apart.
  for (auto it = rewrites.rbegin(); it != rewrites.rend(); ++it) {
    cmark_node* node = it->node;
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HTML_INLINE:
        RewriteHtmlInline(node);
        break;
      case CMARK_NODE_HTML_BLOCK:
        RewriteHtmlBlock(node);
        break;
      case CMARK_NODE_TEXT:
        LinkBareUrls(node);
        break;
      default: {
        std::optional<std::string> destination =
            it->inside_link ? std::nullopt : SafeDestination(Literal(cmark_node_get_url(node)));
        if (destination) {
          RewriteLink(node, *destination);
        } else {
          Unwrap(node);
        }
      }
    }
  }
}

// True when the only HTML left in the tree is ours and no link or image escaped the rewrite.
bool OnlyOwnHtml(cmark_node* root) {
  bool clean = true;
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type event;
  while (clean && (event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HTML_INLINE:
        clean = cmark_node_get_user_data(node) == &own_html_marker;
        break;
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        clean = false;
        break;
      default:
        break;
    }
  }
  cmark_iter_free(iter);
  return clean;
}

}  // namespace

std::string RenderMarkdown(std::string_view markdown) {
  text::MarkdownTree tree = text::MarkdownTree::Parse(markdown, text::MarkdownSyntax::kGfm);
  RewriteTree(tree.root());
  if (!OnlyOwnHtml(tree.root())) {
    // Cannot happen with cmark-gfm 0.29; if a future version surprises the rewrite, show the
    // source as text rather than risk printing a stranger's HTML.
    std::string html = "<p>";
    text::AppendHtmlEscaped(html, markdown);
    html += "</p>\n";
    return html;
  }
  // UNSAFE only lets through the HTML nodes built above: every node that came from the author's
  // raw HTML is text by now, and every link and image is one of ours.
  return tree.RenderHtml(CMARK_OPT_UNSAFE);
}

}  // namespace plaza
