#pragma once

// Stopword lists of the extractive summarizer: the common function words of each content
// language of DESIGN.md §4, written for this project. One file a language,
// src/summarize/stopwords/<name>.txt, embedded at build time; the language table
// (src/i18n/data/languages.toml, column "stopwords") says which file a content code reads.
//
// The files group their words by kind (articles and determiners, pronouns, prepositions,
// conjunctions, auxiliaries, adverbs, reporting verbs) so a reviewer can see what is there and
// what is missing. News text quotes people all the time, so "said" and its kin count as function
// words here: they would otherwise make every quoted sentence look similar to every other.

#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace plaza::summarize {

/// Parses a stopword file: one word a line; blank lines and lines starting with "#" are skipped;
/// spaces and tabs around a word are dropped. kInvalidArgument, naming `source` and the line, for
/// invalid UTF-8 or a line holding more than one word. The views point into `text`.
Result<std::vector<std::string_view>> ParseStopwords(std::string_view text,
                                                     std::string_view source);

/// The names of the embedded stopword files ("en" for stopwords/en.txt), sorted.
std::vector<std::string_view> StopwordFileNames();

/// The function words of a content language ("en", "fr", "es", "pt", "ru", "uk", "zh-Hans",
/// "zh-Hant", "ja", "ar", "vi", "id"), lower-case, as a reader would write them. "zh-Hans" and
/// "zh-Hant" share one list that holds both scripts. Empty for "und" and any other code.
/// LanguageProfile normalises the entries the same way as the words of a text. Every file is
/// parsed once, on first use; a malformed embedded file, or one the table names but the build
/// did not embed, stops the process with the error (a build defect the tests catch).
std::span<const std::string_view> StopwordsFor(std::string_view content_lang);

}  // namespace plaza::summarize
