#include "summarize/segment.hpp"

#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <string>
#include <utility>

#include "core/ascii.hpp"
#include "i18n/locales.hpp"
#include "summarize/stopwords.hpp"
#include "text/text.hpp"

namespace plaza::summarize {
namespace {

// ICU locale IDs. "@ss=standard" turns on CLDR's sentence-break exceptions ("Mr.", "etc.") where
// CLDR has them (en, fr, es, pt, ru, ...); elsewhere it changes nothing.
std::string IcuLocaleFor(std::string_view lang) {
  if (lang == "zh-Hans") return "zh_Hans";
  if (lang == "zh-Hant") return "zh_Hant";
  if (lang == "und") return "@ss=standard";
  return std::string(lang) + "@ss=standard";
}

// The locale given to ICU's case mapping: only the language matters there.
std::string CaseLocaleFor(std::string_view lang) {
  if (lang == "und") return "";
  return std::string(lang.substr(0, 2));
}

bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The start of the code point that ends right before `pos` (pos > 0, valid UTF-8).
std::size_t PreviousCodePointStart(std::string_view s, std::size_t pos) {
  std::size_t i = pos - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

char32_t CodePointAt(std::string_view s, std::size_t pos) {
  std::size_t i = pos;
  return text::NextCodePoint(s, i);
}

// text[span] without leading and trailing white space (ASCII or Unicode White_Space).
Span Trim(std::string_view s, Span span) {
  while (span.begin < span.end) {
    const auto c = static_cast<unsigned char>(s[span.begin]);
    if (c < 0x80) {
      if (!IsAsciiSpace(c)) break;
      ++span.begin;
      continue;
    }
    std::size_t next = span.begin;
    if (!u_isUWhiteSpace(static_cast<UChar32>(text::NextCodePoint(s, next)))) break;
    span.begin = next;
  }
  while (span.end > span.begin) {
    const std::size_t start = PreviousCodePointStart(s, span.end);
    const char32_t c = CodePointAt(s, start);
    if (c < 0x80 ? !IsAsciiSpace(static_cast<unsigned char>(c))
                 : !u_isUWhiteSpace(static_cast<UChar32>(c))) {
      break;
    }
    span.end = start;
  }
  return span;
}

// White-space separated chunks of text[0, end) that are URLs ("scheme://..." or "www....").
// Sentence and word breaks inside them are ignored.
std::vector<Span> FindUrls(std::string_view s, std::size_t end) {
  std::vector<Span> urls;
  const std::string_view text = s.substr(0, end);
  std::size_t from = 0;
  while (from < text.size()) {
    // The next "://" or "www.", whichever comes first; most texts have neither.
    const std::size_t scheme = text.find("://", from);
    const std::size_t www = text.find("www.", from);
    const std::size_t hit = std::min(scheme, www);
    if (hit == std::string_view::npos) break;
    std::size_t start = hit;
    while (start > 0 && !IsAsciiSpace(static_cast<unsigned char>(text[start - 1]))) --start;
    std::size_t stop = hit;
    while (stop < text.size() && !IsAsciiSpace(static_cast<unsigned char>(text[stop]))) ++stop;
    const std::string_view chunk = text.substr(start, stop - start);
    // "www." counts only at the start of a chunk (or after an opening bracket).
    if (hit != scheme && !chunk.starts_with("www.") && !chunk.starts_with("(www.")) {
      from = hit + 1;
      continue;
    }
    if (!urls.empty() && urls.back().end >= start) {
      urls.back().end = std::max(urls.back().end, stop);
    } else {
      urls.push_back({start, stop});
    }
    from = stop;
  }
  return urls;
}

// Walks sorted, disjoint spans along increasing positions.
class SpanCursor {
 public:
  explicit SpanCursor(const std::vector<Span>& spans) : spans_(spans) {}
  // True when `pos` is strictly inside one of the spans. Calls come with non-decreasing `pos`.
  bool Inside(std::size_t pos) {
    while (next_ < spans_.size() && spans_[next_].end <= pos) ++next_;
    return next_ < spans_.size() && spans_[next_].begin < pos;
  }
  // True when [begin, end) overlaps one of the spans. Calls come with non-decreasing `begin`.
  bool Overlaps(std::size_t begin, std::size_t end) {
    while (next_ < spans_.size() && spans_[next_].end <= begin) ++next_;
    return next_ < spans_.size() && spans_[next_].begin < end;
  }

 private:
  const std::vector<Span>& spans_;
  std::size_t next_ = 0;
};

// True when text[begin, end), trimmed, ends with initials: one or more single letters each
// followed by a full stop ("U.S.", "J.", "e.g."), standing as a word of its own. A sentence
// rarely ends with one, and news text is full of "U.S. officials" and "George W. Bush", which
// ICU's exception list does not cover.
bool EndsWithInitials(std::string_view s, std::size_t begin, std::size_t end) {
  const Span t = Trim(s, {begin, end});
  std::size_t pos = t.end;
  int letters = 0;
  while (pos > t.begin && s[pos - 1] == '.') {
    const std::size_t dot = pos - 1;
    if (dot == t.begin) return false;
    const std::size_t letter = PreviousCodePointStart(s, dot);
    if (!u_isalpha(static_cast<UChar32>(CodePointAt(s, letter)))) return false;
    ++letters;
    pos = letter;
    if (pos == t.begin) return true;
    if (s[pos - 1] != '.') {
      // The initials must stand alone: after white space or an opening bracket or quote.
      const char32_t before = CodePointAt(s, PreviousCodePointStart(s, pos));
      return u_isUWhiteSpace(static_cast<UChar32>(before)) || before == '(' || before == '"' ||
             before == '\'' || before == 0x201C;
    }
  }
  return letters > 0 && pos == t.begin;
}

// Appends the pieces of text[begin, end) between '\n's, trimmed, that are not empty.
void AppendLines(std::string_view s, std::size_t begin, std::size_t end, std::vector<Span>& out,
                 std::size_t max) {
  while (begin < end && out.size() < max) {
    const std::size_t nl = s.find('\n', begin);
    const std::size_t stop = (nl == std::string_view::npos || nl >= end) ? end : nl;
    const Span piece = Trim(s, {begin, stop});
    if (piece.end > piece.begin) out.push_back(piece);
    begin = stop + 1;
  }
}

bool IsHiragana(char32_t c) { return c >= 0x3041 && c <= 0x309F; }

bool IsArabicDiacritic(char32_t c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640;  // harakat, tatweel
}

char32_t FoldArabicLetter(char32_t c) {
  switch (c) {
    case 0x0622:  // alef with madda
    case 0x0623:  // alef with hamza above
    case 0x0625:  // alef with hamza below
    case 0x0671:  // alef wasla
      return 0x0627;
    case 0x0629:  // teh marbuta
      return 0x0647;
    case 0x0649:  // alef maksura
      return 0x064A;
    default:
      return c;
  }
}

std::size_t CodePoints(std::string_view s) { return text::CountCodePoints(s); }

// The first `n` code points of `s`.
void KeepCodePoints(std::string& s, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t k = 0; k < n && i < s.size(); ++k) text::NextCodePoint(s, i);
  s.resize(i);
}

bool EraseSuffix(std::string& s, std::string_view suffix, std::size_t min_rest_bytes) {
  if (s.size() < suffix.size() + min_rest_bytes || !s.ends_with(suffix)) return false;
  s.resize(s.size() - suffix.size());
  return true;
}

bool ErasePrefix(std::string& s, std::string_view prefix, std::size_t min_rest_code_points) {
  if (!s.starts_with(prefix)) return false;
  if (CodePoints(std::string_view(s).substr(prefix.size())) < min_rest_code_points) return false;
  s.erase(0, prefix.size());
  return true;
}

// Russian and Ukrainian vowels and signs that end inflected forms.
bool IsSlavicEnding(char32_t c) {
  switch (c) {
    case U'а':
    case U'е':
    case U'и':
    case U'о':
    case U'у':
    case U'ы':
    case U'ю':
    case U'я':
    case U'ь':
    case U'й':
    case U'є':
    case U'і':
    case U'ї':
    case U'ё':
    case U'э':
      return true;
    default:
      return false;
  }
}

}  // namespace

Result<std::unique_ptr<LanguageProfile>> LanguageProfile::Create(std::string_view content_lang) {
  // The content languages of the table have a profile of their own (DESIGN.md §4); every other
  // code, and "und", gets the language-neutral one.
  const bool known = FindContentLanguage(content_lang) != nullptr;
  std::unique_ptr<LanguageProfile> profile(new LanguageProfile());
  profile->lang_ = known ? std::string(content_lang) : std::string("und");
  profile->icu_locale_ = CaseLocaleFor(profile->lang_);
  const icu::Locale locale(IcuLocaleFor(profile->lang_).c_str());
  UErrorCode status = U_ZERO_ERROR;
  profile->sentence_prototype_.reset(icu::BreakIterator::createSentenceInstance(locale, status));
  if (U_FAILURE(status) || profile->sentence_prototype_ == nullptr) {
    return Fail(Errc::kInternal,
                std::string("ICU sentence iterator unavailable: ") + u_errorName(status));
  }
  status = U_ZERO_ERROR;
  profile->word_prototype_.reset(icu::BreakIterator::createWordInstance(locale, status));
  if (U_FAILURE(status) || profile->word_prototype_ == nullptr) {
    return Fail(Errc::kInternal,
                std::string("ICU word iterator unavailable: ") + u_errorName(status));
  }
  for (std::string_view word : StopwordsFor(profile->lang_)) {
    std::string term;
    profile->Lower(word, term);
    profile->Fold(term);
    profile->stopwords_.insert(std::move(term));
  }
  return profile;
}

LanguageProfile::~LanguageProfile() = default;

std::vector<Span> LanguageProfile::SplitSentences(std::string_view text,
                                                  std::size_t max_sentences) const {
  std::vector<Span> out;
  if (text.empty() || max_sentences == 0) return out;
  const std::vector<Span> urls = FindUrls(text, text.size());
  SpanCursor in_url(urls);
  std::unique_ptr<icu::BreakIterator> it(sentence_prototype_->clone());
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &status);
  if (it != nullptr && U_SUCCESS(status)) it->setText(&ut, status);
  if (it == nullptr || U_FAILURE(status)) {
    // Without ICU's boundaries, lines are the sentences.
    utext_close(&ut);
    AppendLines(text, 0, text.size(), out, max_sentences);
    return out;
  }
  std::size_t start = 0;
  for (int32_t b = it->next(); b != icu::BreakIterator::DONE && out.size() < max_sentences;
       b = it->next()) {
    const auto pos = static_cast<std::size_t>(b);
    if (pos < text.size() && (in_url.Inside(pos) || EndsWithInitials(text, start, pos))) continue;
    AppendLines(text, start, pos, out, max_sentences);
    start = pos;
  }
  if (start < text.size()) AppendLines(text, start, text.size(), out, max_sentences);
  utext_close(&ut);
  return out;
}

std::vector<Span> LanguageProfile::Words(std::string_view text, std::size_t end) const {
  std::vector<Span> out;
  end = std::min(end, text.size());
  if (end == 0) return out;
  const std::vector<Span> urls = FindUrls(text, end);
  SpanCursor in_url(urls);
  std::unique_ptr<icu::BreakIterator> it(word_prototype_->clone());
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  const std::string_view head = text.substr(0, end);
  utext_openUTF8(&ut, head.data(), static_cast<int64_t>(head.size()), &status);
  if (it != nullptr && U_SUCCESS(status)) it->setText(&ut, status);
  if (it == nullptr || U_FAILURE(status)) {
    utext_close(&ut);
    return out;
  }
  out.reserve(end / 5);
  int32_t p = it->first();
  for (int32_t q = it->next(); q != icu::BreakIterator::DONE; p = q, q = it->next()) {
    if (it->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation, emoji
    const Span w{static_cast<std::size_t>(p), static_cast<std::size_t>(q)};
    if (in_url.Overlaps(w.begin, w.end)) continue;
    out.push_back(w);
  }
  utext_close(&ut);
  return out;
}

void LanguageProfile::Lower(std::string_view word, std::string& out) const {
  out.clear();
  if (text::IsAscii(word)) {
    out.resize(word.size());
    std::transform(word.begin(), word.end(), out.begin(), AsciiLower);
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&out);
  icu::CaseMap::utf8ToLower(icu_locale_.c_str(), 0,
                            icu::StringPiece(word.data(), static_cast<int32_t>(word.size())), sink,
                            nullptr, status);
  if (U_FAILURE(status)) out.assign(word);
}

void LanguageProfile::Fold(std::string& term) const {
  if (!text::IsAscii(term)) {
    std::string folded;
    folded.reserve(term.size());
    std::size_t i = 0;
    while (i < term.size()) {
      char32_t c = text::NextCodePoint(term, i);
      if (c == 0x2019 || c == 0x02BC || c == 0x2018) c = '\'';  // typographic apostrophes
      if (lang_ == "ar") {
        if (IsArabicDiacritic(c)) continue;
        c = FoldArabicLetter(c);
      }
      text::AppendUtf8(folded, c);
    }
    term = std::move(folded);
  }
  if (lang_ == "en" || lang_ == "und") {
    if (!EraseSuffix(term, "'s", 1)) EraseSuffix(term, "'", 1);
  } else if (lang_ == "fr") {
    // Elided articles and pronouns: "l'économie", "qu'il", "jusqu'à".
    const std::size_t apostrophe = term.find('\'');
    if (apostrophe != std::string::npos && apostrophe + 1 < term.size()) {
      const std::string_view head = std::string_view(term).substr(0, apostrophe);
      static constexpr std::string_view kElided[] = {
          "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "presqu"};
      if (std::find(std::begin(kElided), std::end(kElided), head) != std::end(kElided)) {
        term.erase(0, apostrophe + 1);
      }
    }
  }
  while (!term.empty() && term.back() == '\'') term.pop_back();
  while (!term.empty() && term.front() == '\'') term.erase(0, 1);
}

bool LanguageProfile::IsStopword(const std::string& term) const {
  if (stopwords_.contains(term)) return true;
  std::size_t i = 0;
  const char32_t first = text::NextCodePoint(term, i);
  if (i == term.size()) {
    // A lone letter of an alphabet ("s", "t", "й") says nothing; a lone ideograph or digit may.
    return u_isalpha(static_cast<UChar32>(first)) && first < 0x2E80;
  }
  if (lang_ == "ja") {
    // Short hiragana words are particles and inflection endings.
    std::size_t count = 0;
    std::size_t j = 0;
    while (j < term.size()) {
      if (!IsHiragana(text::NextCodePoint(term, j))) return false;
      ++count;
    }
    return count <= 2;
  }
  return false;
}

void LanguageProfile::Stem(std::string& term) const {
  if (lang_ == "en") {
    if (EraseSuffix(term, "ies", 2)) {
      term.push_back('y');
    } else if (term.ends_with("sses")) {
      term.resize(term.size() - 2);
    } else if (term.size() >= 4 && term.back() == 's' && !term.ends_with("ss") &&
               !term.ends_with("us") && !term.ends_with("is")) {
      term.pop_back();
    }
  } else if (lang_ == "fr" || lang_ == "es" || lang_ == "pt") {
    if (CodePoints(term) >= 4 && (term.back() == 's' || (lang_ == "fr" && term.back() == 'x'))) {
      term.pop_back();
    }
  } else if (lang_ == "ru" || lang_ == "uk") {
    // Prefix folding: six letters carry the stem of most inflected forms.
    const std::size_t n = CodePoints(term);
    if (n > 6) {
      KeepCodePoints(term, 6);
    } else if (n >= 4 &&
               IsSlavicEnding(CodePointAt(term, PreviousCodePointStart(term, term.size())))) {
      term.resize(PreviousCodePointStart(term, term.size()));
    }
  } else if (lang_ == "ar") {
    static constexpr std::string_view kPrefixes[] = {"وال", "بال", "كال", "فال", "لل", "ال"};
    for (std::string_view prefix : kPrefixes) {
      if (ErasePrefix(term, prefix, 3)) break;
    }
    static constexpr std::string_view kSuffixes[] = {"ات", "ون", "ين", "ه"};
    for (std::string_view suffix : kSuffixes) {
      if (CodePoints(term) >= 5 && EraseSuffix(term, suffix, 0)) break;
    }
  } else if (lang_ == "id") {
    for (std::string_view particle : {"nya", "lah", "kah"}) {
      if (EraseSuffix(term, particle, 3)) break;
    }
  }
}

bool LanguageProfile::Term(std::string_view word, std::string& out) const {
  Lower(word, out);
  Fold(out);
  if (out.empty() || IsStopword(out)) return false;
  Stem(out);
  return !out.empty();
}

LanguageProfiles::LanguageProfiles()
    : slots_(std::make_unique<Slot[]>(ContentLanguages().size() + 1)) {}
LanguageProfiles::~LanguageProfiles() = default;

Result<const LanguageProfile*> LanguageProfiles::Get(std::string_view content_lang) {
  const auto languages = ContentLanguages();
  std::size_t index = languages.size();
  for (std::size_t i = 0; i < languages.size(); ++i) {
    if (languages[i].code == content_lang) index = i;
  }
  Slot& slot = slots_[index];
  std::call_once(slot.once, [&] {
    slot.profile = LanguageProfile::Create(index < languages.size() ? languages[index].code
                                                                    : std::string_view("und"));
  });
  if (!slot.profile) return std::unexpected(slot.profile.error());
  return slot.profile->get();
}

}  // namespace plaza::summarize
