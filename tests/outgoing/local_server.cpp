#include "outgoing/local_server.hpp"

#include <stdexcept>

#include "http/handler.hpp"

namespace plaza::outgoing::testing {

std::string_view SeenRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

LocalServer::LocalServer() {
  responder_ = [](const SeenRequest&) {
    http::Response response;
    response.content_type = "text/plain";
    response.body = "ok";
    return response;
  };
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.io_threads = 1;
  options.worker_threads = 8;  // held answers wait on workers
  options.handle_signals = false;
  server_ = std::make_unique<http::Server>(options);
  http::Handler handler([this](http::Request& request) -> boost::asio::awaitable<http::Response> {
    SeenRequest seen{request.method, request.target, request.path, request.headers, request.body};
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
  });
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    server_->router().Add(method, "/{rest...}", handler);
  }
  auto listening = server_->Listen();
  if (!listening) throw std::runtime_error("local server: " + listening.error().message);
  thread_ = std::thread([this] { server_->Run(); });
}

LocalServer::~LocalServer() {
  Release();
  server_->Stop();
  thread_.join();
  server_.reset();  // joins the worker pool while the promises held answers wait on still live
}

std::string LocalServer::url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

std::uint16_t LocalServer::port() const { return server_->port(); }

void LocalServer::Answer(Responder responder) {
  std::lock_guard lock(mutex_);
  responder_ = std::move(responder);
}

void LocalServer::HoldAnswers() {
  std::lock_guard lock(mutex_);
  hold_ = true;
}

void LocalServer::Release() {
  std::lock_guard lock(mutex_);
  if (released_) return;
  released_ = true;
  release_.set_value();
}

std::vector<SeenRequest> LocalServer::requests() const {
  std::lock_guard lock(mutex_);
  return seen_;
}

std::uint16_t ClosedPort() {
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.handle_signals = false;
  http::Server server(options);
  if (!server.Listen()) throw std::runtime_error("local server: cannot bind a port");
  return server.port();
}

}  // namespace plaza::outgoing::testing
