#pragma once

// Settings of the LLM summary engine (config keys llm.*, docs/configuration.md). A header of its
// own, without curl or ICU, so that app/config.hpp can hold one.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace plaza::summarize {

struct LlmOptions {
  /// The API root that "/chat/completions" is appended to, e.g. "http://127.0.0.1:8080/v1"
  /// (llama.cpp, vLLM), "http://127.0.0.1:11434/v1" (Ollama), "https://api.openai.com/v1".
  /// "" = no LLM engine.
  std::string base_url;
  /// The "model" field of each request; also names the engine ("llm:<model>").
  std::string model;
  /// Sent as "Authorization: Bearer <key>" when not empty. Never logged or put in errors.
  std::string api_key;
  /// The whole request, connecting included.
  std::uint32_t timeout_ms = 60'000;
  /// Upper bound of the answer's length ("max_tokens").
  int max_tokens = 300;
  /// Sampling temperature, 0–2 ("temperature").
  double temperature = 0.2;
  /// The post text sent is cut to this many code points (title and body together).
  std::size_t max_input_chars = 24'000;
  /// The system prompt; "" = the built-in English one. "{language}" is replaced with the
  /// English name of the post's language, "{sentences}" with how many sentences to write.
  std::string prompt;
  /// System prompts for posts in one language, by content code ("fr", "zh-Hans"); they win
  /// over `prompt`. Same placeholders.
  std::map<std::string, std::string> prompts;
};

}  // namespace plaza::summarize
