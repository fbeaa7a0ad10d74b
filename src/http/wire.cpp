#include "http/wire.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <ctime>
#include <random>

#include "core/ascii.hpp"
#include "core/clock.hpp"
#include "core/utf8.hpp"
#include "http/encoding.hpp"

namespace plaza::http {

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 411:
      return "Length Required";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Unknown";
  }
}

namespace {

bool IsDotSegment(std::string_view s) { return s == "." || s == ".."; }

bool PathIsClean(std::string_view path) {
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
  }
  if (!text::IsValidUtf8(path)) return false;
  std::size_t pos = 1;
  while (pos <= path.size()) {
    std::size_t slash = path.find('/', pos);
    std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (IsDotSegment(path.substr(pos, end - pos))) return false;
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  return true;
}

}  // namespace

bool ParseTarget(std::string_view target, std::string& path, std::string& query) {
  if (target.empty()) return false;
  if (target.front() != '/') {
    // absolute-form: "http://host[:port]/path?query"
    std::size_t scheme_end = target.find("://");
    if (scheme_end == std::string_view::npos) return false;
    std::string_view scheme = target.substr(0, scheme_end);
    if (!EqualsIgnoreCase(scheme, "http") && !EqualsIgnoreCase(scheme, "https")) return false;
    std::size_t path_start = target.find_first_of("/?", scheme_end + 3);
    if (path_start == std::string_view::npos) {
      target = "/";
    } else if (target[path_start] == '?') {
      // "http://host?q" has an empty path, which means "/"
      path.clear();
      path.push_back('/');  // (assign("/") trips a false -Wrestrict in g++ 12 at -O3)
      query.assign(target.substr(path_start + 1));
      return true;
    } else {
      target = target.substr(path_start);
    }
  }
  std::size_t question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  if (question == std::string_view::npos) {
    query.clear();
  } else {
    query.assign(target.substr(question + 1));
  }
  if (raw_path.find('%') == std::string_view::npos) {
    path.assign(raw_path);
  } else if (!PercentDecodeInto(raw_path, PlusAs::kPlus, path)) {
    return false;
  }
  return PathIsClean(path);
}

std::string_view CachedHttpDate() {
  struct Cache {
    std::time_t second = -1;
    std::string text;
  };
  thread_local Cache cache;
  timespec now{};
  // The coarse clock is a memory read (no syscall); a few ms of lag is invisible at 1 s
  // resolution.
  clock_gettime(CLOCK_REALTIME_COARSE, &now);
  if (now.tv_sec != cache.second) {
    cache.second = now.tv_sec;
    cache.text = FormatHttpDate(static_cast<Timestamp>(now.tv_sec) * kMicrosPerSecond);
  }
  return cache.text;
}

void NewRequestId(std::string& out) {
  struct Generator {
    Generator() {
      std::random_device device;
      state = (static_cast<std::uint64_t>(device()) << 32) ^ device();
    }
    std::uint64_t Next() {  // splitmix64: fast, and ids only need to be unlikely to repeat
      std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      return z ^ (z >> 31);
    }
    std::uint64_t state;
  };
  thread_local Generator generator;
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t bits = generator.Next();
  char buf[12];
  for (char& c : buf) {
    c = kHex[bits & 0xF];
    bits >>= 4;
  }
  out.assign(buf, sizeof buf);
}

namespace {

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

bool IsFieldValue(std::string_view s) {
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

constexpr unsigned kHasCsp = 1;
constexpr unsigned kHasNosniff = 2;
constexpr unsigned kHasReferrer = 4;
constexpr unsigned kHasFrame = 8;
constexpr unsigned kHasContentType = 16;
constexpr unsigned kServerOwned = 32;

unsigned Classify(std::string_view name) {
  switch (name.size()) {
    case 4:
      return EqualsIgnoreCase(name, "date") ? kServerOwned : 0u;
    case 6:
      return EqualsIgnoreCase(name, "server") ? kServerOwned : 0u;
    case 10:
      return EqualsIgnoreCase(name, "connection") ? kServerOwned : 0u;
    case 12:
      if (EqualsIgnoreCase(name, "content-type")) return kHasContentType;
      return EqualsIgnoreCase(name, "x-request-id") ? kServerOwned : 0u;
    case 14:
      return EqualsIgnoreCase(name, "content-length") ? kServerOwned : 0u;
    case 15:
      if (EqualsIgnoreCase(name, "x-frame-options")) return kHasFrame;
      return EqualsIgnoreCase(name, "referrer-policy") ? kHasReferrer : 0u;
    case 17:
      return EqualsIgnoreCase(name, "transfer-encoding") ? kServerOwned : 0u;
    case 22:
      return EqualsIgnoreCase(name, "x-content-type-options") ? kHasNosniff : 0u;
    case 23:
      return EqualsIgnoreCase(name, "content-security-policy") ? kHasCsp : 0u;
    default:
      return 0u;
  }
}

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

void AppendNumber(std::string& out, std::size_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, static_cast<std::size_t>(end - buf));
}

}  // namespace

bool WriteResponseHead(const Response& response, const HeadOptions& options, std::string& out) {
  int status = response.status;
  if (status < 200 || status > 599) return false;
  unsigned seen = 0;
  for (const auto& [name, value] : response.headers) {
    if (!IsToken(name) || !IsFieldValue(value)) return false;
    seen |= Classify(name);
  }
  if (!IsFieldValue(response.content_type)) return false;
  bool no_body = status == 204 || status == 304;

  out.clear();
  out.append("HTTP/1.1 ");
  AppendNumber(out, static_cast<std::size_t>(status));
  out.push_back(' ');
  out.append(ReasonPhrase(status));
  out.append("\r\nDate: ");
  out.append(CachedHttpDate());
  out.append("\r\nServer: plaza\r\n");
  if (!no_body) {
    if (!response.content_type.empty() && !(seen & kHasContentType)) {
      AppendHeader(out, "Content-Type", response.content_type);
    }
    if (response.stream == nullptr) {
      out.append("Content-Length: ");
      AppendNumber(out, BodyOf(response).size());
      out.append("\r\n");
    } else if (!options.http10) {
      // A streamed body: chunked; HTTP/1.0 clients read it until the connection closes.
      out.append("Transfer-Encoding: chunked\r\n");
    }
  }
  if (!options.request_id.empty()) AppendHeader(out, "X-Request-Id", options.request_id);
  if (!(seen & kHasCsp)) AppendHeader(out, "Content-Security-Policy", kContentSecurityPolicy);
  if (!(seen & kHasNosniff)) out.append("X-Content-Type-Options: nosniff\r\n");
  if (!(seen & kHasReferrer)) out.append("Referrer-Policy: strict-origin-when-cross-origin\r\n");
  if (!(seen & kHasFrame)) out.append("X-Frame-Options: DENY\r\n");
  for (const auto& [name, value] : response.headers) {
    if (Classify(name) & kServerOwned) continue;
    if (no_body && EqualsIgnoreCase(name, "content-type")) continue;
    AppendHeader(out, name, value);
  }
  if (!options.keep_alive) {
    out.append("Connection: close\r\n");
  } else if (options.http10) {
    out.append("Connection: keep-alive\r\n");
  }
  out.append("\r\n");
  return true;
}

int TransferCodingStatus(std::string_view codings) {
  int chunked = 0;
  int others = 0;
  bool last_chunked = false;
  std::size_t start = 0;
  while (start <= codings.size()) {
    std::size_t comma = codings.find(',', start);
    if (comma == std::string_view::npos) comma = codings.size();
    std::string_view element = TrimSpacesAndTabs(codings.substr(start, comma - start));
    start = comma + 1;
    if (element.empty()) continue;  // a list may have empty elements
    // A coding's parameters: "name;q=1". Only the name is looked at; "chunked" has none.
    std::string_view name = TrimSpacesAndTabs(element.substr(0, element.find(';')));
    if (!IsToken(name)) return 400;
    last_chunked = EqualsIgnoreCase(element, "chunked");
    if (last_chunked) {
      ++chunked;
    } else {
      ++others;
    }
  }
  if (!last_chunked || chunked > 1) return 400;
  return others > 0 ? 501 : 0;
}

RequestHeadCheck::Finding RequestHeadCheck::Feed(std::string_view bytes) {
  for (char c : bytes) {
    if (done_) return Finding::kNone;
    if (after_cr_) {
      after_cr_ = false;
      if (c != '\n') return Finding::kBadLineEnding;
      // A blank line after the request line ends the head.
      if (line_bytes_ == 0 && line_index_ > 0) done_ = true;
      ++line_index_;
      line_bytes_ = 0;
      continue;
    }
    if (c == '\r') {
      after_cr_ = true;
      continue;
    }
    if (c == '\n') return Finding::kBadLineEnding;
    // A line that begins with white space continues the previous field: obs-fold.
    if (line_bytes_ == 0 && line_index_ > 0 && (c == ' ' || c == '\t')) return Finding::kObsFold;
    ++line_bytes_;
    if (line_index_ == 0 && line_bytes_ > max_request_line_) return Finding::kRequestLineTooLong;
  }
  return Finding::kNone;
}

std::size_t FindBareLf(std::string_view text, std::size_t from) {
  for (std::size_t i = text.find('\n', from); i != std::string_view::npos;
       i = text.find('\n', i + 1)) {
    if (i == 0 || text[i - 1] != '\r') return i;
  }
  return std::string_view::npos;
}

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  char buf[46];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  IpAddress address;
  if (text.find(':') == std::string_view::npos) {
    if (inet_pton(AF_INET, buf, address.bytes.data()) != 1) return std::nullopt;
    address.v4 = true;
    return address;
  }
  if (inet_pton(AF_INET6, buf, address.bytes.data()) != 1) return std::nullopt;
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::memcmp(address.bytes.data(), kMapped, sizeof kMapped) == 0) {
    std::memmove(address.bytes.data(), address.bytes.data() + 12, 4);
    std::memset(address.bytes.data() + 4, 0, 12);
    address.v4 = true;
  }
  return address;
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN];
  if (inet_ntop(v4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf) == nullptr) return {};
  return buf;
}

bool IpAddress::IsLoopback() const {
  if (v4) return bytes[0] == 127;
  static constexpr std::array<std::uint8_t, 16> kLoopback6 = {0, 0, 0, 0, 0, 0, 0, 0,
                                                              0, 0, 0, 0, 0, 0, 0, 1};
  return bytes == kLoopback6;
}

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies proxies;
  for (const std::string& entry : entries) {
    std::string_view text = entry;
    std::size_t slash = text.find('/');
    auto base = IpAddress::Parse(text.substr(0, slash));
    int max_bits = base && base->v4 ? 32 : 128;
    int bits = max_bits;
    if (base && slash != std::string_view::npos) {
      std::string_view digits = text.substr(slash + 1);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
      if (ec != std::errc() || end != digits.data() + digits.size() || bits < 0 ||
          bits > max_bits) {
        base.reset();
      }
    }
    if (!base) {
      return Fail(Errc::kInvalidArgument,
                  "trusted proxy \"" + entry + "\" is not an address or range", "trusted_proxies");
    }
    proxies.ranges_.push_back({*base, bits});
  }
  return proxies;
}

bool TrustedProxies::Contains(const IpAddress& address) const {
  for (const Range& range : ranges_) {
    if (range.base.v4 != address.v4) continue;
    int full = range.prefix_bits / 8;
    if (std::memcmp(range.base.bytes.data(), address.bytes.data(),
                    static_cast<std::size_t>(full)) != 0) {
      continue;
    }
    int rem = range.prefix_bits % 8;
    if (rem != 0) {
      auto mask = static_cast<std::uint8_t>(0xFF << (8 - rem));
      if ((range.base.bytes[full] & mask) != (address.bytes[full] & mask)) continue;
    }
    return true;
  }
  return false;
}

namespace {

// One X-Forwarded-For entry: a bare address, "[v6]" or "[v6]:port", or "v4:port".
std::optional<IpAddress> ParseForwardedEntry(std::string_view entry) {
  entry = TrimSpacesAndTabs(entry);
  if (!entry.empty() && entry.front() == '[') {
    std::size_t close = entry.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return IpAddress::Parse(entry.substr(1, close - 1));
  }
  std::size_t colon = entry.find(':');
  if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
    entry = entry.substr(0, colon);  // "1.2.3.4:5678"
  }
  return IpAddress::Parse(entry);
}

}  // namespace

std::string TrustedProxies::ClientAddress(
    std::string_view peer, const std::vector<std::string_view>& forwarded_for) const {
  auto peer_address = IpAddress::Parse(peer);
  if (ranges_.empty() || !peer_address || !Contains(*peer_address)) return std::string(peer);
  std::optional<IpAddress> last_trusted = peer_address;
  for (auto header = forwarded_for.rbegin(); header != forwarded_for.rend(); ++header) {
    std::string_view rest = *header;
    while (true) {
      std::size_t comma = rest.rfind(',');
      std::string_view entry = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
      if (!TrimSpacesAndTabs(entry).empty()) {
        auto address = ParseForwardedEntry(entry);
        if (!address) return last_trusted->ToString();
        if (!Contains(*address)) return address->ToString();
        last_trusted = address;
      }
      if (comma == std::string_view::npos) break;
      rest = rest.substr(0, comma);
    }
  }
  return last_trusted->ToString();
}

}  // namespace plaza::http
