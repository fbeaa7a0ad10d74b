#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace plaza {

enum class Role { kMember, kAdmin };

struct User {
  std::int64_t id = 0;
  std::string handle;  // 3–30 of [a-z0-9_], unique
  std::string display_name;
  std::string bio;
  std::string locale;  // preferred UI locale ("" = none chosen)
  Role role = Role::kMember;
  std::string password_hash;  // argon2id string from libsodium
  Timestamp created_at = 0;
};

struct NewUser {
  std::string handle;
  std::string display_name;
  std::string password_hash;
  Role role = Role::kMember;
  Timestamp created_at = 0;
};

/// Users. Handles are compared exactly (the service lower-cases them first).
class UserStore {
 public:
  virtual ~UserStore() = default;
  /// Inserts a user. kConflict (field "handle") when the handle is taken.
  virtual Result<User> Create(const NewUser& user) = 0;
  /// kNotFound when no user has that id.
  virtual Result<User> FindById(std::int64_t id) = 0;
  /// kNotFound when no user has that handle.
  virtual Result<User> FindByHandle(std::string_view handle) = 0;
  /// Updates display name and bio. kNotFound when the user does not exist.
  virtual Status UpdateProfile(std::int64_t id, std::string_view display_name,
                               std::string_view bio) = 0;
  /// Sets the preferred UI locale ("" = none). kNotFound when the user does not exist.
  virtual Status UpdateLocale(std::int64_t id, std::string_view locale) = 0;
  /// Sets the password hash and, in the same transaction, removes every session of the user but
  /// the one whose hash is `keep_token_hash` ("" keeps none); returns how many were removed.
  /// kNotFound when the user does not exist (nothing changes then).
  virtual Result<std::int64_t> ChangePassword(std::int64_t id, std::string_view password_hash,
                                              std::string_view keep_token_hash) = 0;
};

}  // namespace plaza
