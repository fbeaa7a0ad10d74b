#pragma once

// Accounts against a real SQLite file in a temporary directory, with a manual clock and
// in-memory throttles. Argon2id runs with libsodium's smallest parameters here to keep the suite
// fast; one test (accounts_register_test.cpp) uses the production ones.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "accounts/accounts.hpp"
#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "scratch_database.hpp"

namespace plaza::accounts_test {

using storage_test::Must;

inline constexpr char kPassword[] = "correct horse battery";

inline AccountsOptions FastOptions() {
  AccountsOptions options;
  options.argon_opslimit = 1;
  options.argon_memlimit = 8 * 1024;
  return options;
}

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Must(storage_test::ScratchDatabase::Sqlite());
    store_ = Must(db_->Open());
    Must(store_->Migrate());
    accounts_.emplace(*store_, clock_,
                      AccountThrottles{login_backoff_, login_per_address_, register_per_address_},
                      FastOptions());
  }

  Result<AuthResult> RegisterUser(const std::string& handle,
                                  const std::string& address = "192.0.2.1",
                                  SessionKind kind = SessionKind::kBrowser) {
    return accounts_->Register(RegisterInput{handle, kPassword, "Display " + handle, address},
                               kind);
  }

  Result<AuthResult> LoginUser(const std::string& handle, const std::string& password,
                               const std::string& address = "192.0.2.1") {
    return accounts_->Login(LoginInput{handle, password, address}, SessionKind::kBrowser);
  }

  ManualClock clock_;
  LoginBackoff login_backoff_{clock_, LoginBackoffOptions{5, 900, RateLimit{10, 3600}}};
  InMemoryRateLimiter login_per_address_{clock_, RateLimit{20, 60}};
  InMemoryRateLimiter register_per_address_{clock_, RateLimit{3, 3600}};
  std::unique_ptr<storage_test::ScratchDatabase> db_;
  std::unique_ptr<Store> store_;
  std::optional<Accounts> accounts_;
};

}  // namespace plaza::accounts_test
