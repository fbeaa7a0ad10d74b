#include "llm_fake_endpoint.hpp"

#include <boost/json.hpp>
#include <utility>

namespace plaza::summarize::testing {

http::Response CompletionAnswer(const std::string& content, const std::string& finish_reason) {
  boost::json::object message{{"role", "assistant"}, {"content", content}};
  boost::json::object choice{{"index", 0},
                             {"message", std::move(message)},
                             {"logprobs", nullptr},
                             {"finish_reason", finish_reason}};
  boost::json::object answer{
      {"id", "chatcmpl-fake"},
      {"object", "chat.completion"},
      {"created", 1700000000},
      {"model", "fake-model"},
      {"choices", boost::json::array{std::move(choice)}},
      {"usage", boost::json::object{
                    {"prompt_tokens", 100}, {"completion_tokens", 40}, {"total_tokens", 140}}}};
  return http::JsonResponse(200, boost::json::serialize(answer));
}

http::Response ErrorAnswer(int status, const std::string& message) {
  boost::json::object error{{"message", message},
                            {"type", status == 429 ? "rate_limit_error" : "server_error"},
                            {"param", nullptr},
                            {"code", nullptr}};
  return http::JsonResponse(status, boost::json::serialize(boost::json::object{{"error", error}}));
}

namespace {

SeenRequest FromSeen(const outgoing::testing::SeenRequest& seen) {
  return SeenRequest{seen.method, seen.path, std::string(seen.Header("content-type")),
                     std::string(seen.Header("authorization")), seen.body};
}

}  // namespace

FakeEndpoint::FakeEndpoint() {
  Answer([](const SeenRequest&) { return CompletionAnswer(""); });
}

std::string FakeEndpoint::base_url() const { return server_.url() + "/v1"; }

std::uint16_t FakeEndpoint::port() const { return server_.port(); }

void FakeEndpoint::Answer(Responder responder) {
  server_.Answer([responder = std::move(responder)](const outgoing::testing::SeenRequest& seen) {
    return responder(FromSeen(seen));
  });
}

void FakeEndpoint::HoldAnswers() { server_.HoldAnswers(); }

void FakeEndpoint::Release() { server_.Release(); }

std::vector<SeenRequest> FakeEndpoint::requests() const {
  std::vector<SeenRequest> out;
  for (const auto& seen : server_.requests()) out.push_back(FromSeen(seen));
  return out;
}

}  // namespace plaza::summarize::testing
