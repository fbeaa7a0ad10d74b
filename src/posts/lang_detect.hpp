#pragma once

#include <string>
#include <string_view>

namespace plaza {

/// Detects the language of a post with CLD2 and maps it onto a content code (DESIGN.md §4):
/// "zh-Hans", "zh-Hant", "pt", other ISO 639-1 codes, or "und" when unreliable.
/// `body` is Markdown: its code, raw HTML and link destinations are not read.
std::string DetectContentLang(std::string_view title, std::string_view body);
/// The same for a body already reduced to its plain text (text::RenderedMarkdown::plain_text).
std::string DetectContentLangOfText(std::string_view title, std::string_view body_text);

/// True for the content codes of the language table (i18n/locales.hpp: en, zh-Hans, zh-Hant, vi,
/// es, ru, fr, pt, id, ja, ar, uk) and "und".
bool IsKnownContentLang(std::string_view code);

}  // namespace plaza
