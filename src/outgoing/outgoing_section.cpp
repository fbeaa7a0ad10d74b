#include "outgoing/outgoing_section.hpp"

#include <cstdint>
#include <string>

namespace plaza::outgoing {
namespace {

using HttpSection = config::Section<OutgoingOptions>;

// A proxy, no_proxy or CA file: stored when Validate finds nothing wrong with that key.
HttpSection::Setter CheckedText(std::string OutgoingOptions::* field) {
  return [field](OutgoingOptions& o, std::string_view v, std::string_view key) -> Status {
    OutgoingOptions candidate = o;
    candidate.*field = std::string(v);
    if (auto st = Validate(candidate); !st && st.error().field == key) {
      return config::BadValue(key, st.error().message.substr(key.size() + 1));
    }
    o = std::move(candidate);
    return {};
  };
}

// A whole number of the retry policy, within [min, max].
template <typename Int>
HttpSection::Setter RetryNumber(Int RetryPolicy::* field, std::int64_t min, std::int64_t max) {
  return [field, min, max](OutgoingOptions& o, std::string_view v, std::string_view key) -> Status {
    auto n = config::ParseInteger(key, v, min, max);
    if (!n) return std::unexpected(n.error());
    o.retry.*field = static_cast<Int>(*n);
    return {};
  };
}

template <typename Int>
HttpSection::Shower ShowRetry(Int RetryPolicy::* field) {
  return [field](const OutgoingOptions& o) { return std::to_string(o.retry.*field); };
}

HttpSection Declare() {
  constexpr std::int64_t kHour = 3'600'000;
  HttpSection section("http_client",
                      "outgoing HTTP (LLM engines, later translation engines and price feeds): "
                      "docs/outgoing-http.md");
  auto text = [&section](const char* name, std::string OutgoingOptions::* field, const char* help) {
    section.Scalar(
        name, CheckedText(field),
        [field](const OutgoingOptions& o) { return config::Quoted(o.*field); }, help);
  };
  text("http_proxy", &OutgoingOptions::http_proxy,
       "proxy for http:// calls, e.g. http://proxy:3128 (\"\" = none; the environment's "
       "http_proxy is not read)");
  text("https_proxy", &OutgoingOptions::https_proxy, "proxy for https:// calls (\"\" = none)");
  text("no_proxy", &OutgoingOptions::no_proxy,
       "hosts reached without the proxy, e.g. localhost,.internal");
  text("ca_file", &OutgoingOptions::ca_file,
       "PEM CA bundle to trust instead of the system's (\"\" = system)");
  section
      .Integer("connect_timeout_ms", &OutgoingOptions::connect_timeout_ms, 1u, 3'600'000u,
               "time to connect (TCP and TLS), per attempt")
      .Integer("timeout_ms", &OutgoingOptions::timeout_ms, 1u, 3'600'000u,
               "time for one attempt (callers with their own, like llm, win)")
      .Integer("max_response_bytes", &OutgoingOptions::max_response_bytes, std::size_t{1},
               std::size_t{1} << 30, "a larger response body aborts the transfer")
      .Scalar("max_attempts", RetryNumber(&RetryPolicy::max_attempts, 1, 10),
              ShowRetry(&RetryPolicy::max_attempts),
              "attempts per call on 408, 429, 5xx or a transport failure")
      .Scalar("backoff_initial_ms", RetryNumber(&RetryPolicy::backoff_initial_ms, 1, kHour),
              ShowRetry(&RetryPolicy::backoff_initial_ms),
              "wait before the second attempt (doubles, jittered)")
      .Scalar("backoff_max_ms", RetryNumber(&RetryPolicy::backoff_max_ms, 1, kHour),
              ShowRetry(&RetryPolicy::backoff_max_ms), "longest wait between attempts")
      .Scalar("retry_after_max_ms", RetryNumber(&RetryPolicy::retry_after_max_ms, 0, kHour),
              ShowRetry(&RetryPolicy::retry_after_max_ms),
              "longest Retry-After honoured (longer: no retry now)")
      .Scalar(
          "retry_timeouts",
          [](OutgoingOptions& o, std::string_view v, std::string_view key) -> Status {
            auto b = config::ParseBool(key, v);
            if (!b) return std::unexpected(b.error());
            o.retry.retry_timeouts = *b;
            return {};
          },
          [](const OutgoingOptions& o) {
            return std::string(o.retry.retry_timeouts ? "true" : "false");
          },
          "retry an attempt that timed out");
  return section;
}

}  // namespace

const config::Section<OutgoingOptions>& HttpClientSection() {
  static const HttpSection section = Declare();
  return section;
}

}  // namespace plaza::outgoing
