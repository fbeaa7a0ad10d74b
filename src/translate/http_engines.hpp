#pragma once

// The engines behind HTTP APIs, on outgoing HTTP (src/outgoing: the configured URL is the only
// one they may call; retries with backoff on 408, 429 and 5xx):
// - "libretranslate": POST <url>/translate {"q", "source", "target", "format": "text",
//   "api_key"} → {"translatedText"} (LibreTranslate's documented API; language codes as it
//   names them: zh for zh-Hans, zt for zh-Hant, pt for pt-PT, pb for pt-BR);
// - "llm": POST <url>/chat/completions, an OpenAI-compatible chat model asked to translate
//   (temperature 0) → choices[0].message.content.
// Protected spans travel as numbered placeholders "⟦0⟧" and are put back from the answer;
// spans the engine dropped are appended (never lost). An empty or unreadable answer, an HTTP
// error or a timeout is kUnavailable (a 4xx other than 408/429: kInvalidArgument).

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "outgoing/http_client.hpp"
#include "translate/translator.hpp"

namespace plaza::translate {

struct HttpEngineOptions {
  /// The API root ("http://127.0.0.1:5000" for LibreTranslate, ".../v1" for chat).
  std::string url;
  std::string api_key;
  /// llm only: the request's "model".
  std::string model;
  std::uint32_t timeout_ms = 30'000;
  /// Content codes it translates between; every ordered pair is offered ("pt" as a target
  /// gives "pt-PT" and "pt-BR").
  std::vector<std::string> languages;
};

enum class HttpApi { kLibreTranslate, kChat };

/// A segment with its protected spans as placeholders "⟦i⟧" (their texts appended to `spans`),
/// and back. Exposed for tests.
std::string ToPlaceholders(std::string_view segment, std::vector<std::string>& spans);
std::string FromPlaceholders(std::string_view answer, const std::vector<std::string>& spans);

class HttpEngine final : public Engine {
 public:
  /// kInvalidArgument when the url is not an http(s) root, the model is missing (chat), or a
  /// language is not a content code.
  static Result<std::unique_ptr<HttpEngine>> Create(HttpApi api, HttpEngineOptions options,
                                                    outgoing::OutgoingOptions http,
                                                    outgoing::ClientTime time = {});
  ~HttpEngine() override;

  std::string_view Name() const override;
  std::vector<std::pair<std::string, std::string>> Pairs() const override;
  Result<std::vector<std::string>> Translate(std::string_view from, std::string_view to,
                                             const std::vector<std::string>& segments) override;

 private:
  HttpEngine(HttpApi api, HttpEngineOptions options, std::unique_ptr<outgoing::HttpClient> client);
  Result<std::string> TranslateOne(std::string_view from, std::string_view to,
                                   std::string_view text);
  Result<std::string> Post(const std::string& path, std::string body);

  HttpApi api_;
  HttpEngineOptions options_;
  std::unique_ptr<outgoing::HttpClient> client_;
};

}  // namespace plaza::translate
