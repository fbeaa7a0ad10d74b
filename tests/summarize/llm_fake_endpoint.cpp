#include "llm_fake_endpoint.hpp"

#include <boost/json.hpp>
#include <stdexcept>
#include <utility>

#include "http/handler.hpp"

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

FakeEndpoint::FakeEndpoint() {
  responder_ = [](const SeenRequest&) { return CompletionAnswer(""); };
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.io_threads = 1;
  options.worker_threads = 8;  // held answers wait on workers
  options.handle_signals = false;
  server_ = std::make_unique<http::Server>(options);
  server_->router().Add(
      "POST", "/v1/chat/completions",
      http::Handler([this](http::Request& request) -> boost::asio::awaitable<http::Response> {
        SeenRequest seen{request.method, request.path, std::string(request.Header("content-type")),
                         std::string(request.Header("authorization")), request.body};
        Responder responder;
        bool hold = false;
        {
          std::lock_guard lock(mutex_);
          seen_.push_back(seen);
          responder = responder_;
          hold = hold_ && !released_;
          if (hold && !arrived_set_) {
            arrived_set_ = true;
            arrived_.set_value();
          }
        }
        if (hold) {
          co_await http::RunBlocking(server_->workers(), [this] { release_future_.wait(); });
        }
        co_return responder(seen);
      }));
  auto listening = server_->Listen();
  if (!listening) throw std::runtime_error("fake endpoint: " + listening.error().message);
  thread_ = std::thread([this] { server_->Run(); });
}

FakeEndpoint::~FakeEndpoint() {
  Release();
  server_->Stop();
  thread_.join();
  server_.reset();  // joins the worker pool while the promises held answers wait on still live
}

std::string FakeEndpoint::base_url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port()) + "/v1";
}

std::uint16_t FakeEndpoint::port() const { return server_->port(); }

void FakeEndpoint::Answer(Responder responder) {
  std::lock_guard lock(mutex_);
  responder_ = std::move(responder);
}

void FakeEndpoint::HoldAnswers() {
  std::lock_guard lock(mutex_);
  hold_ = true;
}

void FakeEndpoint::Release() {
  std::lock_guard lock(mutex_);
  if (released_) return;
  released_ = true;
  release_.set_value();
}

std::vector<SeenRequest> FakeEndpoint::requests() const {
  std::lock_guard lock(mutex_);
  return seen_;
}

}  // namespace plaza::summarize::testing
