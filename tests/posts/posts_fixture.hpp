#pragma once

// The Posts service against a real SQLite file in a temporary directory, with a manual clock,
// the production throttle (5 posts a minute) and a recorder for on_change.

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "posts/posts.hpp"
#include "scratch_database.hpp"

namespace plaza::posts_test {

using storage_test::Must;

inline constexpr char kEnglishBody[] =
    "Traders are watching the central bank closely, and many of them expect volatility to rise "
    "before the end of the month. The question is whether buyers will return once the news is "
    "out, or whether $BTC and $ETH keep drifting.";

inline std::string Repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

inline PostInput Input(std::optional<std::string> title, std::optional<std::string> body,
                       std::optional<std::string> lang = std::nullopt) {
  return PostInput{std::move(title), std::move(body), std::move(lang)};
}

class PostsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Must(storage_test::ScratchDatabase::Sqlite());
    store_ = Must(db_->Open());
    Must(store_->Migrate());
    author_ = MakeUser("author", Role::kMember);
    other_ = MakeUser("other", Role::kMember);
    admin_ = MakeUser("admin", Role::kAdmin);
    posts_.emplace(*store_, clock_, limiter_,
                   [this](const PostChange& change) { changed_.push_back(change.post_id); });
  }

  User MakeUser(const std::string& handle, Role role) {
    return Must(store_->users().Create(
        NewUser{handle, "Name of " + handle, "$argon2id$not-a-real-hash", role, clock_.Now()}));
  }

  Post CreatePost(const std::string& title = "Why the market is nervous",
                  const User* author = nullptr) {
    return Must(posts_->Create(author ? *author : author_, Input(title, kEnglishBody)));
  }

  ManualClock clock_;
  InMemoryRateLimiter limiter_{clock_, RateLimit{5, 60}};
  std::unique_ptr<storage_test::ScratchDatabase> db_;
  std::unique_ptr<Store> store_;
  User author_;
  User other_;
  User admin_;
  std::vector<std::int64_t> changed_;
  std::optional<Posts> posts_;
};

}  // namespace plaza::posts_test
