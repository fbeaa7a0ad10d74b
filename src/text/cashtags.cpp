#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/utf8.hpp"
#include "text/markdown.hpp"
#include "text/text.hpp"

namespace plaza::text {

namespace {

bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSymbolChar(char c) { return IsAsciiLetter(c) || IsAsciiDigit(c); }
bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }
char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// A letter of a script whose words a '$' may not touch: "é$BTC", "$BTС" (Cyrillic С), "$ΒTC".
// Chinese and Japanese write "买入$BTC了" without spaces, so their letters may.
bool IsGluingLetter(char32_t cp) {
  if (cp < 0x80) return IsSymbolChar(static_cast<char>(cp)) || cp == '_' || cp == '$';
  if (!u_isalpha(static_cast<UChar32>(cp))) return false;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(static_cast<UChar32>(cp), &status);
  if (U_FAILURE(status)) return false;
  return script == USCRIPT_LATIN || script == USCRIPT_CYRILLIC || script == USCRIPT_GREEK;
}

// The code point that ends just before `pos` (U+FFFD for a broken sequence), or 0 at the start.
char32_t CodePointBefore(std::string_view s, std::size_t pos) {
  if (pos == 0) return 0;
  std::size_t start = pos - 1;
  while (start > 0 && pos - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
    --start;
  }
  std::size_t i = start;
  return NextCodePoint(s, i);
}

char32_t CodePointAt(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return 0;
  std::size_t i = pos;
  return NextCodePoint(s, i);
}

// A word holding a URL ("https://x.com/$BTC", "(www.x.com/$ETH)") or an e-mail address
// ("$btc@example.com"): what looks like a tag in it is a path or a mailbox.
bool IsAddressWord(std::string_view word) {
  if (word.find("://") != std::string_view::npos || word.find("www.") != std::string_view::npos) {
    return true;
  }
  const std::size_t at = word.find('@');
  return at != std::string_view::npos && at > 0 && word.find('.', at + 1) != std::string_view::npos;
}

void ScanWord(std::string_view prose, std::size_t begin, std::size_t end,
              std::vector<CashtagSpan>& spans) {
  for (std::size_t i = begin; i < end; ++i) {
    if (prose[i] != '$') continue;
    if (IsGluingLetter(CodePointBefore(prose, i))) continue;
    std::size_t stop = i + 1;
    while (stop < end && IsSymbolChar(prose[stop])) ++stop;
    const std::size_t length = stop - i - 1;
    if (length == 0 || length > kMaxCashtagLength) {
      i = stop - 1;
      continue;
    }
    const std::string_view run = prose.substr(i + 1, length);
    const bool has_letter = std::any_of(run.begin(), run.end(), IsAsciiLetter);
    if (!has_letter || (stop < prose.size() && IsGluingLetter(CodePointAt(prose, stop)))) {
      i = stop - 1;
      continue;
    }
    std::string candidate(run);
    std::transform(candidate.begin(), candidate.end(), candidate.begin(), Upper);
    spans.push_back(CashtagSpan{i, length + 1, std::move(candidate)});
    i = stop - 1;
  }
}

}  // namespace

std::vector<CashtagSpan> FindCashtags(std::string_view prose) {
  std::vector<CashtagSpan> spans;
  std::size_t pos = 0;
  while (pos < prose.size()) {
    while (pos < prose.size() && IsSpace(prose[pos])) ++pos;
    std::size_t stop = pos;
    while (stop < prose.size() && !IsSpace(prose[stop])) ++stop;
    if (stop > pos && !IsAddressWord(prose.substr(pos, stop - pos))) {
      ScanWord(prose, pos, stop, spans);
    }
    pos = stop;
  }
  return spans;
}

std::vector<std::string> ExtractCashtags(std::string_view markdown, const SymbolLookup& lookup) {
  if (markdown.find('$') == std::string_view::npos) return {};  // most posts: skip the parse
  return ExtractCashtagsFromProse(PlainTextOfMarkdown(markdown), lookup);
}

std::vector<std::string> ExtractCashtagsFromProse(std::string_view prose,
                                                  const SymbolLookup& lookup) {
  std::vector<std::string> tags;
  if (prose.find('$') == std::string_view::npos) return tags;
  for (CashtagSpan& span : FindCashtags(prose)) {
    if (tags.size() >= kMaxCashtags) break;
    std::optional<std::string> symbol;
    if (lookup) {
      symbol = lookup(span.candidate);
    } else if (IsAsciiLetter(span.candidate.front())) {
      symbol = std::move(span.candidate);
    }
    if (symbol && std::find(tags.begin(), tags.end(), *symbol) == tags.end()) {
      tags.push_back(std::move(*symbol));
    }
  }
  return tags;
}

}  // namespace plaza::text
