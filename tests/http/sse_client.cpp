#include "sse_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <cctype>
#include <charconv>

namespace plaza::http::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

SseMessage ParseBlock(std::string_view block) {
  SseMessage message;
  bool has_data = false;
  while (!block.empty()) {
    std::size_t eol = block.find('\n');
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 1);
    if (line.starts_with(':')) {
      line.remove_prefix(1);
      if (line.starts_with(' ')) line.remove_prefix(1);
      message.comment.assign(line);
      continue;
    }
    std::size_t colon = line.find(':');
    std::string_view field = line.substr(0, colon);
    std::string_view value =
        colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    if (value.starts_with(' ')) value.remove_prefix(1);
    if (field == "id") {
      message.id.assign(value);
    } else if (field == "event") {
      message.event.assign(value);
    } else if (field == "data") {
      if (has_data) message.data.push_back('\n');
      message.data.append(value);
      has_data = true;
    } else if (field == "retry") {
      int retry = 0;
      std::from_chars(value.data(), value.data() + value.size(), retry);
      message.retry = retry;
    }
  }
  return message;
}

}  // namespace

std::vector<SseMessage> ParseSse(std::string_view text) {
  std::vector<SseMessage> messages;
  for (;;) {
    std::size_t end = text.find("\n\n");
    if (end == std::string_view::npos) break;
    messages.push_back(ParseBlock(text.substr(0, end)));
    text.remove_prefix(end + 2);
  }
  return messages;
}

SseClient::SseClient(std::uint16_t port, int receive_buffer) : stream_(io_) {
  beast::error_code ec;
  if (receive_buffer > 0) {
    stream_.socket().open(tcp::v4(), ec);
    if (!ec)
      stream_.socket().set_option(asio::socket_base::receive_buffer_size(receive_buffer), ec);
    if (ec) return;
  }
  stream_.expires_after(std::chrono::seconds(10));
  stream_.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                        [&](beast::error_code e) { ec = e; });
  io_.run();
  connected_ = !ec;
}

bool SseClient::Get(std::string_view target, std::string_view extra_headers, bool http10,
                    std::string_view method) {
  std::string request = std::string(method) + " " + std::string(target) +
                        (http10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n") + "Host: 127.0.0.1\r\n" +
                        std::string(extra_headers) + "\r\n";
  beast::error_code ec;
  stream_.expires_after(std::chrono::seconds(10));
  asio::async_write(stream_, asio::buffer(request),
                    [&](beast::error_code e, std::size_t) { ec = e; });
  io_.restart();
  io_.run();
  return !ec;
}

bool SseClient::ReadMore(SteadyClock::time_point deadline) {
  if (eof_) return false;
  char buf[16384];
  beast::error_code ec;
  std::size_t n = 0;
  stream_.expires_at(deadline);
  stream_.async_read_some(asio::buffer(buf), [&](beast::error_code e, std::size_t got) {
    ec = e;
    n = got;
  });
  io_.restart();
  io_.run();
  raw_.append(buf, n);
  if (ec) {
    if (ec != beast::error::timeout) eof_ = true;
    return n > 0;
  }
  return true;
}

std::optional<StreamHead> SseClient::ReadHead(std::chrono::milliseconds deadline) {
  auto until = SteadyClock::now() + deadline;
  std::size_t end;
  while ((end = raw_.find("\r\n\r\n")) == std::string::npos) {
    if (!ReadMore(until)) return std::nullopt;
  }
  StreamHead head;
  std::string_view text(raw_.data(), end);
  std::size_t eol = text.find("\r\n");
  std::string_view status_line = text.substr(0, eol);
  if (status_line.size() < 12) return std::nullopt;
  std::from_chars(status_line.data() + 9, status_line.data() + 12, head.status);
  text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 2);
  while (!text.empty()) {
    eol = text.find("\r\n");
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    head.headers[Lower(line.substr(0, colon))] = std::string(Trim(line.substr(colon + 1)));
  }
  raw_.erase(0, end + 4);
  auto encoding = head.headers.find("transfer-encoding");
  chunked_ = encoding != head.headers.end() && Lower(encoding->second) == "chunked";
  if (auto it = head.headers.find("content-length"); it != head.headers.end()) {
    std::size_t length = 0;
    std::from_chars(it->second.data(), it->second.data() + it->second.size(), length);
    while (raw_.size() < length) {
      if (!ReadMore(until)) return std::nullopt;
    }
    head.body = raw_.substr(0, length);
    raw_.erase(0, length);
  }
  return head;
}

void SseClient::Decode() {
  if (!chunked_) {
    body_.append(raw_);
    raw_.clear();
    return;
  }
  for (;;) {
    std::size_t eol = raw_.find("\r\n");
    if (eol == std::string::npos) return;
    std::size_t size = 0;
    auto [end, ec] = std::from_chars(raw_.data(), raw_.data() + eol, size, 16);
    if (ec != std::errc()) {
      eof_ = true;  // not chunked framing: give up on the stream
      return;
    }
    if (size == 0) {
      if (raw_.size() < eol + 4) return;
      last_chunk_seen_ = raw_.compare(eol, 4, "\r\n\r\n") == 0;
      raw_.erase(0, eol + 4);
      return;
    }
    if (raw_.size() < eol + 2 + size + 2) return;
    body_.append(raw_, eol + 2, size);
    raw_.erase(0, eol + 2 + size + 2);
  }
}

std::optional<SseMessage> SseClient::Next(std::chrono::milliseconds deadline) {
  auto until = SteadyClock::now() + deadline;
  for (;;) {
    Decode();
    std::size_t end = body_.find("\n\n");
    if (end != std::string::npos) {
      SseMessage message = ParseBlock(std::string_view(body_).substr(0, end));
      body_.erase(0, end + 2);
      return message;
    }
    if (!ReadMore(until)) {
      Decode();
      if (body_.find("\n\n") != std::string::npos) continue;
      return std::nullopt;
    }
  }
}

bool SseClient::WaitForEnd(std::chrono::milliseconds deadline) {
  auto until = SteadyClock::now() + deadline;
  for (;;) {
    Decode();
    if (body_.size() > (std::size_t{1} << 20)) body_.clear();  // only the end matters here
    if (eof_) return true;
    if (!ReadMore(until) && !eof_) return false;
  }
}

void SseClient::Close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.socket().close(ec);
}

}  // namespace plaza::http::testing
