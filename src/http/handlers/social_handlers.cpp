// Reposts, shares, pins, follows and feeds: parse → one service call → render, for the JSON API
// and for the forms that do the same without script.

#include "http/handlers/social_handlers.hpp"

#include <array>
#include <charconv>

#include "http/handler.hpp"
#include "http/handlers/chip_views.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/social_views.hpp"
#include "http/json.hpp"
#include "http/router.hpp"
#include "social/social.hpp"
#include "web/html.hpp"

namespace plaza::http {
namespace {

constexpr int kPageSize = 20;

std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

Result<std::int64_t> PathPostId(const Request& request) {
  auto it = request.params.find("id");
  if (it != request.params.end()) {
    if (auto id = ParseId(it->second)) return *id;
  }
  return Fail(Errc::kNotFound, "no post has that id");
}

const std::string& PathHandle(const Request& request) {
  static const std::string kNone;
  auto it = request.params.find("handle");
  return it == request.params.end() ? kNone : it->second;
}

// ?limit= of a list: 1..100 (kInvalidArgument naming "limit"), 20 when absent.
Result<int> PageLimit(const Request& request) {
  auto text = request.Query("limit");
  if (!text) return kPageSize;
  int limit = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc() || p != text->data() + text->size() || limit < 1 || limit > 100) {
    return std::unexpected(
        Error{Errc::kInvalidArgument, "limit must be 1 to 100", "limit", 100, std::nullopt});
  }
  return limit;
}

constexpr std::array kRepostSpec = {JsonFieldSpec{"quote", JsonType::kString, false}};

// A repost's body is optional: no body (or an empty one) is a plain repost.
Result<std::optional<std::string>> RepostQuote(const Request& request) {
  if (request.body.empty()) return std::optional<std::string>();
  auto fields = ParseJsonFields(request.body, kRepostSpec);
  if (!fields) return std::unexpected(fields.error());
  auto quote = fields->String("quote");
  if (!quote) return std::optional<std::string>();
  return std::optional<std::string>(std::string(*quote));
}

Result<User> FindUser(Deps& deps, const std::string& handle) {
  return deps.accounts.FindByHandle(handle);
}

using ApiFn = Awaitable (*)(Request&, Deps&, social::Social&);

// --- JSON API --------------------------------------------------------------------------------

Awaitable ApiRepost(Request& request, Deps& deps, social::Social& social) {
  auto id = PathPostId(request);
  if (!id) co_return ErrorResponse(id.error());
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto quote = RepostQuote(request);
  if (!quote) co_return ErrorResponse(quote.error());
  const User actor = viewer->user;
  auto write = co_await RunBlocking(
      deps.pool, [&] { return social.Repost(actor, *id, *quote, request.remote_address); });
  if (!write) co_return ErrorResponse(write.error());
  auto state = co_await RunBlocking(deps.pool,
                                    [&] { return deps.store.social().ViewerState(actor.id, *id); });
  if (!state) co_return ErrorResponse(state.error());
  co_return JsonResponse(write->changed ? 201 : 200,
                         RepostJson(*id, true, state->quote, write->counts));
}

Awaitable ApiUnrepost(Request& request, Deps& deps, social::Social& social) {
  auto id = PathPostId(request);
  if (!id) co_return ErrorResponse(id.error());
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  const User actor = viewer->user;
  auto write = co_await RunBlocking(
      deps.pool, [&] { return social.Unrepost(actor, *id, request.remote_address); });
  if (!write) co_return ErrorResponse(write.error());
  co_return JsonResponse(200, RepostJson(*id, false, "", write->counts));
}

Awaitable ApiShare(Request& request, Deps& deps, social::Social& social) {
  auto id = PathPostId(request);
  if (!id) co_return ErrorResponse(id.error());
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  const User actor = viewer->user;
  auto write = co_await RunBlocking(
      deps.pool, [&] { return social.Share(actor, *id, request.remote_address); });
  if (!write) co_return ErrorResponse(write.error());
  co_return JsonResponse(write->changed ? 201 : 200, ShareJson(*id, write->changed, write->counts));
}

// A pin changes its author's profile: its cached pages go (a pin is rare, unlike a count).
void DropProfile(Deps& deps, std::int64_t author_id) {
  deps.cache.Drop({AuthorListTag(author_id)});
}

Awaitable ApiPin(Request& request, Deps& deps, social::Social& social) {
  auto id = PathPostId(request);
  if (!id) co_return ErrorResponse(id.error());
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  const User actor = viewer->user;
  auto pinned = co_await RunBlocking(
      deps.pool, [&] { return social.Pin(actor, *id, request.remote_address); });
  if (!pinned) co_return ErrorResponse(pinned.error());
  if (*pinned) DropProfile(deps, actor.id);
  co_return JsonResponse(*pinned ? 201 : 200, PinJson(*id, true, *pinned));
}

Awaitable ApiUnpin(Request& request, Deps& deps, social::Social& social) {
  auto id = PathPostId(request);
  if (!id) co_return ErrorResponse(id.error());
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  const User actor = viewer->user;
  auto unpinned = co_await RunBlocking(
      deps.pool, [&] { return social.Unpin(actor, *id, request.remote_address); });
  if (!unpinned) co_return ErrorResponse(unpinned.error());
  if (*unpinned) DropProfile(deps, actor.id);
  co_return JsonResponse(200, PinJson(*id, false, *unpinned));
}

Awaitable ApiFollow(Request& request, Deps& deps, social::Social& social) {
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  const User actor = viewer->user;
  const std::string handle = PathHandle(request);
  auto followee = co_await RunBlocking(
      deps.pool, [&] { return social.Follow(actor, handle, request.remote_address); });
  if (!followee) co_return ErrorResponse(followee.error());
  co_return JsonResponse(200, FollowJson(*followee, true));
}

Awaitable ApiUnfollow(Request& request, Deps& deps, social::Social& social) {
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  const User actor = viewer->user;
  const std::string handle = PathHandle(request);
  auto followee = co_await RunBlocking(
      deps.pool, [&] { return social.Unfollow(actor, handle, request.remote_address); });
  if (!followee) co_return ErrorResponse(followee.error());
  co_return JsonResponse(200, FollowJson(*followee, false));
}

std::vector<FeedItem> PostItems(std::vector<PostCard> cards) {
  std::vector<FeedItem> items;
  items.reserve(cards.size());
  for (auto& card : cards) items.push_back(FeedItem{std::move(card), std::nullopt});
  return items;
}

Awaitable ApiFeed(Request& request, Deps& deps, social::Social& /*social*/) {
  auto limit = PageLimit(request);
  if (!limit) co_return ErrorResponse(limit.error());
  const std::string cursor = request.Query("cursor").value_or("");
  const std::string feed = request.params["feed"];
  if (feed == "latest") {
    auto page =
        co_await RunBlocking(deps.pool, [&] { return deps.posts.LatestCards(cursor, *limit); });
    if (!page) co_return ErrorResponse(page.error());
    co_return JsonResponse(
        200, FeedJson(PostItems(std::move(page->items)), page->next_cursor, deps.site.base_url));
  }
  if (feed != "following") {
    co_return ErrorResponse(
        Error{Errc::kNotFound, "feeds are latest and following", "feed", {}, {}});
  }
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  const std::int64_t reader = viewer->user.id;
  auto page = co_await RunBlocking(
      deps.pool, [&] { return social::FollowingFeed(deps.store, reader, cursor, *limit); });
  if (!page) co_return ErrorResponse(page.error());
  co_return JsonResponse(200, FeedJson(page->items, page->next_cursor, deps.site.base_url));
}

Awaitable ApiUserPosts(Request& request, Deps& deps, social::Social& /*social*/) {
  auto limit = PageLimit(request);
  if (!limit) co_return ErrorResponse(limit.error());
  const std::string cursor = request.Query("cursor").value_or("");
  const std::string handle = PathHandle(request);
  struct Read {
    CardPage posts;
    std::vector<PostCard> pinned;
  };
  auto read = co_await RunBlocking(deps.pool, [&]() -> Result<Read> {
    auto user = FindUser(deps, handle);
    if (!user) return std::unexpected(user.error());
    auto posts = deps.posts.CardsByAuthor(user->id, cursor, *limit);
    if (!posts) return std::unexpected(posts.error());
    Read result{std::move(*posts), {}};
    if (cursor.empty()) {
      auto pinned = deps.store.social().PinnedCards(user->id);
      if (!pinned) return std::unexpected(pinned.error());
      result.pinned = std::move(*pinned);
    }
    return result;
  });
  if (!read) co_return ErrorResponse(read.error());
  co_return JsonResponse(200, FeedJson(PostItems(std::move(read->posts.items)),
                                       read->posts.next_cursor, deps.site.base_url, &read->pinned));
}

// GET /api/v1/users/{handle}/followers and /following.
Awaitable PeopleApi(Request& request, Deps& deps, web::PeopleList list) {
  auto limit = PageLimit(request);
  if (!limit) co_return ErrorResponse(limit.error());
  const std::string cursor = request.Query("cursor").value_or("");
  const std::string handle = PathHandle(request);
  auto page = co_await RunBlocking(deps.pool, [&]() -> Result<social::PeoplePage> {
    auto user = FindUser(deps, handle);
    if (!user) return std::unexpected(user.error());
    return list == web::PeopleList::kFollowers
               ? social::Followers(deps.store, user->id, cursor, *limit)
               : social::Following(deps.store, user->id, cursor, *limit);
  });
  if (!page) co_return ErrorResponse(page.error());
  co_return JsonResponse(200, PeopleJson(page->items, page->next_cursor));
}

Awaitable ApiFollowers(Request& request, Deps& deps, social::Social& /*social*/) {
  return PeopleApi(request, deps, web::PeopleList::kFollowers);
}

Awaitable ApiFollowing(Request& request, Deps& deps, social::Social& /*social*/) {
  return PeopleApi(request, deps, web::PeopleList::kFollowing);
}

// --- Forms and pages ---------------------------------------------------------------------------

Response LoginRedirect(const Request& request) {
  std::string back = request.Header("referer").empty() ? "/" : std::string(request.path);
  return Redirect(303, "/login?next=" + web::UrlEncode(IsLocalPath(back) ? back : "/"));
}

// A form write: signed in, the CSRF token right; then `write` (on the worker pool) and a 303 to
// `back`, or the error page of its status.
template <typename Write>
Awaitable FormWrite(Request& request, Deps& deps, std::string back, Write write) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  if (!page.viewer) co_return LoginRedirect(request);
  auto fields = request.FormFields();
  if (!fields) co_return ErrorPageResponse(deps, page, request, 400);
  auto csrf = fields->find("csrf");
  if (!FormCsrfValid(request, deps, page, csrf == fields->end() ? "" : csrf->second)) {
    co_return ErrorPageResponse(deps, page, request, 403);
  }
  const User actor = page.viewer->user;
  auto done = co_await RunBlocking(deps.pool, [&] { return write(actor, *fields); });
  if (!done) {
    Response refused = ErrorPageResponse(deps, page, request, StatusFor(done.error().code));
    if (done.error().retry_after_s) {
      refused.Header("Retry-After", std::to_string(*done.error().retry_after_s));
    }
    co_return refused;
  }
  // The page script counts a share with fetch(): it needs no page back.
  if (request.Header("x-plaza-fetch") == "1") {
    Response response;
    response.status = 204;
    response.content_type.clear();
    co_return response;
  }
  co_return Redirect(303, back);
}

using FormFieldsMap = std::map<std::string, std::string, std::less<>>;

std::string PostBack(std::int64_t id) { return "/p/" + std::to_string(id); }

Awaitable FormRepost(Request& request, Deps& deps, social::Social& social) {
  auto id = PathPostId(request);
  if (!id) co_return ErrorResponse(id.error());
  co_return co_await FormWrite(request, deps, PostBack(*id),
                               [&](const User& actor, const FormFieldsMap& fields) {
                                 auto quote = fields.find("quote");
                                 std::optional<std::string> text;
                                 if (quote != fields.end()) text = quote->second;
                                 return social.Repost(actor, *id, text, request.remote_address);
                               });
}

Awaitable FormUnrepost(Request& request, Deps& deps, social::Social& social) {
  auto id = PathPostId(request);
  if (!id) co_return ErrorResponse(id.error());
  co_return co_await FormWrite(request, deps, PostBack(*id),
                               [&](const User& actor, const FormFieldsMap&) {
                                 return social.Unrepost(actor, *id, request.remote_address);
                               });
}

Awaitable FormShare(Request& request, Deps& deps, social::Social& social) {
  auto id = PathPostId(request);
  if (!id) co_return ErrorResponse(id.error());
  co_return co_await FormWrite(request, deps, PostBack(*id),
                               [&](const User& actor, const FormFieldsMap&) {
                                 return social.Share(actor, *id, request.remote_address);
                               });
}

Awaitable FormPin(Request& request, Deps& deps, social::Social& social) {
  auto id = PathPostId(request);
  if (!id) co_return ErrorResponse(id.error());
  co_return co_await FormWrite(request, deps, PostBack(*id),
                               [&](const User& actor, const FormFieldsMap&) -> Result<bool> {
                                 auto pinned = social.Pin(actor, *id, request.remote_address);
                                 if (pinned && *pinned) DropProfile(deps, actor.id);
                                 return pinned;
                               });
}

Awaitable FormUnpin(Request& request, Deps& deps, social::Social& social) {
  auto id = PathPostId(request);
  if (!id) co_return ErrorResponse(id.error());
  co_return co_await FormWrite(request, deps, PostBack(*id),
                               [&](const User& actor, const FormFieldsMap&) -> Result<bool> {
                                 auto unpinned = social.Unpin(actor, *id, request.remote_address);
                                 if (unpinned && *unpinned) DropProfile(deps, actor.id);
                                 return unpinned;
                               });
}

Awaitable FormFollow(Request& request, Deps& deps, social::Social& social) {
  const std::string handle = PathHandle(request);
  co_return co_await FormWrite(request, deps, "/u/" + web::UrlEncode(handle),
                               [&](const User& actor, const FormFieldsMap&) {
                                 return social.Follow(actor, handle, request.remote_address);
                               });
}

Awaitable FormUnfollow(Request& request, Deps& deps, social::Social& social) {
  const std::string handle = PathHandle(request);
  co_return co_await FormWrite(request, deps, "/u/" + web::UrlEncode(handle),
                               [&](const User& actor, const FormFieldsMap&) {
                                 return social.Unfollow(actor, handle, request.remote_address);
                               });
}

// /u/{handle}/followers and /following: never cached (short lists, read rarely).
Awaitable PeoplePage(Request& request, Deps& deps, web::PeopleList list) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  const std::string handle = PathHandle(request);
  const std::string cursor = request.Query("cursor").value_or("");
  std::optional<std::int64_t> viewer_id;
  if (page.viewer) viewer_id = page.viewer->user.id;
  struct Read {
    User user;
    social::PeoplePage people;
    social::ProfileSocial profile;
  };
  auto read = co_await RunBlocking(deps.pool, [&]() -> Result<Read> {
    auto user = FindUser(deps, handle);
    if (!user) return std::unexpected(user.error());
    auto people = list == web::PeopleList::kFollowers
                      ? social::Followers(deps.store, user->id, cursor, kPageSize)
                      : social::Following(deps.store, user->id, cursor, kPageSize);
    if (!people) return std::unexpected(people.error());
    auto profile = social::ProfileOf(deps.store, user->id, viewer_id);
    if (!profile) return std::unexpected(profile.error());
    return Read{std::move(*user), std::move(*people), std::move(*profile)};
  });
  if (!read) co_return ErrorPageResponse(deps, page, request, StatusFor(read.error().code));
  web::ProfileSocialView view{read->profile.counts, {}, read->profile.viewer_follows};
  co_return HtmlResponse(deps, page, 200,
                         web::RenderPeople(MakePageContext(deps, page, request), read->user, list,
                                           read->people.items, read->people.next_cursor, view));
}

Awaitable FollowersPage(Request& request, Deps& deps, social::Social& /*social*/) {
  return PeoplePage(request, deps, web::PeopleList::kFollowers);
}

Awaitable FollowingPage(Request& request, Deps& deps, social::Social& /*social*/) {
  return PeoplePage(request, deps, web::PeopleList::kFollowing);
}

}  // namespace

void AddSocialRoutes(Router& router, Deps& deps, std::shared_ptr<social::Social> social) {
  struct Route {
    const char* method;
    const char* pattern;
    ApiFn fn;
  };
  static constexpr Route kRoutes[] = {
      // JSON API.
      {"POST", "/api/v1/posts/{id}/repost", &ApiRepost},
      {"DELETE", "/api/v1/posts/{id}/repost", &ApiUnrepost},
      {"POST", "/api/v1/posts/{id}/share", &ApiShare},
      {"POST", "/api/v1/posts/{id}/pin", &ApiPin},
      {"DELETE", "/api/v1/posts/{id}/pin", &ApiUnpin},
      {"POST", "/api/v1/users/{handle}/follow", &ApiFollow},
      {"DELETE", "/api/v1/users/{handle}/follow", &ApiUnfollow},
      {"GET", "/api/v1/users/{handle}/posts", &ApiUserPosts},
      {"GET", "/api/v1/users/{handle}/followers", &ApiFollowers},
      {"GET", "/api/v1/users/{handle}/following", &ApiFollowing},
      {"GET", "/api/v1/feeds/{feed}", &ApiFeed},
      // Forms (the same writes without script) and pages.
      {"POST", "/p/{id}/repost", &FormRepost},
      {"POST", "/p/{id}/unrepost", &FormUnrepost},
      {"POST", "/p/{id}/share", &FormShare},
      {"POST", "/p/{id}/pin", &FormPin},
      {"POST", "/p/{id}/unpin", &FormUnpin},
      {"POST", "/u/{handle}/follow", &FormFollow},
      {"POST", "/u/{handle}/unfollow", &FormUnfollow},
      {"GET", "/u/{handle}/followers", &FollowersPage},
      {"GET", "/u/{handle}/following", &FollowingPage},
  };
  for (const Route& route : kRoutes) {
    router.Add(route.method, route.pattern, [fn = route.fn, &deps, social](Request& request) {
      return fn(request, deps, *social);
    });
  }
}

Awaitable FollowingHomePage(Request& request, Deps& deps, const PageRequest& page) {
  const std::string cursor = request.Query("cursor").value_or("");
  const std::int64_t reader = page.viewer->user.id;
  auto feed = co_await RunBlocking(
      deps.pool, [&] { return social::FollowingFeed(deps.store, reader, cursor, kPageSize); });
  if (!feed) co_return ErrorPageResponse(deps, page, request, StatusFor(feed.error().code));
  std::vector<const PostCard*> cards;
  for (const FeedItem& item : feed->items) cards.push_back(&item.post);
  const auto chips = FeedChipsFor(deps, cards, page.locale);
  co_return HtmlResponse(deps, page, 200,
                         web::RenderFollowingHome(MakePageContext(deps, page, request), feed->items,
                                                  feed->next_cursor, chips ? &*chips : nullptr));
}

boost::asio::awaitable<web::PostSocialView> PostSocialFor(Deps& deps, const PageRequest& page,
                                                          std::int64_t post_id) {
  web::PostSocialView view;
  if (!page.viewer) co_return view;
  const std::int64_t viewer_id = page.viewer->user.id;
  auto state = co_await RunBlocking(
      deps.pool, [&] { return deps.store.social().ViewerState(viewer_id, post_id); });
  // The page still renders when this read fails: its buttons then offer a repost.
  if (state) view = web::PostSocialView{state->reposted, state->quote, state->pinned};
  co_return view;
}

boost::asio::awaitable<Result<web::ProfileSocialView>> ProfileSocialFor(Deps& deps,
                                                                        const PageRequest& page,
                                                                        std::int64_t user_id) {
  std::optional<std::int64_t> viewer_id;
  if (page.viewer) viewer_id = page.viewer->user.id;
  auto profile = co_await RunBlocking(
      deps.pool, [&] { return social::ProfileOf(deps.store, user_id, viewer_id); });
  if (!profile) co_return std::unexpected(profile.error());
  co_return web::ProfileSocialView{profile->counts, std::move(profile->pinned),
                                   profile->viewer_follows};
}

}  // namespace plaza::http
