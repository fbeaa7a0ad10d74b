// Markdown rendering and its link policy (src/text/markdown.*, md4c) over any post body, any
// bytes. Properties: the HTML is at most kMaxMarkdownHtmlBytes, or the answer is
// kLimitExceeded; the HTML and the plain text are valid UTF-8; every '<' opens a tag from the
// renderer's own list (raw HTML never passes); links are <a href="..." [title="..."]
// rel="nofollow ugc noopener"> with an http, https, mailto or relative destination; other tags
// carry only inert attributes; PlainTextOfMarkdown gives the plain text of the full render.

#include <array>
#include <string>

#include "core/utf8.hpp"
#include "fuzz/fuzz_check.hpp"
#include "text/markdown.hpp"

using plaza::fuzz::Require;

namespace {

constexpr std::array<std::string_view, 27> kTags = {
    "p",  "a",     "em",    "strong", "del", "code", "pre", "blockquote", "ul",
    "ol", "li",    "h1",    "h2",     "h3",  "h4",   "h5",  "h6",         "hr",
    "br", "table", "thead", "tbody",  "tr",  "th",   "td",  "input",      "sup"};
constexpr std::array<std::string_view, 6> kInertAttributes = {"class", "align",   "start",
                                                              "type",  "checked", "disabled"};

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

template <std::size_t N>
bool OneOf(std::string_view s, const std::array<std::string_view, N>& list) {
  for (auto item : list) {
    if (item == s) return true;
  }
  return false;
}

// An href value as the renderer writes it: no quote, no space, no '<'; its scheme (the part
// before a ':' that comes before any '/', '?' or '#') is http, https or mailto, or it has none.
bool IsSafeHref(std::string_view href) {
  if (href.find_first_of("\"<> \t\r\n") != std::string_view::npos) return false;
  std::size_t delimiter = href.find_first_of(":/?#");
  if (delimiter == std::string_view::npos || href[delimiter] != ':') return true;
  std::string scheme;
  for (char c : href.substr(0, delimiter)) {
    scheme.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  }
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

// Checks the tag starting at html[at] ('<') and returns the offset after its '>'.
std::size_t CheckTag(std::string_view html, std::size_t at) {
  std::size_t end = html.find('>', at);
  Require(end != std::string_view::npos, "every tag is closed");
  std::string_view tag = html.substr(at + 1, end - at - 1);
  if (tag.ends_with(" /")) tag.remove_suffix(2);  // <br />, <hr />
  bool closing = !tag.empty() && tag.front() == '/';
  if (closing) tag.remove_prefix(1);
  std::size_t name_end = 0;
  while (name_end < tag.size() && IsLowerAlnum(tag[name_end])) ++name_end;
  std::string_view name = tag.substr(0, name_end);
  Require(OneOf(name, kTags), "every '<' opens one of the renderer's tags");
  std::string_view rest = tag.substr(name_end);
  if (closing) {
    Require(rest.empty(), "a closing tag has no attributes");
    return end + 1;
  }
  if (name == "a") {
    constexpr std::string_view kHref = " href=\"";
    Require(rest.starts_with(kHref), "a link starts with its href");
    rest.remove_prefix(kHref.size());
    std::size_t quote = rest.find('"');
    Require(IsSafeHref(rest.substr(0, quote)), "a link's destination is safe");
    rest.remove_prefix(quote + 1);
    if (rest.starts_with(" title=\"")) rest.remove_prefix(rest.find('"', 8) + 1);
    Require(rest == " rel=\"nofollow ugc noopener\"", "a link ends with its rel");
    return end + 1;
  }
  // Other tags: name="value" pairs from the inert list, or bare boolean attributes.
  while (!rest.empty()) {
    Require(rest.front() == ' ', "attributes are separated by a space");
    rest.remove_prefix(1);
    std::size_t name_stop = 0;
    while (name_stop < rest.size() && (IsLowerAlnum(rest[name_stop]) || rest[name_stop] == '-')) {
      ++name_stop;
    }
    Require(OneOf(rest.substr(0, name_stop), kInertAttributes), "only inert attributes");
    rest.remove_prefix(name_stop);
    if (rest.starts_with("=\"")) {
      std::size_t quote = rest.find('"', 2);
      Require(quote != std::string_view::npos, "attribute values are quoted");
      rest.remove_prefix(quote + 1);
    } else if (rest.starts_with("=\"\"")) {
      rest.remove_prefix(3);
    }
  }
  return end + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view markdown = plaza::fuzz::AsText(data, size);
  auto rendered = plaza::text::RenderMarkdown(markdown);
  if (!rendered) {
    Require(rendered.error().code == plaza::Errc::kLimitExceeded, "only the HTML cap refuses");
    return 0;
  }
  const std::string& html = rendered->html;
  Require(html.size() <= plaza::text::kMaxMarkdownHtmlBytes, "the HTML is capped");
  Require(plaza::text::IsValidUtf8(html), "the HTML is valid UTF-8");
  Require(plaza::text::IsValidUtf8(rendered->plain_text), "the plain text is valid UTF-8");
  Require(plaza::text::PlainTextOfMarkdown(markdown) == rendered->plain_text,
          "the plain text alone is the plain text of the render");
  std::size_t at = 0;
  while ((at = html.find('<', at)) != std::string::npos) at = CheckTag(html, at);
  return 0;
}
