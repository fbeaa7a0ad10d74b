#include "accounts/login_backoff.hpp"

#include <algorithm>
#include <mutex>

namespace plaza {
namespace {

std::string PairKey(std::string_view account, std::string_view address) {
  std::string key(account);
  key += '\n';  // neither a handle nor an address holds a newline
  key += address;
  return key;
}

}  // namespace

LoginBackoff::LoginBackoff(const Clock& clock, LoginBackoffOptions options, std::size_t max_keys)
    : clock_(clock), options_(options), max_keys_(max_keys) {}

Status LoginBackoff::Check(std::string_view account, std::string_view address) {
  const Timestamp now = clock_.Now();
  std::lock_guard lock(mu_);
  auto it = pairs_.find(PairKey(account, address));
  if (it == pairs_.end() || now >= it->second.next_allowed) return {};
  const Timestamp wait = it->second.next_allowed - now;
  Error error{Errc::kRateLimited, "too many failed log-ins; try again later", {}, {}, {}};
  error.retry_after_s = static_cast<int>((wait + kMicrosPerSecond - 1) / kMicrosPerSecond);
  return std::unexpected(std::move(error));
}

void LoginBackoff::Failed(std::string_view account, std::string_view address) {
  const Timestamp now = clock_.Now();
  const Timestamp window = Timestamp{options_.account_ceiling.window_s} * kMicrosPerSecond;
  std::lock_guard lock(mu_);
  Sweep(now);
  auto [acc, fresh_account] = accounts_.try_emplace(std::string(account));
  if (fresh_account || now - acc->second.start >= window) acc->second = Window{now, 0};
  ++acc->second.count;
  const bool over_ceiling = acc->second.count > options_.account_ceiling.max_events;

  Pair& pair = pairs_[PairKey(account, address)];
  ++pair.failures;
  pair.last_failure = now;
  const int free = over_ceiling ? 0 : std::max(options_.free_failures, 0);
  if (pair.failures <= free) return;
  const int doublings = std::min(pair.failures - free - 1, 30);
  const long long delay_s =
      std::min<long long>(1LL << doublings, std::max(options_.max_delay_s, 1));
  pair.next_allowed = now + delay_s * kMicrosPerSecond;
}

void LoginBackoff::Succeeded(std::string_view account, std::string_view address) {
  std::lock_guard lock(mu_);
  pairs_.erase(PairKey(account, address));
}

void LoginBackoff::Sweep(Timestamp now) {
  if (pairs_.size() < max_keys_ && accounts_.size() < max_keys_) return;
  const Timestamp window = Timestamp{options_.account_ceiling.window_s} * kMicrosPerSecond;
  std::erase_if(pairs_, [&](const auto& entry) {
    return now >= entry.second.next_allowed && now - entry.second.last_failure >= window;
  });
  std::erase_if(accounts_, [&](const auto& entry) { return now - entry.second.start >= window; });
  // Still full (a flood of fresh keys): start over rather than grow. The per-address limit still
  // bounds how fast anyone can guess.
  if (pairs_.size() >= max_keys_) pairs_.clear();
  if (accounts_.size() >= max_keys_) accounts_.clear();
}

}  // namespace plaza
