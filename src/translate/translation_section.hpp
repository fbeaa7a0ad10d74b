#pragma once

// The [translation] section (docs/translation.md): engines, eager locales, Apertium's pool and
// the HTTP engines' endpoints, declared once.

#include "config/section.hpp"
#include "translate/translation_options.hpp"

namespace plaza::translate {

/// The engine names `translation.engines` accepts, for messages.
inline constexpr std::string_view kEngineNames = "apertium, opencc, libretranslate, llm";

/// The [translation] section.
const config::Section<TranslationOptions>& TranslationSection();

}  // namespace plaza::translate
