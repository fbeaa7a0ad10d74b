#include "translate/spans.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <set>

#include "text/text.hpp"

namespace plaza::translate {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The code point at `i` (U+FFFD for an invalid sequence) and the index after it.
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  UChar32 c = 0;
  int32_t index = static_cast<int32_t>(i);
  U8_NEXT(s.data(), index, static_cast<int32_t>(s.size()), c);
  i = static_cast<std::size_t>(index);
  return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

void AppendUtf8(std::string& out, char32_t c) {
  char buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buf, n, 4, static_cast<UChar32>(c), error);
  if (error) {
    out += kReplacement;
  } else {
    out.append(buf, static_cast<std::size_t>(n));
  }
}

bool IsAsciiWord(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsBidiControl(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

// Emoji and the characters that join or modify them: engines drop or mangle them.
bool IsEmojiPart(char32_t c) {
  const auto u = static_cast<UChar32>(c);
  return u_hasBinaryProperty(u, UCHAR_EXTENDED_PICTOGRAPHIC) ||
         u_hasBinaryProperty(u, UCHAR_EMOJI_MODIFIER) ||
         u_hasBinaryProperty(u, UCHAR_REGIONAL_INDICATOR) || c == 0x200D || c == 0xFE0F ||
         c == 0x20E3;
}

bool StartsWithUrl(std::string_view s) {
  auto starts = [s](std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      const char c = s[i];
      const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      if (lower != prefix[i]) return false;
    }
    return true;
  };
  return starts("http://") || starts("https://") || starts("www.");
}

// The end of a URL starting at `start`: up to a space or a quote/angle bracket, without the
// punctuation that ends the sentence around it (a ')' stays when the URL opened one).
std::size_t UrlEnd(std::string_view s, std::size_t start) {
  std::size_t end = start;
  while (end < s.size()) {
    const auto c = static_cast<unsigned char>(s[end]);
    if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == 0x7F) break;
    if (c >= 0x80) {  // stop at Unicode spaces and the span marks
      std::size_t next = end;
      const char32_t cp = NextCodePoint(s, next);
      if (text::IsUnicodeSpace(cp) || cp == 0xE000 || cp == 0xE001 || IsBidiControl(cp)) break;
      end = next;
      continue;
    }
    ++end;
  }
  while (end > start) {
    const char c = s[end - 1];
    if (c == ')') {
      const std::string_view url = s.substr(start, end - start);
      if (std::count(url.begin(), url.end(), '(') >= std::count(url.begin(), url.end(), ')')) {
        break;
      }
    } else if (std::string_view(".,;:!?'*_").find(c) == std::string_view::npos) {
      break;
    }
    --end;
  }
  return end;
}

}  // namespace

std::string Protect(std::string_view text) {
  if (text.empty()) return {};
  std::string out;
  out.reserve(text.size() + kSpanOpen.size() + kSpanClose.size());
  out += kSpanOpen;
  out += text;
  out += kSpanClose;
  return out;
}

std::vector<Piece> SplitSpans(std::string_view segment) {
  std::vector<Piece> pieces;
  auto add = [&pieces](bool is_protected, std::string_view text) {
    if (text.empty()) return;
    if (!pieces.empty() && pieces.back().is_protected == is_protected && !is_protected) {
      pieces.back().text += text;
      return;
    }
    pieces.push_back(Piece{is_protected, std::string(text)});
  };
  std::size_t i = 0;
  while (i < segment.size()) {
    const std::size_t open = segment.find(kSpanOpen, i);
    if (open == std::string_view::npos) {
      add(false, segment.substr(i));
      break;
    }
    const std::size_t close = segment.find(kSpanClose, open + kSpanOpen.size());
    if (close == std::string_view::npos) {
      add(false, segment.substr(i));
      break;
    }
    add(false, segment.substr(i, open - i));
    add(true, segment.substr(open + kSpanOpen.size(), close - open - kSpanOpen.size()));
    i = close + kSpanClose.size();
  }
  return pieces;
}

std::string StripSpanMarks(std::string_view segment) {
  std::string out;
  out.reserve(segment.size());
  for (const Piece& piece : SplitSpans(segment)) out += piece.text;
  return out;
}

bool HasTranslatableText(std::string_view segment) {
  for (const Piece& piece : SplitSpans(segment)) {
    if (piece.is_protected) continue;
    std::size_t i = 0;
    while (i < piece.text.size()) {
      if (u_isalpha(static_cast<UChar32>(NextCodePoint(piece.text, i)))) return true;
    }
  }
  return false;
}

std::string SanitizeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte != 0 && byte < 0x80) {
      out += text[i++];
      continue;
    }
    const char32_t c = byte == 0 ? (++i, U'\uFFFD') : NextCodePoint(text, i);
    AppendUtf8(out, (c == 0xE000 || c == 0xE001) ? U'\uFFFD' : c);
  }
  return out;
}

std::string ProtectInline(std::string_view text) {
  const std::vector<std::string> tags = text::ExtractCashtagsFromProse(text);
  const std::set<std::string_view> cashtags(tags.begin(), tags.end());
  std::string out;
  std::string span;  // protected text waiting to be written (adjacent spans merge)
  auto flush_span = [&out, &span] {
    out += Protect(span);
    span.clear();
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const bool after_word = i > 0 && (IsAsciiWord(text[i - 1]) || text[i - 1] == '$');
    std::size_t end = i;
    if (!after_word && StartsWithUrl(text.substr(i))) {
      end = UrlEnd(text, i);
    } else if (c == '$' && !after_word) {
      std::size_t j = i + 1;
      while (j < text.size() && (IsAsciiDigit(text[j]) || (text[j] >= 'A' && text[j] <= 'Z'))) ++j;
      const bool bounded = j == text.size() || !(IsAsciiWord(text[j]) || text[j] == '$');
      if (bounded && cashtags.contains(text.substr(i + 1, j - i - 1))) end = j;
    } else if (c == '@' && !after_word && i + 1 < text.size() && IsAsciiWord(text[i + 1])) {
      std::size_t j = i + 1;
      while (j < text.size() &&
             (IsAsciiWord(text[j]) || ((text[j] == '.' || text[j] == '-') && j + 1 < text.size() &&
                                       IsAsciiWord(text[j + 1])))) {
        ++j;
      }
      end = j;
    } else if (IsAsciiDigit(c) && !(i > 0 && IsAsciiLetter(text[i - 1]))) {
      std::size_t j = i;
      while (j < text.size()) {
        if (IsAsciiDigit(text[j])) {
          ++j;
        } else if (std::string_view(".,:/").find(text[j]) != std::string_view::npos &&
                   j + 1 < text.size() && IsAsciiDigit(text[j + 1])) {
          ++j;
        } else {
          break;
        }
      }
      // "5th", "1990s", "10x": a word, left to the engine.
      if (!(j < text.size() && IsAsciiLetter(text[j]))) end = j;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      std::size_t next = i;
      const char32_t cp = NextCodePoint(text, next);
      if (IsBidiControl(cp) || IsEmojiPart(cp)) end = next;
    }
    if (end > i) {
      span += text.substr(i, end - i);
      i = end;
      continue;
    }
    flush_span();
    if (static_cast<unsigned char>(c) < 0x80) {
      out += c;
      ++i;
    } else {
      const std::size_t start = i;
      NextCodePoint(text, i);
      out += text.substr(start, i - start);
    }
  }
  flush_span();
  return out;
}

std::vector<std::string> ChunkSegment(std::string_view segment, std::size_t max_bytes) {
  if (segment.size() <= max_bytes) return {std::string(segment)};
  // Atomic units (a protected span with its marks, or one code point) and how good a cut after
  // each is: 2 after a sentence end's space, 1 after another space, 0 elsewhere.
  struct Unit {
    std::size_t end;
    int cut;
  };
  std::vector<Unit> units;
  std::size_t i = 0;
  char32_t previous = 0;
  while (i < segment.size()) {
    if (segment.substr(i).starts_with(kSpanOpen)) {
      const std::size_t close = segment.find(kSpanClose, i + kSpanOpen.size());
      if (close != std::string_view::npos) {
        i = close + kSpanClose.size();
        units.push_back({i, 0});
        previous = 0;
        continue;
      }
    }
    const char32_t cp = NextCodePoint(segment, i);
    int cut = 0;
    if (text::IsUnicodeSpace(cp)) {
      cut = (previous == '.' || previous == '!' || previous == '?' || previous == '\n') ? 2 : 1;
    } else if (cp == U'。' || cp == U'！' || cp == U'？') {
      cut = 2;
    }
    units.push_back({i, cut});
    if (!text::IsUnicodeSpace(cp)) previous = cp;
  }
  std::vector<std::string> chunks;
  std::size_t start = 0;  // byte offset of the current chunk
  std::size_t first = 0;  // its first unit
  while (first < units.size()) {
    if (segment.size() - start <= max_bytes) {
      chunks.emplace_back(segment.substr(start));
      break;
    }
    // The best cut within max_bytes: the last sentence end, else the last space, else the last
    // unit that fits, else (one span longer than the limit) that unit alone.
    std::size_t best = units.size();
    int best_cut = -1;
    for (std::size_t u = first; u < units.size() && units[u].end - start <= max_bytes; ++u) {
      if (units[u].cut >= best_cut) {
        best = u;
        best_cut = units[u].cut;
      }
    }
    if (best == units.size()) best = first;
    chunks.emplace_back(segment.substr(start, units[best].end - start));
    start = units[best].end;
    first = best + 1;
  }
  return chunks;
}

}  // namespace plaza::translate
