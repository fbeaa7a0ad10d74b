#include "test_client.hpp"

#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <cerrno>

namespace plaza::http::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

TestClient::TestClient(std::uint16_t port) : stream_(io_) {
  beast::error_code ec;
  stream_.expires_after(kDeadline);
  stream_.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                        [&](beast::error_code e) { ec = e; });
  io_.run();
  connected_ = !ec;
}

bool TestClient::Send(std::string_view bytes) {
  beast::error_code ec;
  stream_.expires_after(kDeadline);
  asio::async_write(stream_, asio::buffer(bytes.data(), bytes.size()),
                    [&](beast::error_code e, std::size_t) { ec = e; });
  io_.restart();
  io_.run();
  return !ec;
}

std::optional<TestResponse> TestClient::Read(bool skip_body) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  parser.skip(skip_body);
  beast::error_code ec;
  stream_.expires_after(kDeadline);
  bhttp::async_read(stream_, buffer_, parser, [&](beast::error_code e, std::size_t) { ec = e; });
  io_.restart();
  io_.run();
  if (ec) return std::nullopt;
  return parser.release();
}

std::optional<TestResponse> TestClient::Request(std::string_view method, std::string_view target,
                                                std::string_view body,
                                                std::string_view extra_headers) {
  std::string request = std::string(method) + " " + std::string(target) +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + std::string(extra_headers);
  if (!body.empty() || method == "POST") {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n";
  request += body;
  if (!Send(request)) return std::nullopt;
  return Read(method == "HEAD");
}

bool TestClient::WaitForClose(std::chrono::milliseconds deadline) {
  return ReadUntilClose(deadline).has_value();
}

std::optional<std::string> TestClient::ReadUntilClose(std::chrono::milliseconds deadline) {
  stream_.expires_after(deadline);
  for (;;) {
    beast::error_code ec;
    stream_.async_read_some(buffer_.prepare(4096), [&](beast::error_code e, std::size_t n) {
      ec = e;
      buffer_.commit(n);
    });
    io_.restart();
    io_.run();
    if (ec == beast::error::timeout) return std::nullopt;
    if (ec) {  // eof, or reset by the peer
      std::string bytes = beast::buffers_to_string(buffer_.data());
      buffer_.consume(buffer_.size());
      return bytes;
    }
  }
}

bool TestClient::ClosedSilently() {
  char byte = 0;
  ssize_t n = ::recv(stream_.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0) return buffer_.size() == 0;
  return n < 0 && errno == ECONNRESET && buffer_.size() == 0;
}

bool CanConnect(std::uint16_t port) {
  asio::io_context io;
  tcp::socket socket(io);
  beast::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  return !ec;
}

}  // namespace plaza::http::testing
