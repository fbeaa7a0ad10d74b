#include "http/message.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/ascii.hpp"
#include "core/utf8.hpp"
#include "http/encoding.hpp"

namespace plaza::http {

namespace {

// Enough for every form Plaza renders; a stranger's body with more fields is rejected before
// it costs a map node per field.
constexpr std::size_t kMaxFormFields = 64;

// Calls fn(raw_name, raw_value) for each non-empty '&'-separated pair; stops when fn returns
// false. A pair without '=' has an empty value.
template <typename Fn>
void ForEachPair(std::string_view s, Fn&& fn) {
  while (!s.empty()) {
    std::size_t amp = s.find('&');
    std::string_view pair = s.substr(0, amp);
    s = amp == std::string_view::npos ? std::string_view() : s.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (!fn(name, value)) return;
  }
}

bool NeedsDecoding(std::string_view s) { return s.find_first_of("%+") != std::string_view::npos; }

}  // namespace

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return {};
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n != "cookie") continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      std::size_t semi = rest.find(';');
      std::string_view item = TrimSpacesAndTabs(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      std::size_t eq = item.find('=');
      if (eq == std::string_view::npos) continue;
      if (TrimSpacesAndTabs(item.substr(0, eq)) != name) continue;
      std::string_view value = TrimSpacesAndTabs(item.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
  }
  return std::nullopt;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  std::optional<std::string> found;
  ForEachPair(query, [&](std::string_view raw_name, std::string_view raw_value) {
    if (NeedsDecoding(raw_name)) {
      auto decoded = PercentDecode(raw_name, PlusAs::kSpace);
      if (!decoded || *decoded != name) return true;
    } else if (raw_name != name) {
      return true;
    }
    found = PercentDecode(raw_value, PlusAs::kSpace);  // malformed: treated as absent
    return false;
  });
  return found;
}

Result<std::map<std::string, std::string, std::less<>>> Request::FormFields() const {
  std::string_view content_type = Header("content-type");
  if (!content_type.empty()) {
    std::string_view media = TrimSpacesAndTabs(content_type.substr(0, content_type.find(';')));
    if (!EqualsIgnoreCase(media, "application/x-www-form-urlencoded")) {
      return Fail(Errc::kInvalidArgument, "expected an application/x-www-form-urlencoded body");
    }
  }
  std::map<std::string, std::string, std::less<>> fields;
  std::optional<Error> error;
  std::size_t count = 0;
  ForEachPair(body, [&](std::string_view raw_name, std::string_view raw_value) {
    if (++count > kMaxFormFields) {
      error = Error{Errc::kInvalidArgument,
                    "too many form fields",
                    {},
                    static_cast<long long>(kMaxFormFields),
                    std::nullopt};
      return false;
    }
    auto name = PercentDecode(raw_name, PlusAs::kSpace);
    if (!name || !text::IsValidUtf8(*name)) {
      error = Error{Errc::kInvalidArgument, "malformed form field name", {}, {}, {}};
      return false;
    }
    auto value = PercentDecode(raw_value, PlusAs::kSpace);
    if (!value || !text::IsValidUtf8(*value)) {
      error =
          Error{Errc::kInvalidArgument, "malformed form field \"" + *name + "\"", *name, {}, {}};
      return false;
    }
    fields.try_emplace(std::move(*name), std::move(*value));  // the first of duplicates wins
    return true;
  });
  if (error) return std::unexpected(std::move(*error));
  return fields;
}

std::vector<std::string> Request::FormValues(std::string_view name) const {
  std::vector<std::string> values;
  std::size_t count = 0;
  ForEachPair(body, [&](std::string_view raw_name, std::string_view raw_value) {
    if (++count > kMaxFormFields) return false;
    auto decoded = PercentDecode(raw_name, PlusAs::kSpace);
    if (!decoded || *decoded != name) return true;
    auto value = PercentDecode(raw_value, PlusAs::kSpace);
    if (value && text::IsValidUtf8(*value)) values.push_back(std::move(*value));
    return true;
  });
  return values;
}

std::string_view Request::BearerToken() const {
  std::string_view auth = TrimSpacesAndTabs(Header("authorization"));
  constexpr std::string_view kScheme = "bearer";
  if (auth.size() <= kScheme.size() || !EqualsIgnoreCase(auth.substr(0, kScheme.size()), kScheme) ||
      (auth[kScheme.size()] != ' ' && auth[kScheme.size()] != '\t')) {
    return {};
  }
  std::string_view token = TrimSpacesAndTabs(auth.substr(kScheme.size()));
  if (token.find_first_of(" \t") != std::string_view::npos) return {};
  return token;
}

int StatusFor(Errc code) {
  switch (code) {
    case Errc::kInvalidArgument:
      return 400;
    case Errc::kUnauthenticated:
      return 401;
    case Errc::kForbidden:
      return 403;
    case Errc::kNotFound:
      return 404;
    case Errc::kGone:
      return 410;
    case Errc::kConflict:
      return 409;
    case Errc::kPayloadTooLarge:
      return 413;
    case Errc::kLimitExceeded:
      return 422;
    case Errc::kRateLimited:
      return 429;
    case Errc::kUnavailable:
      return 503;
    case Errc::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorResponse(const Error& error) {
  boost::json::object inner;
  inner["code"] = ErrcName(error.code);
  // Messages may quote user input: keep the JSON valid whatever the bytes.
  inner["message"] = text::ToValidUtf8(error.message);
  if (!error.field.empty()) inner["field"] = text::ToValidUtf8(error.field);
  if (error.limit) inner["limit"] = *error.limit;
  boost::json::object outer;
  outer["error"] = std::move(inner);
  Response response = JsonResponse(StatusFor(error.code), boost::json::serialize(outer));
  if (error.code == Errc::kRateLimited) {
    response.Header("Retry-After", std::to_string(error.retry_after_s.value_or(1)));
  } else if (error.retry_after_s) {
    response.Header("Retry-After", std::to_string(*error.retry_after_s));
  }
  return response;
}

Response JsonResponse(int status, std::string json_body) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = std::move(json_body);
  return response;
}

Response Redirect(int status, std::string location) {
  Response response;
  response.status = status;
  response.content_type.clear();
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

}  // namespace plaza::http
