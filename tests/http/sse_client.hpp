#pragma once

// A client for streamed responses (Server-Sent Events) in the server tests: reads the head, then
// decodes the chunked (or close-delimited) body as it arrives and splits it into SSE messages.
// Every read has a deadline, so a test fails instead of hanging.

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plaza::http::testing {

/// One message of a text/event-stream: its fields, or a comment line.
struct SseMessage {
  std::string id;
  std::string event;
  std::string data;  // data: lines joined with '\n'
  std::optional<int> retry;
  std::string comment;  // text after ':' on a comment line
};

struct StreamHead {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;                            // a non-streamed response's body, when complete
};

class SseClient {
 public:
  /// Connects to 127.0.0.1:port. `receive_buffer` > 0 sets SO_RCVBUF before connecting.
  explicit SseClient(std::uint16_t port, int receive_buffer = 0);
  bool connected() const { return connected_; }

  /// Sends `GET target` (HTTP/1.1 unless `http10`) with `extra_headers` ("Name: value\r\n"...).
  bool Get(std::string_view target, std::string_view extra_headers = {}, bool http10 = false,
           std::string_view method = "GET");
  /// Reads the response head (and, for a response with Content-Length, its body).
  std::optional<StreamHead> ReadHead(std::chrono::milliseconds deadline = std::chrono::seconds(10));
  /// The next message of the stream; nullopt at the deadline or the end of the stream.
  std::optional<SseMessage> Next(std::chrono::milliseconds deadline = std::chrono::seconds(10));
  /// Reads until the server closes the connection. True when it did within `deadline`.
  bool WaitForEnd(std::chrono::milliseconds deadline = std::chrono::seconds(10));
  /// Whether the chunked body ended with its last chunk (a clean end, not a cut connection).
  bool ended_cleanly() const { return last_chunk_seen_; }
  /// Closes the connection.
  void Close();

 private:
  // Reads more raw bytes into raw_; false on error, end of stream or deadline.
  bool ReadMore(std::chrono::steady_clock::time_point deadline);
  // Moves decoded body bytes from raw_ to body_.
  void Decode();

  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
  bool connected_ = false;
  bool chunked_ = false;
  bool last_chunk_seen_ = false;
  bool eof_ = false;
  std::string raw_;   // received, not yet decoded
  std::string body_;  // decoded, not yet split into messages
};

/// SSE messages as the client's parser would see them in `text` (complete messages only).
std::vector<SseMessage> ParseSse(std::string_view text);

}  // namespace plaza::http::testing
