#pragma once

// [summary] and [llm]: the settings of the summaries module (docs/summaries.md,
// docs/llm-summaries.md), declared once.

#include <string>

#include "config/section.hpp"
#include "summarize/llm_options.hpp"

namespace plaza::summarize {

struct SummaryOptions {
  /// "extractive" (built in, offline), "llm" (needs llm.url and llm.model) or "off".
  std::string engine = "extractive";
};

/// The [summary] section.
const config::Section<SummaryOptions>& SummarySection();
/// The [llm] section: the fields of LlmOptions, and llm.prompt_<code> for every content
/// language (i18n/locales.hpp) filling LlmOptions::prompts.
const config::Section<LlmOptions>& LlmSection();

}  // namespace plaza::summarize
