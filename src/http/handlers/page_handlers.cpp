// Post pages: home, post, profile, compose, delete. Parse → one service call → render.

#include <algorithm>
#include <charconv>
#include <map>

#include "comments/comments.hpp"
#include "comments/form_token.hpp"
#include "http/handler.hpp"
#include "http/handlers/chip_views.hpp"
#include "http/handlers/common.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/post_translation.hpp"
#include "http/handlers/social_handlers.hpp"
#include "posts/permissions.hpp"
#include "translation/post_translations.hpp"
#include "web/html.hpp"
#include "web/pages.hpp"

namespace plaza::http {
namespace {

constexpr int kFeedPageSize = 20;

using Fields = std::map<std::string, std::string, std::less<>>;

std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

// "/p/{id}-{slug}": the id is the digits before the first '-'.
std::optional<std::int64_t> PostIdFromSegment(std::string_view segment) {
  return ParseId(segment.substr(0, segment.find('-')));
}

std::string Field(const Fields& fields, std::string_view name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

// A page depends on its path, its locale and, for feeds, the cursor; any other query parameter
// (tracking tags, cache busters) must not multiply the entries.
std::string CacheKey(std::string_view kind, const Request& request, const PageRequest& page) {
  std::string key(kind);
  key.append("|").append(request.path).append("|").append(page.locale);
  if (auto cursor = request.Query("cursor")) key.append("|").append(*cursor);
  return key;
}

// A list page's tags: its list, its locale, and the card and author of every post it shows.
CacheTags ListTags(CacheTag list, const std::string& locale, const std::vector<PostCard>& posts) {
  CacheTags tags{std::move(list), LocaleTag(locale)};
  tags.reserve(2 + 2 * posts.size());
  for (const PostCard& post : posts) {
    tags.push_back(CardTag(post.id));
    CacheTag author = AuthorTag(post.author_id);
    if (std::find(tags.begin(), tags.end(), author) == tags.end())
      tags.push_back(std::move(author));
  }
  return tags;
}

Response LoginRedirect(const Request& request) {
  return Redirect(
      303, "/login?next=" + web::UrlEncode(IsLocalPath(request.target) ? request.target : "/"));
}

// The tokens the compose form attached: every `tokens` value when the form showed the choice
// (`tokens_field`), else none sent (an edit keeps the post's).
std::optional<std::vector<std::string>> AttachedTokensOf(const Request& request,
                                                         const Fields& fields) {
  if (Field(fields, "tokens_field").empty()) return std::nullopt;
  return request.FormValues("tokens");
}

Response ComposeForm(const Deps& deps, const PageRequest& page, const Request& request,
                     const std::optional<Post>& editing, const Fields& fields, const Error* error,
                     int status) {
  const auto ctx = MakePageContext(deps, page, request);
  web::FormState form;
  for (std::string_view name : {"title", "body", "lang"}) {
    if (auto it = fields.find(name); it != fields.end()) form.values.emplace_back(name, it->second);
  }
  if (error != nullptr) {
    form.error = FormErrorMessage(ctx.catalog, *error);
    form.error_field = error->field;
  }
  form.tokens = AttachedTokensOf(request, fields);
  std::vector<plaza::Asset> assets;
  if (deps.chips != nullptr) assets = deps.chips->tickers().Registry().assets();
  return HtmlResponse(deps, page, status, web::RenderCompose(ctx, editing, form, assets));
}

}  // namespace

Awaitable HomePage(Request& request, Deps& deps) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  if (page.viewer && request.Query("feed") == "following") {
    co_return co_await FollowingHomePage(request, deps, page);
  }
  CacheSlot slot = LookUpCache(deps.cache, CacheKey("home", request, page), !page.viewer);
  if (slot.hit) co_return CachedHtmlResponse(deps, page, request, std::move(slot.hit));
  std::string cursor = request.Query("cursor").value_or("");
  std::optional<web::FeedChipsView> chips;
  auto feed = co_await RunBlocking(deps.pool, [&] {
    auto cards = deps.posts.LatestCards(cursor, kFeedPageSize);
    // The chips of every card at once, from the ticker service's memory (docs/markets.md).
    if (cards) chips = FeedChipsFor(deps, cards->items, page.locale);
    return cards;
  });
  if (!feed) co_return ErrorPageResponse(deps, page, request, StatusFor(feed.error().code));
  std::string body = web::RenderHome(MakePageContext(deps, page, request), feed->items,
                                     feed->next_cursor, chips ? &*chips : nullptr);
  // Prices follow the post page's freshness rule: the entry ends when a chip would turn stale.
  co_return StoreHtmlResponse(deps, page, request, slot, std::move(body),
                              ListTags(LatestListTag(), page.locale, feed->items), Freshness::kList,
                              ChipsLiveUntil(chips));
}

Awaitable PostPage(Request& request, Deps& deps) {
  auto id = PostIdFromSegment(request.params["id"]);
  PageRequest page = co_await ResolvePageRequest(request, deps);
  if (!id) co_return ErrorPageResponse(deps, page, request, 404);
  // ?original=1 shows what the author wrote: an entry of its own, apart from the translated one.
  const bool show_original = request.Query("original") == "1";
  std::string key = CacheKey("post", request, page);
  if (show_original) key.append("|original");
  // ?translate=<comment id> asks for a comment's translation (docs/translation.md, "Comments"):
  // it queues work and shows that comment's state, so it is neither read from nor put in the
  // cache; the job's result drops the post's entries when stored.
  const std::int64_t translate_comment =
      ParseId(request.Query("translate").value_or("")).value_or(0);
  // Only canonical paths are ever stored, so a hit needs no slug check.
  CacheSlot slot = LookUpCache(deps.cache, std::move(key), !page.viewer && translate_comment == 0);
  if (slot.hit) co_return CachedHtmlResponse(deps, page, request, std::move(slot.hit));
  // Taken before the data is read: an event published meanwhile is replayed to the page.
  const std::uint64_t events_since = deps.events.LastId();
  const std::optional<std::int64_t> viewer_id =
      page.viewer ? std::optional(page.viewer->user.id) : std::nullopt;
  const web::PageContext ctx = MakePageContext(deps, page, request);
  web::PostConversation conversation;
  conversation.cursor = request.Query("cursor").value_or("");
  // Before the store is read: a comment's translation stored meanwhile makes a new stamp.
  const std::uint64_t translations_stored =
      deps.translations != nullptr ? deps.translations->comment_translations_stored() : 0;
  std::optional<web::PostChipsView> chips;
  using PostRead = Result<std::pair<ReaderPost, std::optional<translation::TranslationView>>>;
  // One read transaction for the post, its summary, chips and translation (Store::ReadTogether).
  auto read = co_await RunBlocking(deps.pool, [&] {
    return deps.store.ReadTogether([&]() -> PostRead {
      auto post = deps.posts.Read(*id);
      if (!post) return std::unexpected(post.error());
      // A reader who is not signed in sees the page of comments kept for this stamp, read
      // before the comments (docs/conversation.md, "The kept page of comments").
      if (!page.viewer && translate_comment == 0) {
        conversation.stamp = web::StrCat(std::to_string(post->post.conversation_version), ".",
                                         std::to_string(translations_stored));
        conversation.kept = web::KeptCommentsFor(ctx, *id, conversation.cursor, conversation.stamp);
      }
      if (!conversation.kept) {
        // One page of comments (docs/conversation.md): the first, or the one ?cursor= names.
        auto thread = comments::ReadForPage(deps.store, *id, conversation.cursor, viewer_id,
                                            comments::kPostPageComments);
        if (!thread) return std::unexpected(thread.error());
        conversation.comments = std::move(thread->comments.items);
        conversation.next_cursor = std::move(thread->comments.next_cursor);
        conversation.liked_comments = std::move(thread->liked_comments);
        conversation.post_liked = thread->post_liked;
        conversation.translations = CommentTranslationsFor(deps, request, conversation.comments,
                                                           page.locale, translate_comment);
      }
      auto post_chips = PostChipsFor(deps, post->post, page.locale);
      if (!post_chips) return std::unexpected(post_chips.error());
      chips = std::move(*post_chips);
      auto view = TranslationFor(deps, request, post->post, post->summary, page.locale);
      return std::pair{std::move(*post), std::move(view)};
    });
  });
  if (!read) co_return ErrorPageResponse(deps, page, request, StatusFor(read.error().code));
  if (page.viewer) {
    conversation.form_token = comments::MakeFormToken(page.viewer->csrf);
    conversation.comment_error = request.Query("comment_error").value_or("");
  }
  const Post& post = read->first.post;
  const std::string canonical = web::PostPath(post);
  if (request.path != canonical) {
    co_return Redirect(301, request.query.empty() ? canonical : canonical + "?" + request.query);
  }
  const translation::TranslationView* view = read->second ? &*read->second : nullptr;
  const bool translated =
      !show_original && view && view->status == translation::TranslationStatus::kReady;
  const web::PostSocialView social = co_await PostSocialFor(deps, page, post.id);
  std::string body =
      web::RenderPost(ctx, post, read->first.summary, events_since, view, show_original,
                      &conversation, social, chips ? &*chips : nullptr);
  co_return StoreHtmlResponse(
      deps, page, request, slot, std::move(body),
      {PostTag(post.id), AuthorTag(post.author_id), LocaleTag(page.locale), ViewTag(translated)},
      Freshness::kPost, ChipsLiveUntil(chips));
}

Awaitable ProfilePage(Request& request, Deps& deps) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  CacheSlot slot = LookUpCache(deps.cache, CacheKey("profile", request, page), !page.viewer);
  if (slot.hit) co_return CachedHtmlResponse(deps, page, request, std::move(slot.hit));
  const std::string handle = request.params["handle"];
  std::string cursor = request.Query("cursor").value_or("");
  std::optional<markets::AuthorRecord> record;
  auto result = co_await RunBlocking(deps.pool, [&]() -> Result<std::pair<User, CardPage>> {
    auto user = deps.accounts.FindByHandle(handle);
    if (!user) return std::unexpected(user.error());
    auto posts = deps.posts.CardsByAuthor(user->id, cursor, kFeedPageSize);
    if (!posts) return std::unexpected(posts.error());
    auto author_record = AuthorRecordFor(deps, user->id, page.locale);
    if (!author_record) return std::unexpected(author_record.error());
    record = std::move(*author_record);
    return std::pair{std::move(*user), std::move(*posts)};
  });
  if (!result) co_return ErrorPageResponse(deps, page, request, StatusFor(result.error().code));
  auto& [user, posts] = *result;
  auto social = co_await ProfileSocialFor(deps, page, user.id);
  if (!social) co_return ErrorPageResponse(deps, page, request, StatusFor(social.error().code));
  CacheTags tags = ListTags(AuthorListTag(user.id), page.locale, posts.items);
  tags.push_back(AuthorTag(user.id));
  // The cards' chips, pins and posts together (no store read: the ticker service's memory).
  std::vector<const PostCard*> cards;
  for (const PostCard& card : social->pinned) cards.push_back(&card);
  for (const PostCard& card : posts.items) cards.push_back(&card);
  const auto chips = FeedChipsFor(deps, cards, page.locale);
  co_return StoreHtmlResponse(
      deps, page, request, slot,
      web::RenderProfile(MakePageContext(deps, page, request), user, posts.items, posts.next_cursor,
                         *social, record ? &*record : nullptr, chips ? &*chips : nullptr),
      std::move(tags), Freshness::kList, ChipsLiveUntil(chips));
}

Awaitable ComposePage(Request& request, Deps& deps) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  if (!page.viewer) co_return LoginRedirect(request);
  std::optional<Post> editing;
  if (auto edit = request.Query("edit")) {
    auto id = ParseId(*edit);
    if (!id) co_return ErrorPageResponse(deps, page, request, 404);
    auto post = co_await RunBlocking(deps.pool, [&] { return deps.posts.Get(*id); });
    if (!post) co_return ErrorPageResponse(deps, page, request, StatusFor(post.error().code));
    if (!MayManagePost(page.viewer->user, *post)) {
      co_return ErrorPageResponse(deps, page, request, 403);
    }
    editing = std::move(*post);
  }
  co_return ComposeForm(deps, page, request, editing, {}, nullptr, 200);
}

Awaitable ComposeSubmit(Request& request, Deps& deps) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  if (!page.viewer) co_return LoginRedirect(request);
  auto fields = request.FormFields();
  if (!fields) co_return ComposeForm(deps, page, request, std::nullopt, {}, &fields.error(), 400);
  if (!FormCsrfValid(request, deps, page, Field(*fields, "csrf"))) {
    Error csrf{Errc::kForbidden, "CSRF token missing or wrong", "csrf", {}, {}};
    co_return ComposeForm(deps, page, request, std::nullopt, *fields, &csrf, 403);
  }
  PostInput input{Field(*fields, "title"), Field(*fields, "body"), Field(*fields, "lang"),
                  AttachedTokensOf(request, *fields)};
  const std::string post_id_text = Field(*fields, "post_id");
  const User author = page.viewer->user;
  if (post_id_text.empty()) {
    auto post =
        co_await RunBlocking(deps.render_pool, [&] { return deps.posts.Create(author, input); });
    if (!post) {
      co_return ComposeForm(deps, page, request, std::nullopt, *fields, &post.error(),
                            StatusFor(post.error().code));
    }
    co_return Redirect(303, web::PostPath(*post));
  }
  auto id = ParseId(post_id_text);
  auto revision = ParseId(Field(*fields, "revision"));
  if (!id || !revision) co_return ErrorPageResponse(deps, page, request, 400);
  auto post = co_await RunBlocking(deps.render_pool, [&] {
    return deps.posts.Edit(author, *id, static_cast<int>(*revision), input);
  });
  if (!post) {
    // Show the form again on the current revision, keeping what the author typed.
    auto current = co_await RunBlocking(deps.pool, [&] { return deps.posts.Get(*id); });
    if (!current) {
      co_return ErrorPageResponse(deps, page, request, StatusFor(current.error().code));
    }
    co_return ComposeForm(deps, page, request, *current, *fields, &post.error(),
                          StatusFor(post.error().code));
  }
  co_return Redirect(303, web::PostPath(*post));
}

Awaitable DeleteSubmit(Request& request, Deps& deps) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  if (!page.viewer) co_return LoginRedirect(request);
  auto id = ParseId(request.params["id"]);
  auto fields = request.FormFields();
  if (!id || !fields) co_return ErrorPageResponse(deps, page, request, 400);
  if (!FormCsrfValid(request, deps, page, Field(*fields, "csrf"))) {
    co_return ErrorPageResponse(deps, page, request, 403);
  }
  const User actor = page.viewer->user;
  auto deleted = co_await RunBlocking(deps.pool, [&] { return deps.posts.Delete(actor, *id); });
  if (!deleted) co_return ErrorPageResponse(deps, page, request, StatusFor(deleted.error().code));
  co_return Redirect(303, "/u/" + actor.handle);
}

}  // namespace plaza::http
