#pragma once

#include <memory>

#include "accounts/accounts.hpp"
#include "app/config.hpp"
#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "core/result.hpp"
#include "modules/registry.hpp"
#include "posts/posts.hpp"
#include "storage/store.hpp"

namespace plaza {

/// The services of one Plaza process, wired to one store. The command line, the server and
/// (later) job workers all use these.
class App {
 public:
  /// Opens the configured store and migrates it; posts queue the revision jobs of `modules`.
  static Result<std::unique_ptr<App>> Open(const Config& config, const ModuleRegistry& modules);
  /// The same with the modules registered from `config` (commands that only read or migrate).
  static Result<std::unique_ptr<App>> Open(const Config& config);

  Store& store() { return *store_; }
  Accounts& accounts() { return *accounts_; }
  Posts& posts() { return *posts_; }
  const Clock& clock() const { return clock_; }
  int schema_version() const { return schema_version_; }
  /// Called after every post write (the page cache listens).
  void OnPostChange(std::function<void(const PostChange&)> listener) {
    post_listener_ = std::move(listener);
  }

 private:
  App() = default;

  SystemClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<LoginBackoff> login_backoff_;
  std::unique_ptr<InMemoryRateLimiter> login_per_address_;
  std::unique_ptr<InMemoryRateLimiter> register_per_address_;
  std::unique_ptr<InMemoryRateLimiter> posts_per_user_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<Posts> posts_;
  std::function<void(const PostChange&)> post_listener_;
  int schema_version_ = 0;
};

}  // namespace plaza
