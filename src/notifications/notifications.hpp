#pragma once

// Notifications: what a user is told about (a comment on their post, a reply, a like, an
// @mention; reposts, quotes, follows and tips come from the modules that own them). Plain
// synchronous C++; the server's wiring publishes each change on the user's private topic.
//
// Adding a kind (another module): build the service with notifications::ForModule(context)
// (src/notifications/module.hpp), call Notify(user_id, "repost", actor_id, {post_id, ...}), and
// add the sentence shown for it as `notifications.kind.<kind>` to the catalog fragments (see
// docs/conversation.md); a kind without one is shown with `notifications.kind.other`.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/store.hpp"

namespace plaza::notifications {

/// What a notification is about, beside its kind and actor.
struct Subject {
  std::int64_t post_id = 0;     // 0 = none
  std::int64_t comment_id = 0;  // 0 = none
  std::string text;             // a short excerpt, cut to kMaxTextGraphemes
  /// "" = none. One notification per (user, key): a like undone and done again notifies once.
  std::string dedupe_key;
};

/// Excerpts longer than this many grapheme clusters are cut (with "…").
inline constexpr std::size_t kMaxTextGraphemes = 140;

/// A change of a user's notifications, for the live badge: the recipient's handle, their unread
/// count after it, and the notification created (none when some were marked read).
struct Change {
  std::string handle;
  std::int64_t unread = 0;
  std::optional<Notification> created;
};

class Notifications {
 public:
  /// `on_change` runs after each notification stored and each mark-read (the server publishes
  /// notification.created / notification.read on `user:<handle>`).
  Notifications(Store& store, const Clock& clock,
                std::function<void(const Change&)> on_change = {});

  /// Tells `user_id` that `actor_id` did `kind` (non-empty, e.g. "comment", "reply", "like",
  /// "mention", "repost", "quote", "follow", "tip"). Nothing (nullopt) when the actor is the
  /// user, or the subject's dedupe key was used before. kNotFound (field "user_id") for an
  /// unknown user or actor.
  Result<std::optional<Notification>> Notify(std::int64_t user_id, std::string_view kind,
                                             std::int64_t actor_id, Subject subject = {});
  /// The notification Notify() would store, for a write that stores it in a transaction of its
  /// own (a tip's: LedgerStore::PostTip); nullopt when the actor is the user. The user is not
  /// looked up: storing it fails (kNotFound) for an unknown one.
  std::optional<NewNotification> Draft(std::int64_t user_id, std::string_view kind,
                                       std::int64_t actor_id, Subject subject = {}) const;
  /// Tells `handle`'s live badge about a notification stored by such a write, as Notify() does
  /// for its own (nothing when the write created none).
  void Announce(const std::string& handle, const NotificationWrite& write) const;
  /// The user's notifications, newest first; `cursor` is a next_cursor of a previous page (""
  /// = first). kInvalidArgument for a malformed cursor; limit clamped to 1..100.
  Result<NotificationPage> List(const User& user, const std::string& cursor, int limit);
  Result<std::int64_t> Unread(const User& user);
  /// Marks the user's notifications up to `up_to_id` (all when absent) read; the unread count
  /// after it.
  Result<std::int64_t> MarkRead(const User& user, std::optional<std::int64_t> up_to_id);

 private:
  Store& store_;
  const Clock& clock_;
  std::function<void(const Change&)> on_change_;
};

/// The cursor of NotificationPage::next_before_id ("" when none).
std::string NotificationCursor(const NotificationPage& page);

}  // namespace plaza::notifications
