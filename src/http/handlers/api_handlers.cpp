// The JSON API under /api/v1/: parse → one service call → render.

#include <array>
#include <charconv>

#include "http/handler.hpp"
#include "http/handlers/api_views.hpp"
#include "http/handlers/chip_views.hpp"
#include "http/handlers/common.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/post_translation.hpp"
#include "http/json.hpp"
#include "web/assets.hpp"

namespace plaza::http {
namespace {

constexpr int kDefaultPageSize = 20;

Result<std::int64_t> PathId(const Request& request) {
  auto it = request.params.find("id");
  std::int64_t id = 0;
  if (it != request.params.end()) {
    const std::string& text = it->second;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec == std::errc() && p == text.data() + text.size() && id > 0) return id;
  }
  return Fail(Errc::kNotFound, "no post has that id");
}

std::string Str(const JsonFields& fields, std::string_view name) {
  return std::string(fields.String(name).value_or(""));
}

std::optional<std::string> OptStr(const JsonFields& fields, std::string_view name) {
  auto value = fields.String(name);
  return value ? std::optional<std::string>(std::string(*value)) : std::nullopt;
}

constexpr std::array kRegisterSpec = {
    JsonFieldSpec{"handle", JsonType::kString, true},
    JsonFieldSpec{"password", JsonType::kString, true},
    JsonFieldSpec{"display_name", JsonType::kString, true},
};
constexpr std::array kLoginSpec = {
    JsonFieldSpec{"handle", JsonType::kString, true},
    JsonFieldSpec{"password", JsonType::kString, true},
};
constexpr std::array kCreateSpec = {
    JsonFieldSpec{"title", JsonType::kString, true},
    JsonFieldSpec{"body", JsonType::kString, true},
    JsonFieldSpec{"lang", JsonType::kString, false},
    JsonFieldSpec{"tokens", JsonType::kStringList, false},
};
constexpr std::array kEditSpec = {
    JsonFieldSpec{"revision", JsonType::kInt, true},
    JsonFieldSpec{"title", JsonType::kString, false},
    JsonFieldSpec{"body", JsonType::kString, false},
    JsonFieldSpec{"lang", JsonType::kString, false},
    JsonFieldSpec{"tokens", JsonType::kStringList, false},
};

/// A write's answer carries `X-Plaza-Event-Id`: the id of the newest event published before the
/// write (`before`, read from the hub before it), so every event the write causes, however soon
/// its jobs publish, has a larger id. A client subscribes to `post:<id>` with it as
/// Last-Event-ID and misses nothing (docs/events.md).
void SetEventId(Response& response, std::uint64_t before) {
  response.Header("X-Plaza-Event-Id", std::to_string(before));
}

Response NoContent() {
  Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

// The chips of a post just written, as GET shows them. Prices are read after the write is
// stored: a failure to read them leaves the chips without prices, never fails the write.
std::optional<web::PostChipsView> ChipsOfWrittenPost(const Deps& deps, const Post& post) {
  auto chips = PostChipsFor(deps, post, "en");
  if (!chips) return std::nullopt;
  return std::move(*chips);
}

const std::vector<markets::ChipView>* ChipsOrNull(const std::optional<web::PostChipsView>& chips) {
  return chips ? chips->chips.get() : nullptr;
}

}  // namespace

Awaitable ApiRegister(Request& request, Deps& deps) {
  auto fields = ParseJsonFields(request.body, kRegisterSpec);
  if (!fields) co_return ErrorResponse(fields.error());
  RegisterInput input{Str(*fields, "handle"), Str(*fields, "password"),
                      Str(*fields, "display_name"), request.remote_address};
  auto auth = co_await RunBlocking(deps.pool, [&] {
    return deps.accounts.Register(input, SessionKind::kApiToken, request.Header("user-agent"));
  });
  if (!auth) co_return ErrorResponse(auth.error());
  co_return JsonResponse(201, UserJson(auth->user, auth->token));
}

Awaitable ApiLogin(Request& request, Deps& deps) {
  auto fields = ParseJsonFields(request.body, kLoginSpec);
  if (!fields) co_return ErrorResponse(fields.error());
  LoginInput input{Str(*fields, "handle"), Str(*fields, "password"), request.remote_address};
  auto auth = co_await RunBlocking(deps.pool, [&] {
    return deps.accounts.Login(input, SessionKind::kApiToken, request.Header("user-agent"));
  });
  if (!auth) co_return ErrorResponse(auth.error());
  co_return JsonResponse(200, UserJson(auth->user, auth->token));
}

Awaitable ApiLogout(Request& request, Deps& deps) {
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  std::string token(request.BearerToken());
  auto done = co_await RunBlocking(deps.pool, [&] { return deps.accounts.Logout(token); });
  if (!done) co_return ErrorResponse(done.error());
  co_return NoContent();
}

Awaitable ApiListPosts(Request& request, Deps& deps) {
  std::string cursor = request.Query("cursor").value_or("");
  int limit = kDefaultPageSize;
  if (auto text = request.Query("limit")) {
    auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (ec != std::errc() || p != text->data() + text->size() || limit < 1 || limit > 100) {
      co_return ErrorResponse(
          Error{Errc::kInvalidArgument, "limit must be 1 to 100", "limit", 100, std::nullopt});
    }
  }
  auto page = co_await RunBlocking(deps.pool, [&] { return deps.posts.Latest(cursor, limit); });
  if (!page) co_return ErrorResponse(page.error());
  co_return JsonResponse(200, PostListJson(page->items, page->next_cursor, deps.site.base_url));
}

Awaitable ApiCreatePost(Request& request, Deps& deps) {
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto fields = ParseJsonFields(request.body, kCreateSpec);
  if (!fields) co_return ErrorResponse(fields.error());
  PostInput input{OptStr(*fields, "title"), OptStr(*fields, "body"), OptStr(*fields, "lang"),
                  fields->StringList("tokens")};
  const std::uint64_t event_id = deps.events.LastId();
  std::optional<web::PostChipsView> chips;
  auto post = co_await RunBlocking(deps.render_pool, [&]() -> Result<Post> {
    auto created = deps.posts.Create(viewer->user, input);
    if (created) chips = ChipsOfWrittenPost(deps, *created);
    return created;
  });
  if (!post) co_return ErrorResponse(post.error());
  Response response = JsonResponse(201, PostJson(*post, deps.posts.SummaryOfNewPost(),
                                                 deps.site.base_url, nullptr, ChipsOrNull(chips)));
  response.Header("Location", "/api/v1/posts/" + std::to_string(post->id));
  SetEventId(response, event_id);
  co_return response;
}

Awaitable ApiGetPost(Request& request, Deps& deps) {
  auto id = PathId(request);
  if (!id) co_return ErrorResponse(id.error());
  // ?lang=LOCALE adds the post's translation for that reader (an unknown value falls back like a
  // page's locale); each locale is its own entry.
  std::optional<std::string> locale;
  if (request.Query("lang")) {
    bool chose_new = false;
    locale = ResolveLocale(request, deps, &chose_new);
  }
  std::string key = "api:post:" + std::to_string(*id);
  if (locale) key.append("|").append(*locale);
  CacheSlot slot = LookUpCache(deps.cache, key);
  if (slot.hit) co_return CachedJsonResponse(request, std::move(slot.hit));
  std::optional<web::PostChipsView> chips;
  using PostRead = Result<std::pair<ReaderPost, std::optional<translation::TranslationView>>>;
  // One read transaction for the post, its summary, chips and translation (Store::ReadTogether).
  auto read = co_await RunBlocking(deps.pool, [&] {
    return deps.store.ReadTogether([&]() -> PostRead {
      auto post = deps.posts.Read(*id);
      if (!post) return std::unexpected(post.error());
      // Chips are formatted for ?lang= (English without it); prices are exact strings anyway.
      auto post_chips = PostChipsFor(deps, post->post, locale.value_or("en"));
      if (!post_chips) return std::unexpected(post_chips.error());
      chips = std::move(*post_chips);
      auto view = TranslationFor(deps, request, post->post, post->summary, locale);
      return std::pair{std::move(*post), std::move(view)};
    });
  });
  if (!read) co_return ErrorResponse(read.error());
  const auto& [post, view] = *read;
  CacheTags tags{PostTag(*id), AuthorTag(post.post.author_id)};
  if (locale)
    tags.push_back(ViewTag(view && view->status == translation::TranslationStatus::kReady));
  co_return StoreJsonResponse(deps, request, slot,
                              PostJson(post.post, post.summary, deps.site.base_url,
                                       locale ? &*view : nullptr, ChipsOrNull(chips)),
                              std::move(tags), Freshness::kPost, ChipsLiveUntil(chips));
}

Awaitable ApiEditPost(Request& request, Deps& deps) {
  auto id = PathId(request);
  if (!id) co_return ErrorResponse(id.error());
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto fields = ParseJsonFields(request.body, kEditSpec);
  if (!fields) co_return ErrorResponse(fields.error());
  const std::int64_t revision = fields->Int("revision").value_or(0);
  if (revision < 1 || revision > std::numeric_limits<int>::max()) {
    co_return ErrorResponse(
        Error{Errc::kInvalidArgument, "revision must be a positive integer", "revision", {}, {}});
  }
  PostInput input{OptStr(*fields, "title"), OptStr(*fields, "body"), OptStr(*fields, "lang"),
                  fields->StringList("tokens")};
  const std::uint64_t event_id = deps.events.LastId();
  std::optional<web::PostChipsView> chips;
  auto edited = co_await RunBlocking(deps.render_pool, [&]() -> Result<ReaderPost> {
    auto post = deps.posts.Edit(viewer->user, *id, static_cast<int>(revision), input);
    if (!post) return std::unexpected(post.error());
    chips = ChipsOfWrittenPost(deps, *post);
    // The edit is stored; a failure to read its summary state must not turn it into an error.
    auto summary = deps.posts.SummaryOf(*post);
    return ReaderPost{std::move(*post), summary.value_or(summarize::SummaryView{})};
  });
  if (!edited) co_return ErrorResponse(edited.error());
  Response response = JsonResponse(200, PostJson(edited->post, edited->summary, deps.site.base_url,
                                                 nullptr, ChipsOrNull(chips)));
  SetEventId(response, event_id);
  co_return response;
}

Awaitable ApiDeletePost(Request& request, Deps& deps) {
  auto id = PathId(request);
  if (!id) co_return ErrorResponse(id.error());
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto done = co_await RunBlocking(deps.pool, [&] { return deps.posts.Delete(viewer->user, *id); });
  if (!done) co_return ErrorResponse(done.error());
  co_return NoContent();
}

Response ApiOpenApi(Request& /*request*/, Deps& /*deps*/) {
  const web::Asset* doc = web::FindAsset("static/openapi.json");
  if (doc == nullptr)
    return ErrorResponse(Error{Errc::kNotFound, "no OpenAPI document", {}, {}, {}});
  Response response = JsonResponse(200, std::string(doc->body));
  response.Header("Cache-Control", "public, max-age=300");
  return response;
}

}  // namespace plaza::http
