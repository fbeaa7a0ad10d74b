#include "notifications/notifications.hpp"

#include <charconv>
#include <utility>

#include "text/text.hpp"

namespace plaza::notifications {
namespace {

Result<std::optional<std::int64_t>> ParseCursor(const std::string& cursor) {
  if (cursor.empty()) return std::optional<std::int64_t>();
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), id);
  if (ec != std::errc() || end != cursor.data() + cursor.size() || id <= 0) {
    return Fail(Errc::kInvalidArgument, "malformed cursor", "cursor");
  }
  return std::optional<std::int64_t>(id);
}

// The first kMaxTextGraphemes clusters of `text` (valid UTF-8), with "…" when cut.
std::string Excerpt(std::string_view text) {
  text = text::TrimSpace(text);
  if (text::CountGraphemes(text) <= kMaxTextGraphemes) return std::string(text);
  // Cut on a code point boundary first, then shrink until the clusters fit.
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t start = i;
    text::NextCodePoint(text, i);
    out.append(text.substr(start, i - start));
    if (text::CountGraphemes(out) > kMaxTextGraphemes) {
      out.resize(out.size() - (i - start));
      break;
    }
  }
  return out + "…";
}

}  // namespace

Notifications::Notifications(Store& store, const Clock& clock,
                             std::function<void(const Change&)> on_change)
    : store_(store), clock_(clock), on_change_(std::move(on_change)) {}

std::optional<NewNotification> Notifications::Draft(std::int64_t user_id, std::string_view kind,
                                                    std::int64_t actor_id, Subject subject) const {
  if (user_id == actor_id) return std::nullopt;
  NewNotification n;
  n.user_id = user_id;
  n.kind = std::string(kind);
  n.actor_id = actor_id;
  n.post_id = subject.post_id;
  n.comment_id = subject.comment_id;
  n.text = Excerpt(subject.text);
  n.dedupe_key = std::move(subject.dedupe_key);
  n.created_at = clock_.Now();
  return n;
}

void Notifications::Announce(const std::string& handle, const NotificationWrite& write) const {
  if (write.created && on_change_) on_change_(Change{handle, write.unread, write.created});
}

Result<std::optional<Notification>> Notifications::Notify(std::int64_t user_id,
                                                          std::string_view kind,
                                                          std::int64_t actor_id, Subject subject) {
  auto draft = Draft(user_id, kind, actor_id, std::move(subject));
  if (!draft) return std::optional<Notification>();
  auto user = store_.users().FindById(user_id);
  if (!user) return Fail(Errc::kNotFound, "user not found", "user_id");
  auto write = store_.notifications().Add(*draft);
  if (!write) return std::unexpected(write.error());
  Announce(user->handle, *write);
  return std::move(write->created);
}

Result<NotificationPage> Notifications::List(const User& user, const std::string& cursor,
                                             int limit) {
  auto before = ParseCursor(cursor);
  if (!before) return std::unexpected(before.error());
  return store_.notifications().List(user.id, *before, limit);
}

Result<std::int64_t> Notifications::Unread(const User& user) {
  return store_.notifications().UnreadCount(user.id);
}

Result<std::int64_t> Notifications::MarkRead(const User& user,
                                             std::optional<std::int64_t> up_to_id) {
  auto unread = store_.notifications().MarkRead(user.id, up_to_id, clock_.Now());
  if (!unread) return std::unexpected(unread.error());
  if (on_change_) on_change_(Change{user.handle, *unread, std::nullopt});
  return *unread;
}

std::string NotificationCursor(const NotificationPage& page) {
  return page.next_before_id ? std::to_string(*page.next_before_id) : std::string();
}

}  // namespace plaza::notifications
