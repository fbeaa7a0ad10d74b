#pragma once

// [sessions]: how long a credential lives (issue 12, finding 6; docs/security.md "Sessions").

#include <cstdint>

#include "config/section.hpp"
#include "core/clock.hpp"
#include "storage/session_store.hpp"

namespace plaza {

/// Timeouts per kind of credential. Defaults follow OWASP ASVS level 2 for browser sessions
/// (30 minutes idle, 12 hours absolute); API tokens live 90 days and have no idle timeout.
struct SessionOptions {
  std::int64_t browser_idle_minutes = 30;
  std::int64_t browser_absolute_hours = 12;
  std::int64_t api_token_days = 90;
  /// Period of the recurring job that deletes ended credentials from the store.
  std::int64_t purge_every_minutes = 60;

  /// The time a credential of `kind` may go unused (0: no idle timeout).
  Timestamp IdleTimeout(SessionKind kind) const;
  /// The time a credential of `kind` lives from its creation, however much it is used.
  Timestamp AbsoluteTimeout(SessionKind kind) const;
};

/// The [sessions] section of the config.
const config::Section<SessionOptions>& SessionsSection();

}  // namespace plaza
