#include "http/handlers/common.hpp"

#include <charconv>

#include "http/encoding.hpp"
#include "http/handler.hpp"
#include "i18n/locales.hpp"
#include "posts/posts.hpp"
#include "web/assets.hpp"

namespace plaza::http {
namespace {

constexpr std::string_view kLocaleCookie = "plaza_locale";
constexpr long long kLocaleCookieAge = 365LL * 24 * 3600;

}  // namespace

std::string SessionCookieName(const Deps& deps) {
  return deps.secure_cookies ? "__Host-plaza_session" : "plaza_session";
}

std::string CsrfCookieName(const Deps& deps) {
  return deps.secure_cookies ? "__Host-plaza_csrf" : "plaza_csrf";
}

std::string CookieHeader(const Deps& deps, std::string_view name, std::string_view value,
                         long long max_age_s) {
  std::string out;
  out.reserve(name.size() + value.size() + 80);
  out.append(name).append("=").append(value).append("; Path=/; HttpOnly; SameSite=Lax");
  out.append("; Max-Age=").append(std::to_string(max_age_s < 0 ? 0 : max_age_s));
  if (deps.secure_cookies) out.append("; Secure");
  return out;
}

std::string ResolveLocale(const Request& request, const Deps& deps, bool* chose_new,
                          std::string_view user_locale) {
  return ResolveLocale(request, deps.catalogs, chose_new, user_locale);
}

std::string ResolveLocale(const Request& request, [[maybe_unused]] const Catalogs& catalogs,
                          bool* chose_new, std::string_view user_locale) {
  const auto query = request.Query("lang");
  const auto cookie = request.Cookie(kLocaleCookie);
  // The reader's own setting outranks the cookie: it follows them to every browser they sign in
  // on, while the cookie is one browser's memory of a switch.
  std::optional<std::string_view> remembered;
  if (!user_locale.empty() && FindLocale(user_locale) != nullptr) {
    remembered = user_locale;
  } else if (cookie) {
    remembered = *cookie;
  }
  const LocaleChoice choice =
      ChooseLocale(query ? std::optional<std::string_view>(*query) : std::nullopt, remembered,
                   request.Header("accept-language"));
  *chose_new = choice.remember;
  return std::string(choice.tag);
}

boost::asio::awaitable<std::optional<Viewer>> ResolveViewer(Request& request, Deps& deps) {
  auto token = request.Cookie(SessionCookieName(deps));
  if (!token || token->empty()) co_return std::nullopt;
  auto viewer = co_await RunBlocking(
      deps.pool, [&] { return deps.accounts.Authenticate(*token, SessionKind::kBrowser); });
  if (!viewer) co_return std::nullopt;
  co_return std::move(*viewer);
}

boost::asio::awaitable<PageRequest> ResolvePageRequest(Request& request, Deps& deps) {
  PageRequest page;
  // The viewer first: their own language setting takes part in choosing the locale. Signed-in
  // pages are never cached, so a page in a reader's own locale never reaches another reader.
  page.viewer = co_await ResolveViewer(request, deps);
  page.locale = ResolveLocale(request, deps, &page.set_locale_cookie,
                              page.viewer ? std::string_view(page.viewer->user.locale) : "");
  if (page.viewer) {
    const std::int64_t user_id = page.viewer->user.id;
    auto unread = co_await RunBlocking(
        deps.pool, [&] { return deps.store.notifications().UnreadCount(user_id); });
    page.unread_notifications = unread.value_or(0);
  }
  co_return page;
}

boost::asio::awaitable<Result<Viewer>> RequireApiViewer(Request& request, Deps& deps) {
  std::string token(request.BearerToken());
  if (token.empty()) {
    co_return Fail(Errc::kUnauthenticated, "an Authorization: Bearer token is required");
  }
  auto viewer = co_await RunBlocking(
      deps.pool, [&] { return deps.accounts.Authenticate(token, SessionKind::kApiToken); });
  co_return viewer;
}

web::PageContext MakePageContext(const Deps& deps, const PageRequest& page,
                                 const Request& request) {
  web::PageContext ctx{
      deps.catalogs.For(page.locale),   page.locale, deps.site, std::nullopt, "", request.path,
      std::string(web::StaticVersion())};
  if (page.viewer) {
    ctx.viewer = page.viewer->user;
    ctx.csrf = page.viewer->csrf;
    ctx.unread_notifications = page.unread_notifications;
  }
  return ctx;
}

Response HtmlResponse(const Deps& deps, const PageRequest& page, int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.Header("Cache-Control", "private, no-cache");
  if (page.set_locale_cookie) {
    response.Header("Set-Cookie", CookieHeader(deps, kLocaleCookie, page.locale, kLocaleCookieAge));
  }
  return response;
}

CacheSlot LookUpCache(PageCache& cache, std::string key, bool cacheable) {
  CacheSlot slot;
  if (!cacheable) return slot;
  slot.ticket = cache.Ticket();
  slot.hit = cache.Get(key);
  slot.key = std::move(key);
  return slot;
}

namespace {

// Sends a cached entry as is: gzip to clients that accept it, identity to the others.
void SendCached(Response& response, const Request& request,
                std::shared_ptr<const CachedBody> entry) {
  if (!entry->gzip.empty()) {
    response.Header("Vary", "Accept-Encoding");
    if (AcceptsGzip(request.Header("accept-encoding"))) {
      response.Header("Content-Encoding", "gzip");
      response.body_view = entry->gzip;
      response.body_owner = std::move(entry);
      return;
    }
  }
  response.body_view = entry->identity;
  response.body_owner = std::move(entry);
}

}  // namespace

Response CachedHtmlResponse(const Deps& deps, const PageRequest& page, const Request& request,
                            std::shared_ptr<const CachedBody> entry) {
  Response response = HtmlResponse(deps, page, 200, {});
  SendCached(response, request, std::move(entry));
  return response;
}

Response StoreHtmlResponse(const Deps& deps, const PageRequest& page, const Request& request,
                           const CacheSlot& slot, std::string body, CacheTags tags,
                           Freshness freshness, Timestamp live_until) {
  if (slot.key.empty()) return HtmlResponse(deps, page, 200, std::move(body));
  return CachedHtmlResponse(deps, page, request,
                            deps.cache.Put(slot.key, std::move(body), slot.ticket, std::move(tags),
                                           freshness, live_until));
}

Response CachedJsonResponse(const Request& request, std::shared_ptr<const CachedBody> entry) {
  Response response = JsonResponse(200, {});
  SendCached(response, request, std::move(entry));
  return response;
}

Response StoreJsonResponse(Deps& deps, const Request& request, const CacheSlot& slot,
                           std::string body, CacheTags tags, Freshness freshness,
                           Timestamp live_until) {
  if (slot.key.empty()) return JsonResponse(200, std::move(body));
  return CachedJsonResponse(request, deps.cache.Put(slot.key, std::move(body), slot.ticket,
                                                    std::move(tags), freshness, live_until));
}

Response ErrorPageResponse(const Deps& deps, const PageRequest& page, const Request& request,
                           int status) {
  auto ctx = MakePageContext(deps, page, request);
  return HtmlResponse(deps, page, status, web::RenderError(ctx, status));
}

Response AnonymousErrorPage(const Deps& deps, const Request& request, int status) {
  PageRequest page;
  page.locale = ResolveLocale(request, deps, &page.set_locale_cookie);
  page.set_locale_cookie = false;
  return ErrorPageResponse(deps, page, request, status);
}

std::string FormErrorMessage(const Catalog& catalog, const Error& error) {
  const std::string& field = error.field;
  if (field == "csrf") return catalog.Format("error.csrf");
  switch (error.code) {
    case Errc::kConflict:
      return catalog.Format(field == "handle" ? "error.handle_taken" : "error.stale_revision");
    case Errc::kUnauthenticated:
      return catalog.Format("error.wrong_credentials");
    case Errc::kForbidden:
      return catalog.Format("error.forbidden");
    case Errc::kRateLimited:
      if (error.retry_after_s) {
        return catalog.Format("error.rate_limited_retry",
                              {{"seconds", std::int64_t{*error.retry_after_s}}});
      }
      return catalog.Format("error.rate_limited");
    case Errc::kLimitExceeded: {
      const std::int64_t max = error.limit.value_or(0);
      if (field == "title") return catalog.Format("error.title_too_long", {{"max", max}});
      if (field == "body") return catalog.Format("error.body_too_long", {{"max", max}});
      if (field == "display_name") {
        return catalog.Format("error.invalid_display_name", {{"max", max}});
      }
      if (field == "password") return catalog.Format("error.long_password", {{"max", max}});
      if (field == "tokens") return catalog.Format("markets.too_many_tokens", {{"max", max}});
      return catalog.Format("error.generic");
    }
    case Errc::kInvalidArgument: {
      const bool missing = error.message.find("required") != std::string::npos;
      if (field == "title" && missing) return catalog.Format("error.missing_title");
      if (field == "body" && missing) return catalog.Format("error.missing_body");
      if (field == "handle") return catalog.Format("error.invalid_handle");
      if (field == "password") {
        if (error.message.find("common") != std::string::npos) {
          return catalog.Format("error.common_password");
        }
        if (error.message.find("repeated") != std::string::npos) {
          return catalog.Format("error.repeated_password");
        }
        return catalog.Format("error.short_password", {{"min", std::int64_t{12}}});
      }
      if (field == "display_name") {
        return catalog.Format("error.invalid_display_name", {{"max", std::int64_t{50}}});
      }
      if (field == "lang") return catalog.Format("error.invalid_language");
      if (field == "tokens") return catalog.Format("markets.unknown_token");
      // Undecodable or malformed text (bad UTF-8, NUL, control characters) in any field.
      return catalog.Format("error.invalid_text");
    }
    default:
      return catalog.Format("error.generic");
  }
}

bool IsLocalPath(std::string_view next) {
  if (next.empty() || next.front() != '/') return false;
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return false;
  for (char ch : next) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == '\\') return false;
  }
  return true;
}

std::string AnonymousCsrfToken(const Request& request, const Deps& deps, std::string* new_cookie) {
  new_cookie->clear();
  if (auto existing = request.Cookie(CsrfCookieName(deps));
      existing && IsSecretTokenShaped(*existing)) {
    return deps.accounts.FormToken(*existing);
  }
  // The cookie holds the pre-session (a random value); the form carries its signature, so a
  // cookie planted by someone else (a sibling subdomain can set `plaza_csrf`) comes with no
  // field that matches it.
  std::string pre_session = NewSecretToken();
  *new_cookie = CookieHeader(deps, CsrfCookieName(deps), pre_session, 2LL * 3600);
  return deps.accounts.FormToken(pre_session);
}

bool FormCsrfValid(const Request& request, const Deps& deps, const PageRequest& page,
                   std::string_view form_token) {
  if (form_token.empty()) return false;
  if (page.viewer) return SecretsEqual(form_token, page.viewer->csrf);
  // Browsers that say where a request comes from: an anonymous form is only ever posted from
  // this origin, so a cross-site or sibling-site post is refused whatever it carries.
  if (auto site = request.Header("sec-fetch-site");
      !site.empty() && site != "same-origin" && site != "none") {
    return false;
  }
  auto cookie = request.Cookie(CsrfCookieName(deps));
  return cookie && deps.accounts.FormTokenValid(*cookie, form_token);
}

}  // namespace plaza::http
