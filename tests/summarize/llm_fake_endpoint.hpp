#pragma once

// A local stand-in for an OpenAI-compatible chat-completions endpoint: the local test server of
// outgoing HTTP (tests/outgoing/local_server.hpp: Plaza's own HTTP server on 127.0.0.1, port 0,
// in this process) answering at /v1/chat/completions. Each test says how it answers.
//
// The shapes it speaks are the documented ones:
// - request: CreateChatCompletionRequest ({"model", "messages": [{"role", "content"}],
//   "max_tokens", "temperature", "stream"}), "Authorization: Bearer <key>";
// - answer: CreateChatCompletionResponse ({"id", "object": "chat.completion", "created",
//   "model", "choices": [{"index", "message": {"role": "assistant", "content"},
//   "logprobs", "finish_reason"}], "usage"});
// - errors: ErrorResponse ({"error": {"message", "type", "param", "code"}});
// from the OpenAI API reference (github.com/openai/openai-openapi, openapi.yaml) and the
// llama.cpp server README (tools/server/README.md, "POST /v1/chat/completions"), which answers
// in the same format.

#include <cstdint>
#include <functional>
#include <future>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "outgoing/local_server.hpp"

namespace plaza::summarize::testing {

/// What the fake saw of one request.
struct SeenRequest {
  std::string method;
  std::string path;
  std::string content_type;
  std::string authorization;  // the raw header, "" when absent
  std::string body;
};

/// A chat completion answering `content` (OpenAI's CreateChatCompletionResponse shape).
http::Response CompletionAnswer(const std::string& content,
                                const std::string& finish_reason = "stop");
/// An error answer: `status` with {"error": {"message", "type", "param", "code"}}.
http::Response ErrorAnswer(int status, const std::string& message);

class FakeEndpoint {
 public:
  using Responder = std::function<http::Response(const SeenRequest&)>;

  /// Listens on 127.0.0.1:0 and serves on a thread of its own. Answers CompletionAnswer("")
  /// until told otherwise.
  FakeEndpoint();
  FakeEndpoint(const FakeEndpoint&) = delete;
  FakeEndpoint& operator=(const FakeEndpoint&) = delete;

  /// "http://127.0.0.1:<port>/v1".
  std::string base_url() const;
  std::uint16_t port() const;

  /// How to answer from now on (called on the server's threads, concurrently).
  void Answer(Responder responder);
  /// Answers wait (on the server's worker pool) until Release(); `arrived` fires when the first
  /// held request has come in.
  void HoldAnswers();
  void Release();
  /// Fulfilled when a held request has arrived.
  std::shared_future<void> arrived() const { return server_.arrived(); }

  /// The requests seen so far, in arrival order.
  std::vector<SeenRequest> requests() const;

 private:
  outgoing::testing::LocalServer server_;
};

}  // namespace plaza::summarize::testing
