#include "posts/lang_detect.hpp"

// CLD2's headers use printf-family declarations without including <cstdio> themselves.
#include <cstdio>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <algorithm>
#include <array>
#include <string>

#include "i18n/locales.hpp"
#include "text/markdown.hpp"
#include "text/text.hpp"

namespace plaza {

namespace {

// CLD2 needs a few hundred bytes to be sure and gains little past a few kilobytes; a cap keeps
// the cost of a 50,000-character body bounded.
constexpr std::size_t kMaxDetectBytes = std::size_t{16} * 1024;

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

bool IsNoiseToken(std::string_view token) {
  if (token.find("://") != std::string_view::npos) return true;  // URLs
  if (token.find("www.") != std::string_view::npos) return true;
  // Cashtags, @handles and #tags are names, not words of any language.
  const char first = token.front();
  return first == '$' || first == '@' || first == '#';
}

// Appends the words of `text` that say something about its language.
void AppendWords(std::string_view text, std::string& out) {
  while (!text.empty()) {
    const auto start = std::find_if_not(text.begin(), text.end(), IsSpace);
    const auto stop = std::find_if(start, text.end(), IsSpace);
    const std::string_view token(start, stop);
    if (!token.empty() && !IsNoiseToken(token)) {
      out += token;
      out.push_back(' ');
    }
    text = std::string_view(stop, text.end());
  }
}

// The longest prefix of `s` of at most `max` bytes that ends on a code point boundary.
std::size_t Utf8Prefix(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s.size();
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return end;
}

// A content language of the table by its CLD2 code ("zh" is zh-Hans, "zh-Hant" zh-Hant); any
// other language by its primary subtag.
std::string ContentCode(CLD2::Language language) {
  const char* cld_code = CLD2::LanguageCode(language);
  if (cld_code == nullptr) return "und";
  if (const ContentLanguage* known = FindContentLanguageByCld2(cld_code)) {
    return std::string(known->code);
  }
  std::string_view code(cld_code);
  code = code.substr(0, code.find('-'));  // "sr-ME" -> "sr"
  // CLD2 keeps a few withdrawn ISO 639-1 codes.
  if (code == "iw") return "he";
  if (code == "jw") return "jv";
  if (code == "in") return "id";
  // Keep real language subtags (two letters, or three where ISO 639-1 has none, e.g. "haw");
  // CLD2's pseudo-languages ("xx-Qaai", "xxx") are not languages.
  if (code.size() < 2 || code.size() > 3 || code.starts_with("xx")) return "und";
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return "und";
  }
  return std::string(code);
}

}  // namespace

std::string DetectContentLang(std::string_view title, std::string_view body) {
  if (!text::IsValidUtf8(title) || !text::IsValidUtf8(body)) return "und";
  // Code, raw HTML and link destinations are not prose.
  return DetectContentLangOfText(
      title, text::PlainTextOfMarkdown(body.substr(0, Utf8Prefix(body, 4 * kMaxDetectBytes))));
}

std::string DetectContentLangOfText(std::string_view title, std::string_view body_text) {
  if (!text::IsValidUtf8(title) || !text::IsValidUtf8(body_text)) return "und";
  std::string sample;
  sample.reserve(std::min(title.size() + body_text.size(), kMaxDetectBytes) + 2);
  AppendWords(title, sample);
  sample.push_back('\n');
  AppendWords(body_text.substr(0, Utf8Prefix(body_text, 2 * kMaxDetectBytes)), sample);
  sample.resize(Utf8Prefix(sample, kMaxDetectBytes));

  const CLD2::CLDHints hints{nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  std::array<CLD2::Language, 3> languages{};
  std::array<int, 3> percents{};
  std::array<double, 3> scores{};
  int text_bytes = 0;
  bool reliable = false;
  const CLD2::Language language = CLD2::ExtDetectLanguageSummary(
      sample.data(), static_cast<int>(sample.size()), /*is_plain_text=*/true, &hints, /*flags=*/0,
      languages.data(), percents.data(), scores.data(), /*resultchunkvector=*/nullptr, &text_bytes,
      &reliable);
  if (!reliable || language == CLD2::UNKNOWN_LANGUAGE || language == CLD2::TG_UNKNOWN_LANGUAGE) {
    return "und";
  }
  return ContentCode(language);
}

bool IsKnownContentLang(std::string_view code) {
  return code == "und" || FindContentLanguage(code) != nullptr;
}

}  // namespace plaza
