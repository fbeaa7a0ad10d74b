#pragma once

// A rate limit as a config key: "EVENTS/SECONDS" (e.g. "10/300", ten events per 300 seconds),
// for any section whose options struct holds a RateLimit.

#include <string>
#include <string_view>

#include "config/section.hpp"
#include "core/rate_limiter.hpp"

namespace plaza::config {

/// Parses "EVENTS/SECONDS" (1..1,000,000 events, 1 s..7 days) into `field`.
template <typename Opts>
typename Section<Opts>::Setter RateSetter(RateLimit Opts::* field) {
  return [field](Opts& o, std::string_view v, std::string_view key) -> Status {
    auto slash = v.find('/');
    if (slash == std::string_view::npos) {
      return BadValue(key, "expected EVENTS/SECONDS, e.g. 5/60");
    }
    auto events = ParseInteger(key, v.substr(0, slash), 1, 1'000'000);
    if (!events) return std::unexpected(events.error());
    auto window = ParseInteger(key, v.substr(slash + 1), 1, 86'400 * 7);
    if (!window) return std::unexpected(window.error());
    o.*field = RateLimit{static_cast<int>(*events), static_cast<int>(*window)};
    return {};
  };
}

/// `field` as "EVENTS/SECONDS", quoted (the generated reference's default).
template <typename Opts>
typename Section<Opts>::Shower RateShower(RateLimit Opts::* field) {
  return [field](const Opts& o) {
    return Quoted(std::to_string((o.*field).max_events) + "/" +
                  std::to_string((o.*field).window_s));
  };
}

}  // namespace plaza::config
