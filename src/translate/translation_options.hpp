#pragma once

// The [translation] config section's settings (declared in translation_section.cpp).

#include <string>
#include <vector>

namespace plaza::translate {

struct TranslationOptions {
  /// The engines to use, in order of preference: "apertium", "opencc", "libretranslate", "llm".
  std::vector<std::string> engines = {"apertium", "opencc"};
  /// The locales every post is translated into at publish. "offline" (the default) stands for
  /// every locale with a route through offline engines only.
  std::vector<std::string> eager = {"offline"};
  /// On-demand translation jobs (a reader asks for a locale outside `eager`) one address may
  /// queue per minute.
  int on_demand_per_minute = 30;
};

}  // namespace plaza::translate
