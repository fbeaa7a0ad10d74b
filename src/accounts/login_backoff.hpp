#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "core/result.hpp"

namespace plaza {

struct LoginBackoffOptions {
  /// Wrong passwords one address may try for one account before it has to wait.
  int free_failures = 5;
  /// The longest wait: after the free failures the wait doubles from 1 s up to this.
  int max_delay_s = 900;
  /// Failures for one account, from all addresses, in a window. Beyond it no address has free
  /// failures left, but every address may still try once: guesses slow down, nobody is refused.
  RateLimit account_ceiling{100, 3600};
};

/// Log-in throttle per (account, address) with exponential backoff (issue 12, finding 5). A
/// stranger's failures from other addresses never make the owner wait: each pair has its own
/// count, and a pair that has not failed may always try. Memory is bounded: pairs idle for the
/// ceiling's window are dropped. Thread-safe.
class LoginBackoff {
 public:
  LoginBackoff(const Clock& clock, LoginBackoffOptions options, std::size_t max_keys = 100'000);

  /// kRateLimited with retry_after_s while this pair waits out its delay.
  Status Check(std::string_view account, std::string_view address);
  /// Counts a wrong password for the pair (and the account) and sets the pair's delay.
  void Failed(std::string_view account, std::string_view address);
  /// The right password: the pair starts afresh.
  void Succeeded(std::string_view account, std::string_view address);

 private:
  struct Pair {
    int failures = 0;
    Timestamp last_failure = 0;
    Timestamp next_allowed = 0;
  };
  struct Window {
    Timestamp start = 0;
    int count = 0;
  };
  void Sweep(Timestamp now);

  const Clock& clock_;
  const LoginBackoffOptions options_;
  const std::size_t max_keys_;
  std::mutex mu_;
  std::map<std::string, Pair, std::less<>> pairs_;       // GUARDED_BY(mu_)
  std::map<std::string, Window, std::less<>> accounts_;  // GUARDED_BY(mu_)
};

}  // namespace plaza
