// The socket-free parts of the HTTP request parser (src/http/wire.*, src/http/message.*): the
// request target, client addresses behind trusted proxies, and what handlers read from a
// request (query parameters, cookies, form bodies, bearer tokens). Input: request target, LF,
// X-Forwarded-For value, LF, Cookie value, LF, body.
// Properties: an accepted target has a path that starts with '/', is valid UTF-8 without
// control bytes or "."/".." segments; an address that parses prints as text that parses to the
// same address; the client address behind a proxy is the peer or an address that parses.

#include <string>
#include <vector>

#include "core/utf8.hpp"
#include "fuzz/fuzz_check.hpp"
#include "http/message.hpp"
#include "http/wire.hpp"

using plaza::fuzz::Require;

namespace {

void CheckTarget(std::string_view target) {
  std::string path, query;
  if (!plaza::http::ParseTarget(target, path, query)) return;
  Require(!path.empty() && path.front() == '/', "a path starts with '/'");
  Require(plaza::text::IsValidUtf8(path), "a path is UTF-8");
  for (char c : path) {
    Require(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F, "no control bytes in a path");
  }
  std::string_view rest(path);
  rest.remove_prefix(1);
  while (true) {
    std::string_view segment = plaza::fuzz::TakeUntil(rest, '/');
    Require(segment != "." && segment != "..", "no dot segments");
    if (rest.empty()) break;
  }
}

void CheckAddresses(std::string_view text, std::string_view forwarded_for) {
  if (auto address = plaza::http::IpAddress::Parse(text)) {
    auto again = plaza::http::IpAddress::Parse(address->ToString());
    Require(again.has_value(), "a printed address parses");
    Require(again->bytes == address->bytes && again->v4 == address->v4, "and is the same");
  }
  static const auto proxies =
      plaza::http::TrustedProxies::Parse({"127.0.0.1", "10.0.0.0/8", "fd00::/8"});
  Require(proxies.has_value(), "the fixed proxy list parses");
  std::vector<std::string_view> values;
  std::string_view rest = forwarded_for;
  while (!rest.empty()) values.push_back(plaza::fuzz::TakeUntil(rest, '\t'));
  std::string client = proxies->ClientAddress("127.0.0.1", values);
  Require(client == "127.0.0.1" || plaza::http::IpAddress::Parse(client).has_value(),
          "the client address is the peer or an address");
  std::vector<std::string> entries;
  rest = forwarded_for;
  while (!rest.empty()) entries.emplace_back(plaza::fuzz::TakeUntil(rest, ','));
  (void)plaza::http::TrustedProxies::Parse(entries);
}

void CheckRequestFields(std::string_view target, std::string_view cookie, std::string_view body) {
  plaza::http::Request request;
  request.target = std::string(target);
  if (!plaza::http::ParseTarget(target, request.path, request.query)) {
    request.query = std::string(target);
  }
  request.headers.emplace_back("cookie", cookie);
  request.headers.emplace_back("authorization", cookie);
  request.body = std::string(body);
  for (std::string_view name : {"lang", "topics", "cursor", "q"}) {
    if (auto value = request.Query(name)) (void)value->size();
  }
  for (std::string_view name : {"plaza_session", "plaza_csrf", "plaza_lang"}) {
    if (auto value = request.Cookie(name)) {
      Require(value->find(';') == std::string::npos, "a cookie value holds no ';'");
    }
  }
  std::string_view token = request.BearerToken();
  Require(token.empty() || cookie.find(token) != std::string_view::npos, "a token comes from it");
  (void)request.FormFields();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = plaza::fuzz::AsText(data, size);
  std::string_view target = plaza::fuzz::TakeUntil(input, '\n');
  std::string_view forwarded_for = plaza::fuzz::TakeUntil(input, '\n');
  std::string_view cookie = plaza::fuzz::TakeUntil(input, '\n');
  CheckTarget(target);
  CheckAddresses(target, forwarded_for);
  CheckRequestFields(target, cookie, input);
  return 0;
}
