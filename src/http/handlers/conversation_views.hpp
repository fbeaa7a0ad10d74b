#pragma once

// JSON shapes of comments, likes and notifications (DESIGN.md §6), for the API and the events.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "i18n/catalog.hpp"
#include "storage/comment_store.hpp"
#include "storage/like_store.hpp"
#include "storage/notification_store.hpp"
#include "translation/translation_view.hpp"

namespace plaza::http {

/// {"comment": {id, post_id, parent_id|null, author {handle, display_name}, body|null (deleted),
/// lang, status, pinned, created_at, counts {likes}}}
std::string CommentJson(const Comment& comment);
/// {"items": [comment...], "next_cursor": "..." | null}. With `translations` (one per item, in
/// order: ?lang= asked) each comment carries `translation` (CommentTranslationJson's object),
/// else `translation` is null.
std::string CommentListJson(
    const std::vector<Comment>& items, const std::string& next_cursor,
    const std::vector<translation::TextTranslationView>* translations = nullptr);
/// {"translation": {comment_id, status, from, to, engines, body}}: `body` the translated text
/// when ready, else null (docs/translation.md, "Comments").
std::string CommentTranslationJson(std::int64_t comment_id,
                                   const translation::TextTranslationView& view);
/// {"like": {"target": "post"|"comment", "id", "liked", "count"}}
std::string LikeJson(LikeTarget target, std::int64_t id, bool liked, std::int64_t count);
/// {"items": [notification...], "next_cursor", "unread"}
std::string NotificationListJson(const std::vector<Notification>& items,
                                 const std::string& next_cursor, std::int64_t unread,
                                 const Catalog& catalog);
/// {"unread": n}
std::string UnreadJson(std::int64_t unread);
/// The sentence a notification is shown with ("@bob commented on your post"), in the catalog's
/// language: `notifications.kind.<kind>`, else `notifications.kind.other`.
std::string NotificationText(const Catalog& catalog, const Notification& n);

// Event data (docs/events.md).
/// comment.created / comment.deleted: {post_id, comment, counts {comments}, display {comments}}
std::string CommentEventJson(const Comment& comment, std::int64_t post_comments,
                             const Catalog& catalog);
/// post.counts: {post_id, counts {<name>: n}, display {<name>: "n"}}
std::string PostCountsEventJson(std::int64_t post_id, const char* name, std::int64_t count,
                                const Catalog& catalog);
/// comment.translation for a subscriber whose target is the view's: {post_id, comment_id,
/// status, from, to, engines, body, body_html (escaped), lang, label ("Translated from …" when
/// ready, "Translation into … is not available" otherwise)}; `catalog` null (another target):
/// only {post_id, comment_id, to}.
std::string CommentTranslationEventJson(std::int64_t post_id, std::int64_t comment_id,
                                        const translation::TextTranslationView& view,
                                        const Catalog* catalog);
/// comment.likes: {post_id, comment_id, likes, display}
std::string CommentLikesEventJson(std::int64_t post_id, std::int64_t comment_id, std::int64_t likes,
                                  const Catalog& catalog);
/// notification.created / notification.read: {unread, notification?: {... , text}}
std::string NotificationEventJson(std::int64_t unread, const std::optional<Notification>& created,
                                  const Catalog& catalog);

}  // namespace plaza::http
