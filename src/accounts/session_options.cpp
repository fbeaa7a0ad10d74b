#include "accounts/session_options.hpp"

namespace plaza {

namespace {
constexpr Timestamp kMinute = 60 * kMicrosPerSecond;
}  // namespace

Timestamp SessionOptions::IdleTimeout(SessionKind kind) const {
  return kind == SessionKind::kBrowser ? browser_idle_minutes * kMinute : 0;
}

Timestamp SessionOptions::AbsoluteTimeout(SessionKind kind) const {
  return kind == SessionKind::kBrowser ? browser_absolute_hours * 60 * kMinute
                                       : api_token_days * 24 * 60 * kMinute;
}

const config::Section<SessionOptions>& SessionsSection() {
  static const auto section =
      config::Section<SessionOptions>("sessions",
                                      "how long browser sessions and API tokens live: "
                                      "docs/security.md")
          .Integer("browser_idle_minutes", &SessionOptions::browser_idle_minutes, 1, 7 * 24 * 60,
                   "a browser session unused this long ends (last use is recorded at most once a "
                   "minute)")
          .Integer("browser_absolute_hours", &SessionOptions::browser_absolute_hours, 1, 24 * 366,
                   "a browser session ends this long after log-in however much it is used; the "
                   "session cookie's Max-Age is the same")
          .Integer("api_token_days", &SessionOptions::api_token_days, 1, 366,
                   "an API token ends this long after it was issued (no idle timeout)")
          .Integer("purge_every_minutes", &SessionOptions::purge_every_minutes, 1, 7 * 24 * 60,
                   "how often the server deletes ended sessions and tokens from the store (an "
                   "ended one is refused whether or not it was deleted yet)");
  return section;
}

}  // namespace plaza
