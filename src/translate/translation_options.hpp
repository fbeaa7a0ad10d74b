#pragma once

// The [translation] config section's settings (declared in translation_section.cpp). A header of
// its own, without the engines, so that app/config.hpp can hold one.

#include <cstddef>
#include <cstdint>
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

  // Apertium (docs/translation.md).
  /// Where the installed modes are (*.mode files).
  std::string apertium_modes_dir = "/usr/share/apertium/modes";
  /// Warm pipelines kept per mode at most (one is started at once, more when requests overlap).
  int apertium_pool_size = 2;
  /// How long one segment may take before its pipeline is killed (and restarted next time).
  std::uint32_t apertium_timeout_ms = 10'000;

  // A LibreTranslate-compatible server ("libretranslate" in `engines`).
  /// The server's root, POST <url>/translate; "" = no such engine.
  std::string libretranslate_url;
  /// Sent as "api_key" in each request when not empty.
  std::string libretranslate_api_key;
  std::uint32_t libretranslate_timeout_ms = 30'000;
  /// The content codes it translates between (every ordered pair of them is offered).
  std::vector<std::string> libretranslate_languages;

  // An OpenAI-compatible chat-completions endpoint ("llm" in `engines`).
  /// The API root that /chat/completions is appended to, e.g. "http://127.0.0.1:8080/v1".
  std::string llm_url;
  /// Sent as "Authorization: Bearer <key>" when not empty.
  std::string llm_api_key;
  /// The request's "model".
  std::string llm_model;
  std::uint32_t llm_timeout_ms = 60'000;
  /// The content codes it translates between (every ordered pair of them is offered).
  std::vector<std::string> llm_languages;
};

}  // namespace plaza::translate
