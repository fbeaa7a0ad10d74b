#pragma once

// The LLM engine: summaries from an OpenAI-compatible chat-completions endpoint (llama.cpp
// server, vLLM, Ollama's /v1, hosted APIs) over outgoing HTTP (src/outgoing/).
// docs/llm-summaries.md describes what is sent and the rules applied to what comes back.

#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "outgoing/http_client.hpp"
#include "outgoing/outgoing_options.hpp"
#include "summarize/llm_options.hpp"
#include "summarize/summarizer.hpp"

namespace plaza::summarize {

/// The largest answer read from the endpoint; a longer one aborts the transfer.
inline constexpr std::size_t kMaxLlmAnswerBytes = std::size_t{1} << 20;

class LlmSummarizer final : public Summarizer {
 public:
  /// kInvalidArgument naming the llm.* key at fault: a base URL that is not http(s)://, no
  /// model, a timeout, max_tokens, temperature or max_input_chars out of range; or the
  /// http_client.* key of `http` at fault. The engine's client may only call llm.url and below;
  /// it takes its timeout from llm.timeout_ms, its answer cap from kMaxLlmAnswerBytes (or
  /// http_client.max_response_bytes when lower), proxies and retries from `http`, except that
  /// a timed-out request is not repeated (the summary job retries later). `time` waits between
  /// attempts (tests inject theirs).
  static Result<std::unique_ptr<LlmSummarizer>> Create(LlmOptions options,
                                                       outgoing::OutgoingOptions http = {},
                                                       outgoing::ClientTime time = {});
  ~LlmSummarizer() override;
  LlmSummarizer(const LlmSummarizer&) = delete;
  LlmSummarizer& operator=(const LlmSummarizer&) = delete;

  /// "llm".
  std::string Name() const override;
  /// One POST {base_url}/chat/completions per call (bodies under kMinWordsForSummary words make
  /// none and give nullopt). The answer becomes plain sentences (PlainAnswerText, ICU
  /// sentences, CapSummary) in the post's language, engine "llm:<model>".
  /// 408, 429, 5xx and connection failures are retried within the call per
  /// http_client.max_attempts (Retry-After honoured).
  /// Errors (never containing the API key):
  /// - kUnavailable: timeout, connection failure, HTTP 408, 429 or 5xx, an answer over
  ///   kMaxLlmAnswerBytes, malformed JSON, no choices or no content, an answer with no sentence
  ///   left once cleaned, or one in another language than the post's: the job retries, and after
  ///   its last attempt the summary box is hidden.
  /// - kInvalidArgument: any other HTTP status (400, 401, 404, a redirect: a setting to fix),
  ///   a URL the client refuses.
  /// Thread-safe: calls run in parallel (HttpClient::Send).
  Result<std::optional<SummaryOutput>> Summarize(const SummaryRequest& request) override;

  /// "llm:<model>".
  const std::string& engine() const { return engine_; }

 private:
  LlmSummarizer(LlmOptions options, std::unique_ptr<outgoing::HttpClient> client);
  /// The chat-completions request for `request`, as JSON text.
  std::string RequestBody(const SummaryRequest& request) const;
  /// POSTs `body`; the response body of a 2xx answer.
  Result<std::string> Post(std::string body);

  LlmOptions options_;
  std::string endpoint_;
  std::string engine_;
  std::unique_ptr<outgoing::HttpClient> client_;
};

}  // namespace plaza::summarize
