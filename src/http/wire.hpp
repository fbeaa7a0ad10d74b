#pragma once

// The HTTP/1.1 pieces of the server that need no socket: request-target parsing, the response
// head, the Date cache, request ids and the client address behind trusted proxies. Kept apart
// from server.cpp so that they are unit-tested without Beast.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"

namespace plaza::http {

/// The reason phrase of a status ("Not Found"); "Unknown" for codes without one.
std::string_view ReasonPhrase(int status);

/// Splits a request target (origin-form "/a?b" or absolute-form "http://h/a?b") into the
/// percent-decoded path and the raw query. False when the target has another form, a malformed
/// escape, or a path that decodes to control bytes, invalid UTF-8 or "." / ".." segments.
bool ParseTarget(std::string_view target, std::string& path, std::string& query);

/// "Sat, 28 Nov 2026 21:36:02 GMT" for now, formatted at most once a second per thread.
std::string_view CachedHttpDate();

/// A fresh request id: 12 random lower-case hex digits (fits std::string's inline buffer).
void NewRequestId(std::string& out);

/// The verdict on a request's Transfer-Encoding (its field lines joined with ","), per RFC 9112
/// §6.1 and §6.3. Plaza decodes only `chunked`, so the one accepted list is a single "chunked"
/// (0). A final "chunked" after other codings ("gzip, chunked") is 501: a coding Plaza does not
/// implement. Everything else is 400: a final coding other than chunked (the body's length
/// cannot be known, so what follows could be taken for a new request), chunked applied twice,
/// an empty list, or an element that is not a coding name ("\"chunked\"").
int TransferCodingStatus(std::string_view codings);

/// Watches the bytes of a request head as they arrive, for what Beast's parser would accept or
/// wait on but Plaza refuses at once: obs-fold lines (RFC 9112 §5.2: 400), line endings other
/// than CRLF (Beast waits for a CRLF that never comes), and a request line over the limit (414).
/// Feed every byte once, in order; it stops looking at the blank line that ends the head.
class RequestHeadCheck {
 public:
  enum class Finding { kNone, kObsFold, kBadLineEnding, kRequestLineTooLong };

  explicit RequestHeadCheck(std::size_t max_request_line) : max_request_line_(max_request_line) {}

  /// The first finding in `bytes` (given what came before), or kNone.
  Finding Feed(std::string_view bytes);
  /// The request line has been read (its CRLF seen).
  bool request_line_done() const { return line_index_ > 0; }

 private:
  std::size_t max_request_line_;
  std::size_t line_bytes_ = 0;  // bytes of the current line before its CR
  std::size_t line_index_ = 0;  // 0: the request line
  bool after_cr_ = false;
  bool done_ = false;
};

/// The offset of the first LF at or after `from` that does not follow a CR, or npos. (`from` > 0
/// looks at the byte before it too, so that a text is scanned in pieces as it grows.)
std::size_t FindBareLf(std::string_view text, std::size_t from = 0);

/// The headers every response carries unless its handler set them.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

struct HeadOptions {
  std::string_view request_id;
  bool keep_alive = true;
  bool http10 = false;  // the request was HTTP/1.0: keep-alive must be said explicitly
};

/// Writes the status line and headers of `response` (ending with the blank line) into `out`,
/// replacing its contents: Date, Server, Content-Type, Content-Length (also for HEAD; none for
/// 204 and 304; for a streamed response Transfer-Encoding: chunked, or nothing for HTTP/1.0),
/// X-Request-Id, the security headers the handler did not set, the handler's
/// headers, Connection. Headers the server owns (Date, Server, Content-Length, Connection,
/// Transfer-Encoding, X-Request-Id) are not taken from the handler. False, with `out`
/// unspecified, when a handler header name is not a token or a value holds CR, LF or NUL.
bool WriteResponseHead(const Response& response, const HeadOptions& options, std::string& out);

/// The bytes of a response body: `body_view` when set, else `body`.
inline std::string_view BodyOf(const Response& response) {
  return response.body_view.empty() ? std::string_view(response.body) : response.body_view;
}

/// An IPv4 or IPv6 address; IPv4-mapped IPv6 addresses are taken as IPv4.
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};  // IPv4 in the first 4
  bool v4 = false;

  static std::optional<IpAddress> Parse(std::string_view text);
  std::string ToString() const;
  /// 127.0.0.0/8 or ::1.
  bool IsLoopback() const;
};

/// The proxies whose X-Forwarded-For is believed: addresses ("10.0.0.5", "::1") and CIDR
/// ranges ("10.0.0.0/8", "fd00::/8").
class TrustedProxies {
 public:
  TrustedProxies() = default;
  /// kInvalidArgument naming the entry that is neither an address nor a range.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);

  bool Contains(const IpAddress& address) const;
  bool empty() const { return ranges_.empty(); }

  /// The client's address: the peer itself, or, when the peer is a trusted proxy, the
  /// right-most address of the X-Forwarded-For values (in header order) that is not a trusted
  /// proxy. Garbage in the header stops the walk at the last trusted hop.
  std::string ClientAddress(std::string_view peer,
                            const std::vector<std::string_view>& forwarded_for) const;

 private:
  struct Range {
    IpAddress base;
    int prefix_bits;
  };
  std::vector<Range> ranges_;
};

}  // namespace plaza::http
