#include "text/markdown.hpp"

#include <md4c.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/ascii.hpp"
#include "text/text.hpp"

namespace plaza::text {

namespace {

constexpr std::string_view kRel = "nofollow ugc noopener";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// md4c recognizes what CommonMark does plus these extensions. Its own autolink extensions are
// not used: bare URLs follow GFM's rules in MatchBareUrl below, as they did with cmark-gfm. Task
// lists stay text ("[ ] a"): a checkbox without a label is an accessibility failure.
constexpr unsigned kFlagsWithoutTables = MD_FLAG_STRIKETHROUGH;
constexpr unsigned kFlagsWithTables = MD_FLAG_STRIKETHROUGH | MD_FLAG_TABLES;

// --- Link policy -------------------------------------------------------------------------------

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
    if (!IsAsciiAlnum(c) && c != '+' && c != '-' && c != '.') return std::nullopt;
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
    if (IsAsciiAlnum(c) || kKeep.find(c) != std::string_view::npos) {
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

void AppendOpenTag(std::string& out, std::string_view destination, std::string_view title) {
  out += "<a href=\"";
  AppendHref(out, destination);
  out += '"';
  if (!title.empty()) {
    out += " title=\"";
    AppendHtmlEscaped(out, title);
    out += '"';
  }
  out += " rel=\"";
  out += kRel;
  out += "\">";
}

// --- Bare URLs (GFM's extended autolinks) ------------------------------------------------------

bool IsSpaceChar(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// GFM's extended autolinks start a line, follow white space, or follow one of these.
bool MayPrecedeBareUrl(char c) {
  return IsSpaceChar(c) || c == '*' || c == '_' || c == '~' || c == '(';
}

bool IsDomainChar(char c) {
  return IsAsciiAlnum(c) || c == '-' || c == '_' || c == '.' ||
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
  const bool www = StartsWithIgnoreAsciiCase(s, "www.");
  if (StartsWithIgnoreAsciiCase(s, "https://")) {
    prefix = 8;
  } else if (StartsWithIgnoreAsciiCase(s, "http://")) {
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
    has_alnum |= IsAsciiAlnum(s[domain_end]);
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
      while (amp > prefix && IsAsciiAlnum(s[amp - 1])) --amp;
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

// Appends `text` escaped, with the bare URLs in it as links of ours.
void AppendLinkingBareUrls(std::string& out, std::string_view text) {
  std::size_t plain_start = 0;
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
    AppendHtmlEscaped(out, text.substr(plain_start, i - plain_start));
    AppendOpenTag(out, url->destination, {});
    AppendHtmlEscaped(out, text.substr(i, url->length));
    out += "</a>";
    i += url->length;
    plain_start = i;
  }
  AppendHtmlEscaped(out, text.substr(plain_start));
}

// --- Entities ----------------------------------------------------------------------------------

// The text an entity stands for, when known here: numeric references and the five that
// escape markup (plus &nbsp;). md4c has no table of named entities; the others are written to
// the HTML as they are (md4c only reports /&[A-Za-z][A-Za-z0-9]{1,47};/, which a browser reads
// as a reference or as text, never as markup).
std::optional<std::string> DecodeEntity(std::string_view entity) {
  if (entity.size() < 3 || entity.front() != '&' || entity.back() != ';') return std::nullopt;
  const std::string_view name = entity.substr(1, entity.size() - 2);
  if (name.front() == '#') {
    const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    const std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return std::nullopt;
    char32_t cp = 0;
    for (char c : digits) {
      unsigned digit = 0;
      if (IsAsciiDigit(c)) {
        digit = static_cast<unsigned>(c - '0');
      } else if (hex && IsAsciiAlpha(c) && AsciiLower(c) <= 'f') {
        digit = static_cast<unsigned>(AsciiLower(c) - 'a' + 10);
      } else {
        return std::nullopt;
      }
      cp = cp * (hex ? 16 : 10) + digit;
      if (cp > 0x10FFFF) cp = 0x110000;  // stays out of range, never overflows
    }
    // CommonMark: 0, surrogates and values past U+10FFFF become U+FFFD.
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    std::string out;
    AppendUtf8(out, cp);
    return out;
  }
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
  for (const auto& [known, text] : kNamed) {
    if (name == known) return std::string(text);
  }
  return std::nullopt;
}

bool IsNamedEntity(std::string_view entity) {
  if (entity.size() < 4 || entity.front() != '&' || entity.back() != ';') return false;
  const std::string_view name = entity.substr(1, entity.size() - 2);
  return IsAsciiAlpha(name.front()) && std::all_of(name.begin(), name.end(), IsAsciiAlnum);
}

// An attribute (link destination or title) as text: entities decoded, NUL replaced.
std::string AttributeText(const MD_ATTRIBUTE& attribute) {
  std::string out;
  if (attribute.text == nullptr) return out;
  const std::string_view all(attribute.text, attribute.size);
  for (std::size_t i = 0; attribute.substr_offsets[i] < attribute.size; ++i) {
    const std::size_t begin = attribute.substr_offsets[i];
    const std::size_t end = attribute.substr_offsets[i + 1];
    const std::string_view part = all.substr(begin, end - begin);
    switch (attribute.substr_types[i]) {
      case MD_TEXT_NULLCHAR:
        out += kReplacement;
        break;
      case MD_TEXT_ENTITY:
        out += DecodeEntity(part).value_or(std::string(part));
        break;
      default:
        out += part;
    }
  }
  return out;
}

// --- Tables ------------------------------------------------------------------------------------

// A table pads every row to its header's width: 8 KB of pipes and dashes could make a 20 MB page.
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

// --- The renderer ------------------------------------------------------------------------------

enum class Output { kHtmlAndText, kTextOnly };

// Receives md4c's callbacks and writes HTML and plain text as they come. Text is held back
// until the next event (md4c may report one run of text in several pieces) so that a bare URL
// is seen whole.
class Renderer {
 public:
  explicit Renderer(Output output) : html_on_(output == Output::kHtmlAndText) {}

  /// The bytes md4c parses. No text or attribute it hands over can be much longer (it points
  /// into the input, into a copy with entities and line breaks merged, or adds "mailto:" to an
  /// e-mail autolink); one that is means md4c's state broke (fuzzing found inputs that make
  /// md4c 0.4.8 hand over sizes near 4 GB), and the parse stops before anything reads it.
  void SetInputSize(std::size_t size) { max_piece_ = size + kPieceSlack; }

  int EnterBlock(MD_BLOCKTYPE type, void* detail) {
    FlushText();
    // A block starts a line: in a tight list "two" and its nested list have no paragraph
    // between them to end one.
    if (!plain_.empty() && plain_.back() != '\n') plain_.push_back('\n');
    bool shown = true;
    if (type == MD_BLOCK_QUOTE || type == MD_BLOCK_UL || type == MD_BLOCK_OL) {
      shown = ++nesting_ <= kMaxMarkdownNesting;
    } else if (type == MD_BLOCK_LI) {
      shown = blocks_.empty() || blocks_.back();  // with its list
    }
    blocks_.push_back(shown);
    if (type == MD_BLOCK_HTML) {
      in_html_block_ = true;
      html_block_.clear();
    }
    if (!html_on_ || !shown) return Check();
    switch (type) {
      case MD_BLOCK_QUOTE:
        Line("<blockquote>\n");
        break;
      case MD_BLOCK_UL:
        Line("<ul>\n");
        break;
      case MD_BLOCK_OL: {
        const unsigned start = static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start;
        Line(start == 1 ? std::string("<ol>\n") : "<ol start=\"" + std::to_string(start) + "\">\n");
        break;
      }
      case MD_BLOCK_LI:
        Line("<li>");
        break;
      case MD_BLOCK_HR:
        Line("<hr />\n");
        break;
      case MD_BLOCK_H:
        Line("<h" + std::to_string(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level) + ">");
        break;
      case MD_BLOCK_CODE: {
        Line("<pre><code");
        const MD_ATTRIBUTE& lang_attribute = static_cast<MD_BLOCK_CODE_DETAIL*>(detail)->lang;
        if (!Plausible(lang_attribute)) return -1;
        const std::string lang = AttributeText(lang_attribute);
        if (!lang.empty()) {
          html_ += " class=\"language-";
          AppendHtmlEscaped(html_, lang);
          html_ += '"';
        }
        html_ += '>';
        break;
      }
      case MD_BLOCK_P:
        Line("<p>");
        break;
      case MD_BLOCK_TABLE:
        Line("<table>\n");
        break;
      case MD_BLOCK_THEAD:
        Line("<thead>\n");
        break;
      case MD_BLOCK_TBODY:
        Line("<tbody>\n");
        break;
      case MD_BLOCK_TR:
        Line("<tr>\n");
        break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD:
        OpenCell(type == MD_BLOCK_TH ? "th" : "td", static_cast<MD_BLOCK_TD_DETAIL*>(detail));
        break;
      default:
        break;
    }
    return Check();
  }

  int LeaveBlock(MD_BLOCKTYPE type, void* detail) {
    FlushText();
    const bool shown = blocks_.back();
    blocks_.pop_back();
    if (type == MD_BLOCK_QUOTE || type == MD_BLOCK_UL || type == MD_BLOCK_OL) --nesting_;
    if (type == MD_BLOCK_HTML) in_html_block_ = false;
    // Leaving a block ends a line: words of two paragraphs never run together.
    plain_.push_back('\n');
    if (!html_on_ || !shown) return Check();
    switch (type) {
      case MD_BLOCK_QUOTE:
        Line("</blockquote>\n");
        break;
      case MD_BLOCK_UL:
        Line("</ul>\n");
        break;
      case MD_BLOCK_OL:
        Line("</ol>\n");
        break;
      case MD_BLOCK_LI:
        html_ += "</li>\n";
        break;
      case MD_BLOCK_H:
        html_ += "</h" + std::to_string(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level) + ">\n";
        break;
      case MD_BLOCK_CODE:
        html_ += "</code></pre>\n";
        break;
      case MD_BLOCK_HTML:
        CloseHtmlBlock();  // in_html_block_ was reset above; html_block_ still holds the text
        break;
      case MD_BLOCK_P:
        html_ += "</p>\n";
        break;
      case MD_BLOCK_TABLE:
        Line("</table>\n");
        break;
      case MD_BLOCK_THEAD:
        Line("</thead>\n");
        break;
      case MD_BLOCK_TBODY:
        Line("</tbody>\n");
        break;
      case MD_BLOCK_TR:
        Line("</tr>\n");
        break;
      case MD_BLOCK_TH:
        html_ += "</th>\n";
        break;
      case MD_BLOCK_TD:
        html_ += "</td>\n";
        break;
      default:
        break;
    }
    return Check();
  }

  int EnterSpan(MD_SPANTYPE type, void* detail) {
    FlushText();
    switch (type) {
      case MD_SPAN_EM:
        Html("<em>");
        break;
      case MD_SPAN_STRONG:
        Html("<strong>");
        break;
      case MD_SPAN_DEL:
        Html("<del>");
        break;
      case MD_SPAN_CODE:
        Html("<code>");
        // Dropped from the text, but still a boundary: "a`$X`b" must not glue "a" and "b".
        plain_.push_back(' ');
        break;
      case MD_SPAN_A: {
        const auto* a = static_cast<MD_SPAN_A_DETAIL*>(detail);
        if (!Plausible(a->href) || !Plausible(a->title)) return -1;
        OpenLink(AttributeText(a->href), AttributeText(a->title));
        break;
      }
      case MD_SPAN_IMG: {
        const auto* img = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
        if (!Plausible(img->src) || !Plausible(img->title)) return -1;
        OpenLink(AttributeText(img->src), AttributeText(img->title));
        break;
      }
      default:
        break;
    }
    return Check();
  }

  int LeaveSpan(MD_SPANTYPE type, void* /*detail*/) {
    FlushText();
    switch (type) {
      case MD_SPAN_EM:
        Html("</em>");
        break;
      case MD_SPAN_STRONG:
        Html("</strong>");
        break;
      case MD_SPAN_DEL:
        Html("</del>");
        break;
      case MD_SPAN_CODE:
        Html("</code>");
        break;
      case MD_SPAN_A:
      case MD_SPAN_IMG:
        // md4c 0.4.8 can leave a link it never entered ("![]([)]()": found by
        // fuzz/markdown_fuzz.cpp); there is nothing to close then.
        if (!links_.empty()) CloseLink();
        break;
      default:
        break;
    }
    return Check();
  }

  int Text(MD_TEXTTYPE type, std::string_view text) {
    if (text.size() > max_piece_) {
      broken_ = true;
      return -1;
    }
    switch (type) {
      case MD_TEXT_NORMAL:
        Prose(text);
        break;
      case MD_TEXT_NULLCHAR:
        Prose(kReplacement);
        break;
      case MD_TEXT_ENTITY:
        if (auto decoded = DecodeEntity(text)) {
          Prose(*decoded);
        } else {
          FlushText();
          plain_ += text;
          // Written as it is: the browser shows the character it names.
          if (IsNamedEntity(text)) {
            Html(text);
          } else {
            Escaped(text);
          }
        }
        break;
      case MD_TEXT_BR:
        FlushText();
        Html("<br />\n");
        plain_.push_back('\n');
        break;
      case MD_TEXT_SOFTBR:
        FlushText();
        Html("\n");
        plain_.push_back('\n');
        break;
      case MD_TEXT_CODE:
        FlushText();
        Escaped(text);
        break;
      case MD_TEXT_HTML:
        // Raw HTML shows as the text the author typed; it is not prose.
        FlushText();
        if (in_html_block_) {
          html_block_ += text;
        } else {
          Escaped(text);
          plain_.push_back(' ');
        }
        break;
      default:
        FlushText();
        Escaped(text);
    }
    return Check();
  }

  bool over_budget() const { return over_budget_; }
  /// md4c handed over a size its input cannot hold: the parse was stopped (see the constructor).
  bool broken() const { return broken_; }
  std::string TakeHtml() { return std::move(html_); }
  std::string TakePlainText() { return std::move(plain_); }

 private:
  struct Link {
    bool shown;               // its <a> was written
    std::size_t label_start;  // where its label starts in html_
    std::string destination;
  };

  int Check() {
    if (html_.size() > kMaxMarkdownHtmlBytes) over_budget_ = true;
    return over_budget_ ? 1 : 0;
  }

  void Html(std::string_view s) {
    if (html_on_) html_ += s;
  }

  // A block tag starts on a line of its own.
  void Line(std::string_view s) {
    if (!html_.empty() && html_.back() != '\n') html_.push_back('\n');
    html_ += s;
  }

  void Escaped(std::string_view s) {
    if (html_on_) AppendHtmlEscaped(html_, s);
  }

  void Prose(std::string_view s) {
    pending_ += s;
    plain_ += s;
  }

  void FlushText() {
    if (pending_.empty()) return;
    if (html_on_) {
      if (links_.empty()) {
        AppendLinkingBareUrls(html_, pending_);
      } else {
        AppendHtmlEscaped(html_, pending_);
      }
    }
    pending_.clear();
  }

  void OpenCell(std::string_view tag, const MD_BLOCK_TD_DETAIL* detail) {
    Line("<");
    html_ += tag;
    switch (detail->align) {
      case MD_ALIGN_LEFT:
        html_ += " align=\"left\"";
        break;
      case MD_ALIGN_CENTER:
        html_ += " align=\"center\"";
        break;
      case MD_ALIGN_RIGHT:
        html_ += " align=\"right\"";
        break;
      default:
        break;
    }
    html_ += '>';
  }

  // Raw HTML blocks become a paragraph of their text, line breaks kept.
  void CloseHtmlBlock() {
    std::string_view text = html_block_;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    Line("<p>");
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t newline = text.find('\n', i);
      std::string_view line =
          text.substr(i, newline == std::string_view::npos ? newline : newline - i);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (i > 0) html_.push_back('\n');
      AppendHtmlEscaped(html_, line);
      if (newline == std::string_view::npos) break;
      i = newline + 1;
    }
    html_ += "</p>\n";
  }

  // A link or image becomes <a href rel>label</a>. Images become links too: posts show no
  // remote images (privacy, and the CSP allows images from 'self' only); the description is
  // the label, or the address when there is none. A link inside another link, or one with an
  // unsafe destination, leaves only its label.
  void OpenLink(const std::string& url, const std::string& title) {
    std::optional<std::string> destination;
    if (links_.empty()) destination = SafeDestination(url);
    if (destination && html_on_) AppendOpenTag(html_, *destination, title);
    links_.push_back(Link{destination.has_value(), html_.size(), destination.value_or("")});
  }

  void CloseLink() {
    const Link link = std::move(links_.back());
    links_.pop_back();
    if (!link.shown || !html_on_) return;
    if (html_.size() == link.label_start) AppendHtmlEscaped(html_, link.destination);
    html_ += "</a>";
  }

  bool html_on_;
  std::string html_;
  std::string plain_;
  std::string pending_;     // prose not yet written to html_
  std::string html_block_;  // the raw HTML block being read
  bool in_html_block_ = false;
  std::vector<bool> blocks_;  // open blocks: whether each one's tags were written
  std::size_t nesting_ = 0;   // open quotes and lists, written or flattened
  std::vector<Link> links_;
  bool over_budget_ = false;
  static constexpr std::size_t kPieceSlack = 64;
  std::size_t max_piece_ = kPieceSlack;
  bool broken_ = false;

  bool Plausible(const MD_ATTRIBUTE& attribute) {
    if (attribute.size > max_piece_) broken_ = true;
    return !broken_;
  }
};

int EnterBlock(MD_BLOCKTYPE type, void* detail, void* user) {
  return static_cast<Renderer*>(user)->EnterBlock(type, detail);
}
int LeaveBlock(MD_BLOCKTYPE type, void* detail, void* user) {
  return static_cast<Renderer*>(user)->LeaveBlock(type, detail);
}
int EnterSpan(MD_SPANTYPE type, void* detail, void* user) {
  return static_cast<Renderer*>(user)->EnterSpan(type, detail);
}
int LeaveSpan(MD_SPANTYPE type, void* detail, void* user) {
  return static_cast<Renderer*>(user)->LeaveSpan(type, detail);
}
int Text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* user) {
  return static_cast<Renderer*>(user)->Text(type, std::string_view(text, size));
}

// Parses `markdown` into `renderer`. False when the renderer stopped the parse (over budget).
bool Parse(std::string_view markdown, Renderer& renderer) {
  // md4c reads bytes; the HTML must be valid UTF-8 whatever the author sent.
  std::string repaired;
  if (!IsValidUtf8(markdown)) {
    repaired = ToValidUtf8(markdown);
    markdown = repaired;
  }
  MD_PARSER parser{};
  parser.flags = TablesWithinLimits(markdown) ? kFlagsWithTables : kFlagsWithoutTables;
  parser.enter_block = EnterBlock;
  parser.leave_block = LeaveBlock;
  parser.enter_span = EnterSpan;
  parser.leave_span = LeaveSpan;
  parser.text = Text;
  // md4c takes sizes as unsigned; a body is capped far below 4 GB before it gets here.
  const auto size = static_cast<MD_SIZE>(std::min<std::size_t>(markdown.size(), 0xFFFFFFFFu));
  renderer.SetInputSize(size);
  return md_parse(markdown.data(), size, &parser, &renderer) == 0 && !renderer.over_budget();
}

}  // namespace

Result<RenderedMarkdown> RenderMarkdown(std::string_view markdown) {
  Renderer renderer(Output::kHtmlAndText);
  if (!Parse(markdown, renderer)) {
    if (renderer.broken()) {
      return Fail(Errc::kInvalidArgument,
                  "the body cannot be rendered: the Markdown parser lost its place (simplify the "
                  "links and brackets)",
                  "body");
    }
    return LimitExceeded(
        "renders to more than " + std::to_string(kMaxMarkdownHtmlBytes) + " bytes of HTML", "",
        kMaxMarkdownHtmlBytes);
  }
  return RenderedMarkdown{renderer.TakeHtml(), renderer.TakePlainText()};
}

std::string PlainTextOfMarkdown(std::string_view markdown) {
  Renderer renderer(Output::kTextOnly);
  Parse(markdown, renderer);  // text only: never over budget
  return renderer.TakePlainText();
}

}  // namespace plaza::text
