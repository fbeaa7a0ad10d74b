// The HTTP request parser as the server drives it (src/http/request_parser.hpp, wire.*): the
// head check (obs-fold, line endings, request-line length), Beast's parser with Plaza's framing
// rules (Transfer-Encoding, Content-Length, Host), the target, and a body with the chunked
// framing check. The first input byte picks how the rest arrives: whole, or in pieces of 1-8
// bytes, as a socket may deliver it.
// Properties: pieces never change what is served (whether a request is, method, target, fields,
// body, bytes left for the next request): what differs between two readings is a smuggling vector;
// an accepted request has no CR or LF in a field, and a Transfer-Encoding only when it is a
// single final chunked without Content-Length, in HTTP/1.1.

#include <boost/asio/buffer.hpp>
#include <string>
#include <utility>
#include <vector>

#include "fuzz/fuzz_check.hpp"
#include "http/request_parser.hpp"
#include "http/wire.hpp"

using plaza::fuzz::Require;
namespace bhttp = boost::beast::http;

namespace {

constexpr std::size_t kMaxHeaderBytes = 4096;
constexpr int kMaxFields = 32;
constexpr std::size_t kMaxBody = 8192;

struct Outcome {
  enum class Kind { kIncomplete, kRefused, kAccepted } kind = Kind::kIncomplete;
  plaza::http::Request request;
  std::size_t left = 0;  // bytes after the request: the next one on the connection
  int version = 0;
};

// Refused and incomplete both serve nothing and end the connection (at once, or at the header
// timeout): Beast judges a bad request line as soon as its bytes are in one buffer, but waits
// for more when they arrive a few at a time, so only what is served must match.
bool SameRequest(const Outcome& a, const Outcome& b) {
  bool a_served = a.kind == Outcome::Kind::kAccepted;
  bool b_served = b.kind == Outcome::Kind::kAccepted;
  if (a_served != b_served) return false;
  if (!a_served) return true;
  return a.request.method == b.request.method && a.request.target == b.request.target &&
         a.request.headers == b.request.headers && a.request.body == b.request.body &&
         a.left == b.left && a.version == b.version;
}

// Reads one request from `input` arriving `piece` bytes at a time, the way ServerImpl::Serve
// feeds its buffer to the checks and the parser.
Outcome Read(std::string_view input, std::size_t piece) {
  Outcome out;
  plaza::http::Request& req = out.request;
  plaza::http::RequestParser parser(req, kMaxFields);
  parser.header_limit(static_cast<std::uint32_t>(kMaxHeaderBytes));
  parser.body_limit(kMaxBody);
  parser.eager(false);
  plaza::http::RequestHeadCheck head_check(kMaxHeaderBytes);
  std::string buffer;
  std::size_t offered = 0, checked = 0, header_bytes = 0, framing_checked = 0;
  bool head_done = false;
  auto arrive = [&] {
    if (offered == input.size()) return false;
    std::size_t n = std::min(piece, input.size() - offered);
    buffer.append(input.substr(offered, n));
    offered += n;
    return true;
  };
  auto put = [&](boost::beast::error_code& ec) {
    std::size_t used = parser.put(boost::asio::const_buffer(buffer.data(), buffer.size()), ec);
    buffer.erase(0, used);
    return used;
  };
  while (!head_done) {
    if (!arrive()) return out;  // incomplete: the header timeout ends it
    if (head_check.Feed(std::string_view(buffer).substr(checked)) !=
        plaza::http::RequestHeadCheck::Finding::kNone) {
      out.kind = Outcome::Kind::kRefused;
      return out;
    }
    checked = buffer.size();
    boost::beast::error_code ec;
    std::size_t used = put(ec);
    checked -= used;
    header_bytes += used;
    if (parser.refusal() != 0) {
      out.kind = Outcome::Kind::kRefused;
      return out;
    }
    head_done = parser.is_header_done();
    if (!head_done && (ec != bhttp::error::need_more || header_bytes > kMaxHeaderBytes)) {
      out.kind = Outcome::Kind::kRefused;
      return out;
    }
  }
  if (!plaza::http::ParseTarget(req.target, req.path, req.query) || parser.host_count() > 1 ||
      (parser.version() == 11 && parser.host_count() == 0)) {
    out.kind = Outcome::Kind::kRefused;
    return out;
  }
  parser.set_route_body_limit(kMaxBody);
  parser.eager(true);
  while (!parser.is_done()) {
    boost::beast::error_code ec;
    if (!buffer.empty()) {
      if (put(ec) > 0) framing_checked = 0;
      if (parser.is_done()) break;
      if (ec && ec != bhttp::error::need_more) {
        out.kind = Outcome::Kind::kRefused;
        return out;
      }
      if (parser.chunked()) {
        if (plaza::http::FindBareLf(buffer, framing_checked) != std::string::npos) {
          out.kind = Outcome::Kind::kRefused;
          return out;
        }
        framing_checked = buffer.size();
      }
    }
    if (!arrive()) return out;  // incomplete: the body timeout ends it
  }
  out.kind = Outcome::Kind::kAccepted;
  out.version = parser.version();
  out.left = buffer.size() + (input.size() - offered);
  return out;
}

void CheckAccepted(const Outcome& outcome) {
  if (outcome.kind != Outcome::Kind::kAccepted) return;
  std::string codings;
  bool has_length = false;
  for (const auto& [name, value] : outcome.request.headers) {
    Require(value.find_first_of("\r\n") == std::string::npos, "no CR or LF in a field");
    if (name == "transfer-encoding") codings += (codings.empty() ? "" : ",") + value;
    has_length = has_length || name == "content-length";
  }
  if (!codings.empty()) {
    Require(plaza::http::TransferCodingStatus(codings) == 0, "only a single, final chunked");
    Require(!has_length, "never Transfer-Encoding with Content-Length");
    Require(outcome.version == 11, "Transfer-Encoding only in HTTP/1.1");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t piece = 1 + data[0] % 8;
  std::string_view input = plaza::fuzz::AsText(data + 1, size - 1);
  Outcome whole = Read(input, input.size() + 1);
  CheckAccepted(whole);
  Outcome pieces = Read(input, piece);
  CheckAccepted(pieces);
  Require(SameRequest(whole, pieces), "pieces give the same request as the whole");
  return 0;
}
