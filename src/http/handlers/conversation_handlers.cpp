// Comments, likes and notifications: parse → one service call → render.

#include "http/handlers/conversation_handlers.hpp"

#include <array>
#include <charconv>

#include "comments/form_token.hpp"
#include "http/handler.hpp"
#include "http/handlers/common.hpp"
#include "http/handlers/conversation_views.hpp"
#include "http/handlers/post_translation.hpp"
#include "http/json.hpp"
#include "http/router.hpp"
#include "web/html.hpp"
#include "web/pages.hpp"

namespace plaza::http {
namespace {

using Awaitable = boost::asio::awaitable<Response>;
using Services = ConversationServices;

constexpr std::array kCommentSpec = {
    JsonFieldSpec{"body", JsonType::kString, true},
    JsonFieldSpec{"parent_id", JsonType::kInt, false},
};
constexpr std::array kReadSpec = {
    JsonFieldSpec{"up_to_id", JsonType::kInt, false},
};
constexpr int kNotificationPage = 30;
/// Longest Idempotency-Key accepted.
constexpr std::size_t kMaxIdempotencyKey = 200;

std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

Result<std::int64_t> PathId(Request& request, const char* what) {
  if (auto id = ParseId(request.params["id"])) return *id;
  return Fail(Errc::kNotFound, std::string("no ") + what + " has that id");
}

Result<int> PageLimit(const Request& request, int fallback) {
  auto text = request.Query("limit");
  if (!text) return fallback;
  auto id = ParseId(*text);
  if (!id || *id > 100) {
    return std::unexpected(
        Error{Errc::kInvalidArgument, "limit must be 1 to 100", "limit", 100, std::nullopt});
  }
  return static_cast<int>(*id);
}

std::string Field(const std::map<std::string, std::string, std::less<>>& fields,
                  std::string_view name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

Response NoContent() {
  Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

std::string CommentAnchor(std::int64_t id) { return "#c-" + std::to_string(id); }

// The post page's path (canonical slug) for redirects after a form.
std::string PostPathOf(Deps& deps, std::int64_t post_id) {
  auto post = deps.store.posts().Get(post_id);
  return post ? web::PostPath(*post) : "/p/" + std::to_string(post_id);
}

// ---- JSON API ----

Awaitable ApiCreateComment(Request& request, Deps& deps, Services s) {
  auto id = PathId(request, "post");
  if (!id) co_return ErrorResponse(id.error());
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto fields = ParseJsonFields(request.body, kCommentSpec);
  if (!fields) co_return ErrorResponse(fields.error());
  comments::CommentInput input;
  input.body = std::string(fields->String("body").value_or(""));
  input.parent_id = fields->Int("parent_id").value_or(0);
  std::string_view key = request.Header("idempotency-key");
  if (key.size() > kMaxIdempotencyKey) {
    co_return ErrorResponse(Error{Errc::kInvalidArgument, "Idempotency-Key is too long",
                                  "Idempotency-Key", kMaxIdempotencyKey, std::nullopt});
  }
  if (!key.empty()) input.idempotency_key = "api:" + std::string(key);
  input.address = request.remote_address;
  const std::uint64_t event_id = deps.events.LastId();
  auto write = co_await RunBlocking(deps.render_pool,
                                    [&] { return s.comments.Create(viewer->user, *id, input); });
  if (!write) co_return ErrorResponse(write.error());
  Response response = JsonResponse(write->changed ? 201 : 200, CommentJson(write->comment));
  response.Header("Location", "/api/v1/comments/" + std::to_string(write->comment.id));
  response.Header("X-Plaza-Event-Id", std::to_string(event_id));
  co_return response;
}

Awaitable ApiListComments(Request& request, Deps& deps, Services s) {
  auto id = PathId(request, "post");
  if (!id) co_return ErrorResponse(id.error());
  auto limit = PageLimit(request, comments::kDefaultPageSize);
  if (!limit) co_return ErrorResponse(limit.error());
  std::string cursor = request.Query("cursor").value_or("");
  // ?lang=LOCALE adds each comment's translation for that reader (read only: asking is
  // POST /api/v1/comments/{id}/translation); an unknown value falls back like a page's locale.
  std::optional<std::string> locale;
  if (request.Query("lang")) {
    bool chose_new = false;
    locale = ResolveLocale(request, deps, &chose_new);
  }
  std::vector<translation::TextTranslationView> translations;
  auto page = co_await RunBlocking(deps.pool, [&]() -> Result<comments::Page> {
    auto listed = s.comments.List(*id, cursor, *limit);
    if (listed && locale) {
      translations = CommentTranslationsFor(deps, request, listed->items, *locale, 0);
    }
    return listed;
  });
  if (!page) co_return ErrorResponse(page.error());
  co_return JsonResponse(
      200, CommentListJson(page->items, page->next_cursor, locale ? &translations : nullptr));
}

// A reader asks for a comment's translation into their language (?lang=, else the cookie or
// Accept-Language): the answer is ready, pending (its job queued; comment.translation follows on
// post:<id>), original or unavailable. Anonymous readers may ask: it is limited per address.
Awaitable ApiTranslateComment(Request& request, Deps& deps, Services) {
  auto id = PathId(request, "comment");
  if (!id) co_return ErrorResponse(id.error());
  bool chose_new = false;
  const std::string locale = ResolveLocale(request, deps, &chose_new);
  auto view = co_await RunBlocking(
      deps.pool, [&] { return RequestCommentTranslation(deps, request, *id, locale); });
  if (!view) co_return ErrorResponse(view.error());
  co_return JsonResponse(200, CommentTranslationJson(*id, *view));
}

Awaitable ApiDeleteComment(Request& request, Deps& deps, Services s) {
  auto id = PathId(request, "comment");
  if (!id) co_return ErrorResponse(id.error());
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto done = co_await RunBlocking(deps.pool, [&] { return s.comments.Delete(viewer->user, *id); });
  if (!done) co_return ErrorResponse(done.error());
  co_return NoContent();
}

Awaitable ApiPin(Request& request, Deps& deps, Services s, bool pinned) {
  auto id = PathId(request, "comment");
  if (!id) co_return ErrorResponse(id.error());
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto comment =
      co_await RunBlocking(deps.pool, [&] { return s.comments.Pin(viewer->user, *id, pinned); });
  if (!comment) co_return ErrorResponse(comment.error());
  co_return JsonResponse(200, CommentJson(*comment));
}

Awaitable ApiLike(Request& request, Deps& deps, Services s, LikeTarget target, bool like) {
  auto id = PathId(request, target == LikeTarget::kPost ? "post" : "comment");
  if (!id) co_return ErrorResponse(id.error());
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto write = co_await RunBlocking(deps.pool, [&] {
    return s.comments.Like(viewer->user, target, *id, like, request.remote_address);
  });
  if (!write) co_return ErrorResponse(write.error());
  co_return JsonResponse(200, LikeJson(target, *id, like, write->likes));
}

Awaitable ApiNotifications(Request& request, Deps& deps, Services s) {
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto limit = PageLimit(request, kNotificationPage);
  if (!limit) co_return ErrorResponse(limit.error());
  std::string cursor = request.Query("cursor").value_or("");
  auto result =
      co_await RunBlocking(deps.pool, [&]() -> Result<std::pair<NotificationPage, std::int64_t>> {
        auto page = s.notifications.List(viewer->user, cursor, *limit);
        if (!page) return std::unexpected(page.error());
        auto unread = s.notifications.Unread(viewer->user);
        if (!unread) return std::unexpected(unread.error());
        return std::pair{std::move(*page), *unread};
      });
  if (!result) co_return ErrorResponse(result.error());
  bool chose_new = false;
  const Catalog& catalog = deps.catalogs.For(ResolveLocale(request, deps, &chose_new));
  co_return JsonResponse(200, NotificationListJson(result->first.items,
                                                   notifications::NotificationCursor(result->first),
                                                   result->second, catalog));
}

Awaitable ApiMarkRead(Request& request, Deps& deps, Services s) {
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  std::optional<std::int64_t> up_to;
  if (!request.body.empty()) {
    auto fields = ParseJsonFields(request.body, kReadSpec);
    if (!fields) co_return ErrorResponse(fields.error());
    up_to = fields->Int("up_to_id");
  }
  auto unread = co_await RunBlocking(deps.pool,
                                     [&] { return s.notifications.MarkRead(viewer->user, up_to); });
  if (!unread) co_return ErrorResponse(unread.error());
  co_return JsonResponse(200, UnreadJson(*unread));
}

// ---- Forms (work without script; the page's script posts the same forms) ----

// The signed-in viewer of a form post with a valid CSRF token, or the response to send.
struct FormViewer {
  std::optional<Viewer> viewer;
  std::map<std::string, std::string, std::less<>> fields;
  std::optional<Response> refused;
};

boost::asio::awaitable<FormViewer> ResolveForm(Request& request, Deps& deps) {
  FormViewer form;
  PageRequest page = co_await ResolvePageRequest(request, deps);
  if (!page.viewer) {
    form.refused = Redirect(303, "/login?next=" + web::UrlEncode(request.path));
    co_return form;
  }
  auto fields = request.FormFields();
  if (!fields) {
    form.refused = ErrorPageResponse(deps, page, request, 400);
    co_return form;
  }
  if (!FormCsrfValid(request, deps, page, Field(*fields, "csrf"))) {
    form.refused = ErrorPageResponse(deps, page, request, 403);
    co_return form;
  }
  form.viewer = std::move(page.viewer);
  form.fields = std::move(*fields);
  co_return form;
}

// Where a refused comment form goes back to: the post page, with the error's code for the
// composer to show, at the composer.
std::string ComposerError(const std::string& post_path, const Error& error) {
  std::string code = ErrcName(error.code);
  if (error.code == Errc::kInvalidArgument && error.field == "body") code = "empty";
  return post_path + "?comment_error=" + web::UrlEncode(code) + "#comment-form";
}

Awaitable CommentSubmit(Request& request, Deps& deps, Services s) {
  auto id = ParseId(request.params["id"]);
  FormViewer form = co_await ResolveForm(request, deps);
  if (form.refused) co_return std::move(*form.refused);
  if (!id) co_return Redirect(303, "/");
  comments::CommentInput input;
  input.body = Field(form.fields, "body");
  input.parent_id = ParseId(Field(form.fields, "parent_id")).value_or(0);
  auto key = comments::FormTokenKey(form.viewer->csrf, Field(form.fields, "token"));
  if (!key) {
    PageRequest page;
    page.locale = ResolveLocale(request, deps, &page.set_locale_cookie);
    page.viewer = form.viewer;
    co_return ErrorPageResponse(deps, page, request, 403);
  }
  input.idempotency_key = *key;
  input.address = request.remote_address;
  const User author = form.viewer->user;
  auto result = co_await RunBlocking(deps.render_pool, [&]() -> std::pair<std::string, bool> {
    auto write = s.comments.Create(author, *id, input);
    const std::string path = PostPathOf(deps, *id);
    if (!write) return {ComposerError(path, write.error()), false};
    return {path + CommentAnchor(write->comment.id), true};
  });
  co_return Redirect(303, result.first);
}

Awaitable CommentDeleteSubmit(Request& request, Deps& deps, Services s) {
  auto id = ParseId(request.params["id"]);
  FormViewer form = co_await ResolveForm(request, deps);
  if (form.refused) co_return std::move(*form.refused);
  if (!id) co_return Redirect(303, "/");
  const User actor = form.viewer->user;
  auto path = co_await RunBlocking(deps.pool, [&]() -> Result<std::string> {
    auto write = s.comments.Delete(actor, *id);
    if (!write) return std::unexpected(write.error());
    return PostPathOf(deps, write->comment.post_id) + CommentAnchor(write->comment.id);
  });
  if (!path) co_return ErrorResponse(path.error());
  co_return Redirect(303, *path);
}

Awaitable CommentPinSubmit(Request& request, Deps& deps, Services s) {
  auto id = ParseId(request.params["id"]);
  FormViewer form = co_await ResolveForm(request, deps);
  if (form.refused) co_return std::move(*form.refused);
  if (!id) co_return Redirect(303, "/");
  const User actor = form.viewer->user;
  const bool pinned = Field(form.fields, "pinned") != "0";
  auto path = co_await RunBlocking(deps.pool, [&]() -> Result<std::string> {
    auto comment = s.comments.Pin(actor, *id, pinned);
    if (!comment) return std::unexpected(comment.error());
    return PostPathOf(deps, comment->post_id) + CommentAnchor(comment->id);
  });
  if (!path) co_return ErrorResponse(path.error());
  co_return Redirect(303, *path);
}

Awaitable LikeSubmit(Request& request, Deps& deps, Services s, LikeTarget target) {
  auto id = ParseId(request.params["id"]);
  FormViewer form = co_await ResolveForm(request, deps);
  if (form.refused) co_return std::move(*form.refused);
  if (!id) co_return Redirect(303, "/");
  const User viewer = form.viewer->user;
  const bool like = Field(form.fields, "liked") != "1";  // the form toggles what it shows
  auto write = co_await RunBlocking(deps.pool, [&] {
    return s.comments.Like(viewer, target, *id, like, request.remote_address);
  });
  if (!write) co_return ErrorResponse(write.error());
  // A script posting the form gets the count; a plain form goes back to the post.
  if (request.Header("accept").find("application/json") != std::string_view::npos) {
    co_return JsonResponse(200, LikeJson(target, *id, like, write->likes));
  }
  const std::string anchor = target == LikeTarget::kPost ? "#action-bar" : CommentAnchor(*id);
  auto path = co_await RunBlocking(deps.pool, [&] { return PostPathOf(deps, write->post_id); });
  co_return Redirect(303, path + anchor);
}

Awaitable NotificationsPage(Request& request, Deps& deps, Services s) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  if (!page.viewer) {
    co_return Redirect(303, "/login?next=" + web::UrlEncode(request.target));
  }
  std::string cursor = request.Query("cursor").value_or("");
  const User user = page.viewer->user;
  auto list = co_await RunBlocking(
      deps.pool, [&] { return s.notifications.List(user, cursor, kNotificationPage); });
  if (!list) co_return ErrorPageResponse(deps, page, request, StatusFor(list.error().code));
  web::PageContext ctx = MakePageContext(deps, page, request);
  std::vector<web::NotificationItem> items;
  for (const Notification& n : list->items) {
    items.push_back(web::NotificationItem{n, NotificationText(ctx.catalog, n)});
  }
  co_return HtmlResponse(
      deps, page, 200,
      web::RenderNotifications(ctx, items, notifications::NotificationCursor(*list)));
}

Awaitable MarkReadSubmit(Request& request, Deps& deps, Services s) {
  FormViewer form = co_await ResolveForm(request, deps);
  if (form.refused) co_return std::move(*form.refused);
  const User user = form.viewer->user;
  const std::optional<std::int64_t> up_to = ParseId(Field(form.fields, "up_to_id"));
  auto unread =
      co_await RunBlocking(deps.pool, [&] { return s.notifications.MarkRead(user, up_to); });
  if (!unread) co_return ErrorResponse(unread.error());
  co_return Redirect(303, "/notifications");
}

}  // namespace

void AddConversationRoutes(Router& router, Deps& deps, ConversationServices services) {
  using Fn = Awaitable (*)(Request&, Deps&, Services);
  const auto add = [&](const char* method, const char* pattern, Fn fn) {
    router.Add(method, pattern,
               Handler([fn, &deps, services](Request& r) { return fn(r, deps, services); }));
  };
  const auto add_like = [&](const char* method, const char* pattern, LikeTarget target, bool like) {
    router.Add(method, pattern, Handler([&deps, services, target, like](Request& r) {
                 return ApiLike(r, deps, services, target, like);
               }));
  };
  add("POST", "/api/v1/posts/{id}/comments", &ApiCreateComment);
  add("GET", "/api/v1/posts/{id}/comments", &ApiListComments);
  add("DELETE", "/api/v1/comments/{id}", &ApiDeleteComment);
  add("POST", "/api/v1/comments/{id}/translation", &ApiTranslateComment);
  router.Add("POST", "/api/v1/comments/{id}/pin",
             Handler([&deps, services](Request& r) { return ApiPin(r, deps, services, true); }));
  router.Add("DELETE", "/api/v1/comments/{id}/pin",
             Handler([&deps, services](Request& r) { return ApiPin(r, deps, services, false); }));
  add_like("POST", "/api/v1/posts/{id}/like", LikeTarget::kPost, true);
  add_like("DELETE", "/api/v1/posts/{id}/like", LikeTarget::kPost, false);
  add_like("POST", "/api/v1/comments/{id}/like", LikeTarget::kComment, true);
  add_like("DELETE", "/api/v1/comments/{id}/like", LikeTarget::kComment, false);
  add("GET", "/api/v1/notifications", &ApiNotifications);
  add("POST", "/api/v1/notifications/read", &ApiMarkRead);
  // Forms.
  add("POST", "/p/{id}/comments", &CommentSubmit);
  add("POST", "/c/{id}/delete", &CommentDeleteSubmit);
  add("POST", "/c/{id}/pin", &CommentPinSubmit);
  router.Add("POST", "/p/{id}/like", Handler([&deps, services](Request& r) {
               return LikeSubmit(r, deps, services, LikeTarget::kPost);
             }));
  router.Add("POST", "/c/{id}/like", Handler([&deps, services](Request& r) {
               return LikeSubmit(r, deps, services, LikeTarget::kComment);
             }));
  add("GET", "/notifications", &NotificationsPage);
  add("POST", "/notifications/read", &MarkReadSubmit);
}

}  // namespace plaza::http
