#include "text/text.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "text/markdown.hpp"

namespace plaza::text {

namespace {

constexpr std::size_t kMinSymbol = 2;
constexpr std::size_t kMaxSymbol = 10;

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSymbolChar(char c) { return IsUpper(c) || IsDigit(c); }
// ASCII word characters glue a '$' to the word around it ("US$5", "$BTCs"). Other scripts do
// not: Chinese and Japanese write "买入$BTC了" without spaces.
bool IsWordChar(char c) {
  return IsSymbolChar(c) || (c >= 'a' && c <= 'z') || c == '_' || c == '$';
}
bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

// A token holding a URL: "https://x.com/$BTC", "(www.x.com/$ETH)". Cashtags in it are paths.
bool IsUrlToken(std::string_view token) {
  return token.find("://") != std::string_view::npos ||
         token.find("www.") != std::string_view::npos;
}

void ScanToken(std::string_view token, std::vector<std::string>& tags) {
  for (std::size_t i = 0; i < token.size() && tags.size() < kMaxCashtags; ++i) {
    if (token[i] != '$') continue;
    if (i > 0 && IsWordChar(token[i - 1])) continue;
    std::size_t end = i + 1;
    while (end < token.size() && IsSymbolChar(token[end])) ++end;
    const std::size_t length = end - i - 1;
    if (length < kMinSymbol || length > kMaxSymbol) continue;
    if (!IsUpper(token[i + 1])) continue;  // "$2", "$100K": money, not a token
    if (end < token.size() && IsWordChar(token[end])) continue;  // "$BTCs", "$ETH_2"
    std::string symbol(token.substr(i + 1, length));
    if (std::find(tags.begin(), tags.end(), symbol) == tags.end())
      tags.push_back(std::move(symbol));
    i = end - 1;
  }
}

}  // namespace

std::vector<std::string> ExtractCashtags(std::string_view markdown) {
  if (markdown.find('$') == std::string_view::npos) return {};  // most posts: skip the parse
  return ExtractCashtagsFromProse(PlainTextOfMarkdown(markdown));
}

std::vector<std::string> ExtractCashtagsFromProse(std::string_view prose) {
  std::vector<std::string> tags;
  std::string_view rest = prose;
  while (!rest.empty() && tags.size() < kMaxCashtags) {
    const auto start = std::find_if_not(rest.begin(), rest.end(), IsSpace);
    const auto stop = std::find_if(start, rest.end(), IsSpace);
    const std::string_view token(start, stop);
    if (!token.empty() && !IsUrlToken(token)) ScanToken(token, tags);
    rest = std::string_view(stop, rest.end());
  }
  return tags;
}

}  // namespace plaza::text
