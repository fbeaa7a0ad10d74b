#include "outgoing/http_client.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

namespace plaza::outgoing {

namespace {

// Idle handles kept for their open connections (keep-alive with the servers called).
constexpr std::size_t kMaxIdleHandles = 8;

std::once_flag curl_init_once;
CURLcode curl_init_result = CURLE_OK;

char AsciiLower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return AsciiLower(x) == AsciiLower(y);
         });
}

bool HasLineBreakOrNul(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

// A part of a parsed URL, or "" when it has none.
std::string UrlPart(CURLU* url, CURLUPart part, unsigned int flags = 0) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, flags) != CURLUE_OK || value == nullptr) return {};
  std::string out(value);
  curl_free(value);
  return out;
}

// A URL taken apart: what a base and a request are compared on.
struct ParsedUrl {
  std::string scheme;  // lower case
  std::string host;    // lower case
  std::string port;    // explicit or the scheme's default
  std::string path;    // dot segments removed
  std::string full;    // the normalised URL, as sent
  bool has_userinfo = false;
};

std::optional<ParsedUrl> ParseUrl(const std::string& text) {
  UrlHandle url(curl_url());
  if (url == nullptr || HasLineBreakOrNul(text)) return std::nullopt;
  // Unsupported schemes fail here; dot segments ("/v1/../admin") are resolved.
  if (curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) return std::nullopt;
  ParsedUrl out;
  out.scheme = UrlPart(url.get(), CURLUPART_SCHEME);
  for (char& c : out.scheme) c = AsciiLower(c);
  if (out.scheme != "http" && out.scheme != "https") return std::nullopt;
  out.host = UrlPart(url.get(), CURLUPART_HOST);
  for (char& c : out.host) c = AsciiLower(c);
  if (out.host.empty()) return std::nullopt;
  out.port = UrlPart(url.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  out.path = UrlPart(url.get(), CURLUPART_PATH);
  out.full = UrlPart(url.get(), CURLUPART_URL);
  out.has_userinfo = !UrlPart(url.get(), CURLUPART_USER).empty() ||
                     !UrlPart(url.get(), CURLUPART_PASSWORD).empty();
  return out;
}

// An encoded dot segment ("%2e%2e") is resolved by some servers and not by curl: refused, so
// that a request cannot climb out of its base path.
bool HasEncodedDot(std::string_view path) {
  for (std::size_t pos = path.find('%'); pos != std::string_view::npos;
       pos = path.find('%', pos + 1)) {
    if (EqualsIgnoreCase(path.substr(pos, 3), "%2e")) return true;
  }
  return false;
}

// For messages and logs: scheme, host, port and path; never the query (some APIs take keys
// there) nor user information.
std::string Shown(const ParsedUrl& url) {
  return url.scheme + "://" + url.host + ":" + url.port + url.path;
}

struct Transfer {
  std::string body;
  std::vector<Header> headers;
  std::size_t cap = 0;
  bool overflow = false;
};

std::size_t WriteBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer->body.size() + bytes > transfer->cap) {
    transfer->overflow = true;
    return 0;  // curl aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->body.append(data, bytes);
  return bytes;
}

std::size_t WriteHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {
    transfer->headers.clear();  // a new response (after a 100 Continue): its own headers
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = AsciiLower(c);
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  transfer->headers.push_back({std::move(name), std::string(value)});
  return bytes;
}

bool AppendHeader(HeaderList& list, const std::string& header) {
  curl_slist* grown = curl_slist_append(list.get(), header.c_str());
  if (grown == nullptr) return false;
  if (list == nullptr) list.reset(grown);  // a list keeps its head as it grows
  return true;
}

bool IsRetryableStatus(long status) { return status == 408 || status == 429 || status >= 500; }

bool IsTransient(CURLcode rc) {
  switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return text;
}

}  // namespace

void ThreadSleeper::SleepFor(std::chrono::milliseconds duration) {
  std::this_thread::sleep_for(duration);
}

std::string_view Response::HeaderValue(std::string_view name) const {
  for (const auto& header : headers) {
    if (header.name == name) return header.value;
  }
  return {};
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, Timestamp now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(value.front()))) {
    std::uint64_t seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc::result_out_of_range) return std::chrono::milliseconds::max();
    if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
    if (seconds > 1'000'000'000) return std::chrono::milliseconds::max();
    return std::chrono::milliseconds(seconds * 1000);
  }
  // IMF-fixdate, and the obsolete RFC 850 and asctime forms, which recipients must accept.
  const std::string text(value);
  const std::time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  const std::int64_t delta_us = static_cast<std::int64_t>(when) * kMicrosPerSecond - now;
  if (delta_us <= 0) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds((delta_us + 999) / 1000);
}

struct HttpClient::Base {
  ParsedUrl url;
  std::string path;  // without a trailing slash; "" for the root
};

struct HttpClient::Handles {
  std::mutex mutex;
  std::vector<CURL*> idle;  // guarded by mutex
  std::mutex random_mutex;
  std::mt19937_64 random{std::random_device{}()};  // guarded by random_mutex

  ~Handles() {
    for (CURL* handle : idle) curl_easy_cleanup(handle);
  }

  CURL* Acquire() {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        CURL* handle = idle.back();
        idle.pop_back();
        return handle;
      }
    }
    return curl_easy_init();
  }

  void Release(CURL* handle) {
    curl_easy_reset(handle);  // options go, the connection cache stays
    {
      std::lock_guard lock(mutex);
      if (idle.size() < kMaxIdleHandles) {
        idle.push_back(handle);
        return;
      }
    }
    curl_easy_cleanup(handle);
  }
};

/// One transfer's outcome: an answer, or a curl failure described for the caller.
struct HttpClient::Attempt {
  CURLcode rc = CURLE_OK;
  std::optional<Error> error;  // set when no answer came (or one that cannot be used)
  bool retryable = false;
  Response response;
};

Result<std::unique_ptr<HttpClient>> HttpClient::Create(std::string name,
                                                       std::vector<std::string> base_urls,
                                                       OutgoingOptions options, ClientTime time) {
  if (auto st = Validate(options); !st) return std::unexpected(st.error());
  // curl_global_init is not thread-safe in every libcurl build: once, before any handle.
  std::call_once(curl_init_once, [] { curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (curl_init_result != CURLE_OK) {
    return Fail(Errc::kInternal,
                name + ": curl_global_init failed: " + curl_easy_strerror(curl_init_result));
  }
  if (base_urls.empty()) return Fail(Errc::kInvalidArgument, name + ": no base URL configured");
  std::vector<Base> bases;
  for (const auto& text : base_urls) {
    auto url = ParseUrl(text);
    if (!url || url->has_userinfo) {
      return Fail(Errc::kInvalidArgument,
                  name + ": base URL must be an http:// or https:// URL without user:password");
    }
    std::string path = url->path;
    while (path.ends_with('/')) path.pop_back();
    bases.push_back(Base{std::move(*url), std::move(path)});
  }
  return std::unique_ptr<HttpClient>(
      new HttpClient(std::move(name), std::move(bases), std::move(options), time));
}

HttpClient::HttpClient(std::string name, std::vector<Base> bases, OutgoingOptions options,
                       ClientTime time)
    : name_(std::move(name)),
      bases_(std::move(bases)),
      options_(std::move(options)),
      time_(time),
      handles_(std::make_unique<Handles>()) {
  static ThreadSleeper thread_sleeper;
  static const SystemClock system_clock;
  if (time_.sleeper == nullptr) time_.sleeper = &thread_sleeper;
  if (time_.clock == nullptr) time_.clock = &system_clock;
}

HttpClient::~HttpClient() = default;

std::optional<std::chrono::milliseconds> HttpClient::WaitBefore(int attempt,
                                                                const RetryPolicy& policy,
                                                                std::string_view retry_after) {
  if (auto asked = ParseRetryAfter(retry_after, time_.clock->Now())) {
    if (*asked > std::chrono::milliseconds(policy.retry_after_max_ms)) return std::nullopt;
    return *asked;
  }
  // initial × 2^(attempt-1), capped, then drawn within [half, all] of it.
  std::uint64_t ceiling = policy.backoff_initial_ms;
  for (int i = 1; i < attempt && ceiling < policy.backoff_max_ms; ++i) ceiling *= 2;
  ceiling = std::min<std::uint64_t>(ceiling, policy.backoff_max_ms);
  std::uniform_int_distribution<std::uint64_t> draw(ceiling / 2, ceiling);
  std::lock_guard lock(handles_->random_mutex);
  return std::chrono::milliseconds(draw(handles_->random));
}

HttpClient::Attempt HttpClient::Perform(const Request& request, const std::string& url,
                                        bool https) {
  Attempt attempt;
  CURL* curl = handles_->Acquire();
  if (curl == nullptr) {
    attempt.error = Error{Errc::kUnavailable, name_ + ": curl_easy_init failed", {}, {}, {}};
    return attempt;
  }
  struct Lease {
    Handles& pool;
    CURL* handle;
    ~Lease() { pool.Release(handle); }
  } lease{*handles_, curl};

  HeaderList headers;
  // No "Expect: 100-continue" round trip before larger bodies.
  bool headers_ok = AppendHeader(headers, "Expect:");
  for (const auto& header : request.headers) {
    headers_ok = headers_ok && AppendHeader(headers, header.name + ": " + header.value);
  }
  if (!headers_ok) {
    attempt.error =
        Error{Errc::kUnavailable, name_ + ": out of memory building headers", {}, {}, {}};
    return attempt;
  }

  const CallOptions& call = request.options;
  const std::uint32_t timeout_ms = call.timeout_ms.value_or(options_.timeout_ms);
  const std::uint32_t connect_ms =
      std::min(call.connect_timeout_ms.value_or(options_.connect_timeout_ms), timeout_ms);
  Transfer transfer;
  transfer.cap = call.max_response_bytes.value_or(options_.max_response_bytes);
  const std::string& proxy = https ? options_.https_proxy : options_.http_proxy;
  char error_buffer[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_ms));
  // "" rather than unset: the http_proxy/no_proxy environment variables are not consulted.
  curl_easy_setopt(curl, CURLOPT_PROXY, proxy.c_str());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, options_.no_proxy.c_str());
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_PROXY_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_PROXY_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  const bool with_body = !request.body.empty() || request.method == "POST" ||
                         request.method == "PUT" || request.method == "PATCH";
  if (with_body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "Plaza");
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // what this libcurl can decode
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(transfer.cap));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &WriteHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);

  attempt.rc = curl_easy_perform(curl);
  // The buffer belongs to this frame; the handle goes back to the pool.
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (attempt.rc == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &attempt.response.status);
    attempt.response.headers = std::move(transfer.headers);
    attempt.response.body = std::move(transfer.body);
    attempt.retryable = IsRetryableStatus(attempt.response.status);
    return attempt;
  }
  const std::string detail =
      OneLine(error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(attempt.rc));
  Error error{Errc::kUnavailable, {}, {}, {}, {}};
  switch (attempt.rc) {
    case CURLE_OPERATION_TIMEDOUT:
      error.message = "no answer within " + std::to_string(timeout_ms) + " ms (timeout)";
      break;
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
      if (transfer.overflow || attempt.rc == CURLE_FILESIZE_EXCEEDED) {
        error.message = "the answer is larger than " + std::to_string(transfer.cap) +
                        " bytes (max_response_bytes); transfer aborted";
      } else {
        error.message = "request failed: " + detail;
      }
      break;
    case CURLE_COULDNT_CONNECT:
      error.message = "cannot connect: " + detail;
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      error.message = "cannot resolve the host: " + detail;
      break;
    default:
      error.message = "request failed: " + detail;
      break;
  }
  attempt.error = std::move(error);
  attempt.retryable = IsTransient(attempt.rc);
  return attempt;
}

Result<Response> HttpClient::Send(const Request& request) {
  const auto url = ParseUrl(request.url);
  if (!url || url->has_userinfo) {
    return Fail(Errc::kInvalidArgument,
                name_ + ": refused: not an http:// or https:// URL without user:password");
  }
  const std::string shown = request.method + " " + Shown(*url);
  const bool inside =
      !HasEncodedDot(url->path) && std::any_of(bases_.begin(), bases_.end(), [&](const Base& base) {
        return base.url.scheme == url->scheme && base.url.host == url->host &&
               base.url.port == url->port &&
               (url->path == base.path || url->path.starts_with(base.path + "/"));
      });
  if (!inside) {
    return Fail(Errc::kInvalidArgument,
                name_ + ": refused " + shown + ": outside the configured base URLs");
  }
  if (request.method.empty() || HasLineBreakOrNul(request.method) ||
      request.method.find(' ') != std::string::npos) {
    return Fail(Errc::kInvalidArgument, name_ + ": refused: malformed method");
  }
  for (const auto& header : request.headers) {
    // A line break would let a value add headers of its own.
    if (HasLineBreakOrNul(header.name) || HasLineBreakOrNul(header.value) || header.name.empty() ||
        header.name.find(':') != std::string::npos) {
      return Fail(Errc::kInvalidArgument, name_ + ": refused " + shown + ": header " +
                                              OneLine(header.name) +
                                              " has a line break or a malformed name");
    }
  }

  const RetryPolicy& policy = request.options.retry.value_or(options_.retry);
  for (int attempt_no = 1;; ++attempt_no) {
    Attempt attempt = Perform(request, url->full, url->scheme == "https");
    const bool timed_out = attempt.rc == CURLE_OPERATION_TIMEDOUT;
    const bool may_retry = attempt.retryable && attempt_no < policy.max_attempts &&
                           (!timed_out || policy.retry_timeouts);
    if (!attempt.error && attempt.response.status >= 300 && attempt.response.status < 400) {
      std::string where;
      if (auto location = ParseUrl(std::string(attempt.response.HeaderValue("location")))) {
        where = " to " + location->scheme + "://" + location->host + ":" + location->port;
      }
      return Fail(Errc::kInvalidArgument,
                  name_ + ": " + shown + " answered HTTP " +
                      std::to_string(attempt.response.status) + " (a redirect" + where +
                      "): redirects are not followed; configure the final URL");
    }
    std::optional<std::chrono::milliseconds> wait;
    if (may_retry) {
      wait = WaitBefore(
          attempt_no, policy,
          attempt.error ? std::string_view() : attempt.response.HeaderValue("retry-after"));
    }
    if (!wait) {
      if (attempt.error) {
        Error error = std::move(*attempt.error);
        error.message = name_ + ": " + shown + ": " + error.message;
        if (attempt_no > 1) error.message += " (" + std::to_string(attempt_no) + " attempts)";
        return std::unexpected(std::move(error));
      }
      attempt.response.attempts = attempt_no;
      return std::move(attempt.response);
    }
    spdlog::warn("{}: {} {}; attempt {} of {} in {} ms", name_, shown,
                 attempt.error ? attempt.error->message
                               : "answered HTTP " + std::to_string(attempt.response.status),
                 attempt_no + 1, policy.max_attempts, wait->count());
    time_.sleeper->SleepFor(*wait);
  }
}

}  // namespace plaza::outgoing
