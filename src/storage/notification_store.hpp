#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace plaza {

/// Something a user is told about, joined with the actor.
struct Notification {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string kind;  // "comment", "reply", "like", "mention", ... (open: modules add kinds)
  std::int64_t actor_id = 0;
  std::string actor_handle;
  std::string actor_display_name;
  std::int64_t post_id = 0;     // 0 = none
  std::int64_t comment_id = 0;  // 0 = none
  std::string text;             // a short excerpt or detail the kind shows ("" = none)
  bool read = false;
  Timestamp created_at = 0;
};

struct NewNotification {
  std::int64_t user_id = 0;
  std::string kind;
  std::int64_t actor_id = 0;
  std::int64_t post_id = 0;
  std::int64_t comment_id = 0;
  std::string text;
  std::string dedupe_key;  // "" = none; one notification per (user, key)
  Timestamp created_at = 0;
};

/// The outcome of Add: the notification stored (none when its dedupe key was used before) and
/// the user's unread count after it.
struct NotificationWrite {
  std::optional<Notification> created;
  std::int64_t unread = 0;
};

struct NotificationPage {
  std::vector<Notification> items;
  std::optional<std::int64_t> next_before_id;  // set only when more follow
};

/// A user's notifications, newest first.
class NotificationStore {
 public:
  virtual ~NotificationStore() = default;
  /// Stores a notification. kInvalidArgument (field "kind") for an empty kind; kNotFound (field
  /// "user_id") when the user or the actor does not exist. A dedupe key the user already has
  /// stores nothing (created empty): that is not an error.
  virtual Result<NotificationWrite> Add(const NewNotification& notification) = 0;
  /// Newest first, with id < before_id when given; at most `limit` (clamped to 1..100,
  /// kInvalidArgument below 1).
  virtual Result<NotificationPage> List(std::int64_t user_id, std::optional<std::int64_t> before_id,
                                        int limit) = 0;
  virtual Result<std::int64_t> UnreadCount(std::int64_t user_id) = 0;
  /// Marks the user's notifications read (those with id <= up_to_id when given, else all) and
  /// returns the unread count after it.
  virtual Result<std::int64_t> MarkRead(std::int64_t user_id, std::optional<std::int64_t> up_to_id,
                                        Timestamp at) = 0;
};

}  // namespace plaza
