#pragma once

// A tiny HTTP/1.1 client for the server tests, on Beast. Every operation has a deadline, so a
// test fails instead of hanging when the server does not answer.

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace plaza::http::testing {

using TestResponse = boost::beast::http::response<boost::beast::http::string_body>;

inline constexpr std::chrono::seconds kDeadline{10};

class TestClient {
 public:
  /// Connects to 127.0.0.1:port; connected() tells whether it worked.
  explicit TestClient(std::uint16_t port);
  bool connected() const { return connected_; }

  /// Writes raw bytes. False on error.
  bool Send(std::string_view bytes);
  /// Reads one response (skip_body for a response to HEAD). nullopt on error or deadline.
  std::optional<TestResponse> Read(bool skip_body = false);
  /// Sends a request (with Host, and Content-Length when there is a body) and reads the answer.
  std::optional<TestResponse> Request(std::string_view method, std::string_view target,
                                      std::string_view body = {},
                                      std::string_view extra_headers = {});
  /// Waits until the server closes the connection, discarding what it sends. True when it
  /// closed within `deadline`.
  bool WaitForClose(std::chrono::milliseconds deadline = kDeadline);
  /// Everything the server sends until it closes the connection (after what Read() left
  /// unread); nullopt when it is still open at `deadline`.
  std::optional<std::string> ReadUntilClose(std::chrono::milliseconds deadline = kDeadline);
  /// Without waiting: whether the server has closed the connection (end of stream or reset)
  /// with nothing left to read. False while it is open or has sent bytes not yet read.
  bool ClosedSilently();

 private:
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

/// Whether a fresh connection to the port is accepted (false: refused or failed).
bool CanConnect(std::uint16_t port);

}  // namespace plaza::http::testing
