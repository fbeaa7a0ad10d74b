#pragma once

// Stopword lists of the extractive summarizer: the common function words of each content
// language of DESIGN.md §4, written for this project.

#include <span>
#include <string_view>

namespace plaza::summarize {

/// The function words of a content language ("en", "fr", "es", "pt", "ru", "uk", "zh-Hans",
/// "zh-Hant", "ja", "ar", "vi", "id"), lower-case, as a reader would write them. "zh-Hans" and
/// "zh-Hant" share one list that holds both scripts. Empty for "und" and any other code.
/// LanguageProfile normalises the entries the same way as the words of a text.
std::span<const std::string_view> StopwordsFor(std::string_view content_lang);

}  // namespace plaza::summarize
