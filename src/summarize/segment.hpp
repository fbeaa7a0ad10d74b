#pragma once

// Text processing of the extractive summarizer, per content language: sentences and words with
// ICU break iterators, lower-casing, stopwords and a light folding of word forms.

#include <array>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <unicode/uversion.h>

#include "core/result.hpp"

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace plaza::summarize {

/// A byte range [begin, end) of a UTF-8 text.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// How one content language is cut into sentences and words and how its words are compared.
/// Immutable once created: every method is const and safe to call from many threads at once
/// (each call clones the ICU iterator prototypes it needs).
class LanguageProfile {
 public:
  /// The profile of a content code; unknown codes and "und" get the language-neutral profile
  /// (ICU's root rules, no stopwords, no folding beyond lower-casing). kInternal when ICU cannot
  /// build its iterators (missing data).
  static Result<std::unique_ptr<LanguageProfile>> Create(std::string_view content_lang);
  ~LanguageProfile();
  LanguageProfile(const LanguageProfile&) = delete;
  LanguageProfile& operator=(const LanguageProfile&) = delete;

  /// "en", ..., or "und" for the neutral profile.
  const std::string& lang() const { return lang_; }

  /// The sentences of `text` (valid UTF-8) as byte spans in text order, trimmed of white space,
  /// none empty, at most `max_sentences` (the first ones). Sentence boundaries are ICU's for the
  /// language (with CLDR's abbreviation exceptions such as "Mr."), plus one at every '\n' (titles,
  /// headings and list items are sentences of their own). A boundary inside a URL, or right after
  /// initials ("U.S.", "J.") that are followed by more text on the same line, is dropped.
  std::vector<Span> SplitSentences(std::string_view text, std::size_t max_sentences) const;

  /// The words of text[0, end) (valid UTF-8; `end` on a code point boundary) in order: ICU word
  /// segments that hold letters, digits, kana or ideographs (Chinese and Japanese are cut with
  /// ICU's dictionaries). Spaces, punctuation, symbols, emoji and URLs are not words.
  std::vector<Span> Words(std::string_view text, std::size_t end) const;

  /// Writes into `out` the form of `word` (one element of Words()) that sentences are compared
  /// on: lower-cased with ICU, typographic apostrophes folded, English possessives and French
  /// elisions ("l'", "qu'") removed, Arabic letter variants and diacritics folded, then a light
  /// suffix folding (English and Romance plurals, Arabic article and plural endings, a prefix of
  /// Russian and Ukrainian words, Indonesian particles). False, with `out` unspecified, for a
  /// stopword or a word that folds to nothing.
  bool Term(std::string_view word, std::string& out) const;

 private:
  LanguageProfile() = default;
  void Lower(std::string_view word, std::string& out) const;
  void Fold(std::string& term) const;
  bool IsStopword(const std::string& term) const;
  void Stem(std::string& term) const;

  std::string lang_;
  std::string icu_locale_;
  std::unique_ptr<icu::BreakIterator> sentence_prototype_;
  std::unique_ptr<icu::BreakIterator> word_prototype_;
  std::unordered_set<std::string> stopwords_;
};

/// The profiles of every content language, each built on first use and kept. Thread-safe.
class LanguageProfiles {
 public:
  LanguageProfiles();
  ~LanguageProfiles();
  /// The profile for a content code (unknown codes share the neutral one). kInternal when ICU
  /// fails to build it (then every later call for that language fails the same way).
  Result<const LanguageProfile*> Get(std::string_view content_lang);

 private:
  struct Slot {
    std::once_flag once;
    Result<std::unique_ptr<LanguageProfile>> profile = nullptr;
  };
  // One a content language of the table (i18n/locales.hpp), in its order; the last is "und".
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace plaza::summarize
