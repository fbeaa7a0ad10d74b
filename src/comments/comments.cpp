#include "comments/comments.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "posts/lang_detect.hpp"
#include "posts/permissions.hpp"
#include "text/text.hpp"

namespace plaza::comments {
namespace {

bool IsHandleChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsAllowedControl(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = text::NextCodePoint(s, i);
    if (cp == '\n' || cp == '\r' || cp == '\t') continue;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
  }
  return true;
}

// The body as stored, or why it is refused.
Result<std::string> CheckBody(std::string_view body) {
  if (!text::IsValidUtf8(body))
    return Fail(Errc::kInvalidArgument, "body is not valid UTF-8", "body");
  // Limits are counted on the text as sent: the composer counts what the reader typed.
  if (auto s = text::CheckTextLimit(body, text::kCommentLimit, "body", "comment"); !s) {
    return std::unexpected(s.error());
  }
  if (!IsAllowedControl(body)) {
    return Fail(Errc::kInvalidArgument, "body holds control characters", "body");
  }
  if (!text::HasVisibleChar(body)) {
    return Fail(Errc::kInvalidArgument, "body is empty", "body");
  }
  auto nfc = text::ToNfc(body);
  if (!nfc) return std::unexpected(nfc.error());
  return std::string(text::TrimSpace(*nfc));
}

Result<Post> LivePost(Store& store, std::int64_t post_id) {
  auto post = store.posts().Get(post_id);
  if (!post) {
    if (post.error().code == Errc::kNotFound) return Fail(Errc::kNotFound, "no post has that id");
    return std::unexpected(post.error());
  }
  if (post->status != PostStatus::kLive) return Fail(Errc::kGone, "the post was deleted");
  return post;
}

// One page of a post's comments from `cursor` ("" = the first), with the cursor of the next.
Result<Page> ReadPage(Store& store, std::int64_t post_id, const std::string& cursor, int limit) {
  std::optional<CommentCursor> after;
  if (!cursor.empty()) {
    auto decoded = DecodeCursor(cursor);
    if (!decoded) return std::unexpected(decoded.error());
    after = *decoded;
  }
  auto page = store.comments().List(post_id, after, limit);
  if (!page) return std::unexpected(page.error());
  return Page{std::move(page->items), page->next ? EncodeCursor(*page->next) : std::string()};
}

}  // namespace

Comments::Comments(Store& store, const Clock& clock, notifications::Notifications& notifications,
                   Throttles throttles, std::function<void(const Change&)> on_change)
    : store_(store),
      clock_(clock),
      notifications_(notifications),
      throttles_(throttles),
      on_change_(std::move(on_change)) {}

Status Comments::Throttle(RateLimiter& per_user, const User& user, std::string_view address) {
  if (auto s = per_user.Hit(std::to_string(user.id)); !s) return s;
  if (address.empty()) return {};
  return throttles_.writes_per_address.Hit(address);
}

void Comments::Changed(const Change& change) {
  if (on_change_) on_change_(change);
}

Result<CommentWrite> Comments::Create(const User& author, std::int64_t post_id,
                                      const CommentInput& input) {
  auto body = CheckBody(input.body);
  if (!body) return std::unexpected(body.error());
  if (input.parent_id < 0) return Fail(Errc::kNotFound, "no comment has that id", "parent_id");
  auto post = LivePost(store_, post_id);
  if (!post) return std::unexpected(post.error());
  if (auto s = Throttle(throttles_.comments_per_user, author, input.address); !s) {
    return std::unexpected(s.error());
  }
  NewComment comment;
  comment.post_id = post_id;
  comment.parent_id = input.parent_id;
  comment.author_id = author.id;
  comment.lang = DetectContentLangOfText("", *body);
  comment.body = std::move(*body);
  comment.idempotency_key = input.idempotency_key;
  comment.created_at = clock_.Now();
  auto write = store_.comments().Create(comment);
  if (!write) return std::unexpected(write.error());
  if (write->changed) {
    NotifyCreated(author, *post, write->comment);
    Changed(Change{Change::Kind::kCommentCreated, post_id, write->comment, write->post_comments});
  }
  return write;
}

void Comments::NotifyCreated(const User& author, const Post& post, const Comment& comment) {
  // Notifications are told after the comment is stored; one that fails (a user deleted
  // meanwhile) does not undo the comment.
  const notifications::Subject subject{post.id, comment.id, comment.body, ""};
  std::vector<std::int64_t> told{author.id};
  if (comment.parent_id != 0) {
    auto parent = store_.comments().Get(comment.parent_id);
    if (parent && parent->author_id != author.id) {
      (void)notifications_.Notify(parent->author_id, "reply", author.id, subject);
      told.push_back(parent->author_id);
    }
  }
  if (std::find(told.begin(), told.end(), post.author_id) == told.end()) {
    (void)notifications_.Notify(post.author_id, "comment", author.id, subject);
    told.push_back(post.author_id);
  }
  for (const std::string& handle : Mentions(comment.body)) {
    auto user = store_.users().FindByHandle(handle);
    if (!user || std::find(told.begin(), told.end(), user->id) != told.end()) continue;
    (void)notifications_.Notify(user->id, "mention", author.id, subject);
    told.push_back(user->id);
  }
}

Result<Page> Comments::List(std::int64_t post_id, const std::string& cursor, int limit) {
  auto post = LivePost(store_, post_id);
  if (!post) return std::unexpected(post.error());
  return ReadPage(store_, post_id, cursor, limit);
}

Result<CommentWrite> Comments::Delete(const User& actor, std::int64_t comment_id) {
  auto comment = store_.comments().Get(comment_id);
  if (!comment) return std::unexpected(comment.error());
  auto post = store_.posts().Get(comment->post_id);
  if (!post) return std::unexpected(post.error());
  if (actor.id != comment->author_id && !MayManagePost(actor, *post)) {
    return Fail(Errc::kForbidden,
                "only the comment's author, the post's author or an admin may "
                "delete a comment");
  }
  if (post->status != PostStatus::kLive) return Fail(Errc::kGone, "the post was deleted");
  auto write = store_.comments().Delete(comment_id, clock_.Now());
  if (!write) return std::unexpected(write.error());
  if (write->changed) {
    Changed(Change{Change::Kind::kCommentDeleted, post->id, write->comment, write->post_comments});
  }
  return write;
}

Result<Comment> Comments::Pin(const User& actor, std::int64_t comment_id, bool pinned) {
  auto comment = store_.comments().Get(comment_id);
  if (!comment) return std::unexpected(comment.error());
  auto post = store_.posts().Get(comment->post_id);
  if (!post) return std::unexpected(post.error());
  if (!MayManagePost(actor, *post)) {
    return Fail(Errc::kForbidden, "only the post's author may pin a comment");
  }
  if (post->status != PostStatus::kLive) return Fail(Errc::kGone, "the post was deleted");
  auto stored = store_.comments().SetPinned(comment_id, pinned, clock_.Now());
  if (!stored) return std::unexpected(stored.error());
  if (stored->pinned != comment->pinned) {
    Changed(Change{Change::Kind::kCommentPinned, post->id, *stored, post->counts.comments});
  }
  return stored;
}

Result<LikeWrite> Comments::Like(const User& viewer, LikeTarget target, std::int64_t id, bool like,
                                 std::string_view address) {
  if (auto s = Throttle(throttles_.likes_per_user, viewer, address); !s) {
    return std::unexpected(s.error());
  }
  auto write = like ? store_.likes().Like(target, id, viewer.id, clock_.Now())
                    : store_.likes().Unlike(target, id, viewer.id);
  if (!write) return std::unexpected(write.error());
  if (!write->changed) return write;
  const bool on_post = target == LikeTarget::kPost;
  if (like) {
    notifications::Subject subject;
    subject.post_id = write->post_id;
    subject.comment_id = on_post ? 0 : id;
    subject.dedupe_key = std::string("like:") + (on_post ? "post:" : "comment:") +
                         std::to_string(id) + ":" + std::to_string(viewer.id);
    if (!on_post) {
      if (auto comment = store_.comments().Get(id)) subject.text = comment->body;
    }
    (void)notifications_.Notify(write->owner_id, "like", viewer.id, std::move(subject));
  }
  Change change{on_post ? Change::Kind::kPostLikes : Change::Kind::kCommentLikes, write->post_id,
                std::nullopt, write->likes};
  if (!on_post) {
    Comment liked;
    liked.id = id;
    liked.post_id = write->post_id;
    liked.likes = write->likes;
    change.comment = std::move(liked);
  }
  Changed(change);
  return write;
}

std::string EncodeCursor(const CommentCursor& cursor) {
  return std::to_string(cursor.thread_id) + "." + std::to_string(cursor.id);
}

Result<CommentCursor> DecodeCursor(const std::string& text) {
  const auto bad = [] { return Fail(Errc::kInvalidArgument, "malformed cursor", "cursor"); };
  const std::size_t dot = text.find('.');
  if (dot == std::string::npos) return bad();
  CommentCursor cursor;
  const char* begin = text.data();
  const char* mid = begin + dot;
  const char* end = begin + text.size();
  auto [p1, e1] = std::from_chars(begin, mid, cursor.thread_id);
  auto [p2, e2] = std::from_chars(mid + 1, end, cursor.id);
  if (e1 != std::errc() || p1 != mid || e2 != std::errc() || p2 != end || cursor.thread_id <= 0 ||
      cursor.id <= 0) {
    return bad();
  }
  return cursor;
}

Result<PageThread> ReadForPage(Store& store, std::int64_t post_id, const std::string& cursor,
                               std::optional<std::int64_t> viewer_id, int limit) {
  auto page = ReadPage(store, post_id, cursor, limit);
  if (!page) return std::unexpected(page.error());
  PageThread thread;
  if (viewer_id) {
    std::vector<std::int64_t> ids;
    ids.reserve(page->items.size());
    for (const Comment& c : page->items) ids.push_back(c.id);
    if (!ids.empty()) {
      auto liked = store.likes().LikedAmong(LikeTarget::kComment, *viewer_id, ids);
      if (!liked) return std::unexpected(liked.error());
      thread.liked_comments = std::move(*liked);
    }
    auto post_liked = store.likes().LikedAmong(LikeTarget::kPost, *viewer_id, {post_id});
    if (!post_liked) return std::unexpected(post_liked.error());
    thread.post_liked = !post_liked->empty();
  }
  thread.comments = std::move(*page);
  return thread;
}

std::vector<std::string> Mentions(std::string_view body) {
  std::vector<std::string> handles;
  for (std::size_t i = 0; i < body.size() && handles.size() < kMaxMentions; ++i) {
    if (body[i] != '@' || (i > 0 && IsHandleChar(body[i - 1]))) continue;
    std::size_t end = i + 1;
    while (end < body.size() && IsHandleChar(body[end])) ++end;
    const std::size_t len = end - i - 1;
    if (len >= 3 && len <= 30) {
      std::string handle(body.substr(i + 1, len));
      for (char& c : handle) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      if (std::find(handles.begin(), handles.end(), handle) == handles.end()) {
        handles.push_back(std::move(handle));
      }
    }
    i = end - 1;
  }
  return handles;
}

}  // namespace plaza::comments
