#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "accounts/accounts.hpp"
#include "http/handlers/deps.hpp"
#include "http/message.hpp"
#include "web/pages.hpp"

namespace plaza::http {

/// Who is asking and in which language, for one page request.
struct PageRequest {
  std::optional<Viewer> viewer;
  std::string locale;
  bool set_locale_cookie = false;         // ?lang= chose a new locale
  std::int64_t unread_notifications = 0;  // the viewer's, for the header badge
};

/// Cookie names follow the public URL's scheme: "__Host-" prefixed when it is https.
std::string SessionCookieName(const Deps& deps);
std::string CsrfCookieName(const Deps& deps);
/// A Set-Cookie value: Path=/; HttpOnly; SameSite=Lax (+ Secure). max_age_s < 0 deletes it.
std::string CookieHeader(const Deps& deps, std::string_view name, std::string_view value,
                         long long max_age_s);

/// The UI locale: a valid ?lang= parameter (then *chose_new: the plaza_locale cookie stores that
/// very tag), else the signed-in reader's own setting (`user_locale`, "" = automatic), else the
/// plaza_locale cookie, else Accept-Language (ChooseLocale in i18n/locales.hpp).
std::string ResolveLocale(const Request& request, const Deps& deps, bool* chose_new,
                          std::string_view user_locale = {});
/// The same with the catalogs alone (routes that modules add, which have no Deps).
std::string ResolveLocale(const Request& request, const Catalogs& catalogs, bool* chose_new,
                          std::string_view user_locale = {});

/// The browser session's viewer, if the session cookie names a live browser session (an API
/// token in the cookie is no session).
boost::asio::awaitable<std::optional<Viewer>> ResolveViewer(Request& request, Deps& deps);
/// The viewer first, then the locale with the viewer's own setting in it.
boost::asio::awaitable<PageRequest> ResolvePageRequest(Request& request, Deps& deps);
/// The API caller from "Authorization: Bearer". kUnauthenticated when absent, unknown, expired
/// or not an API token (a browser session's cookie value is refused here).
boost::asio::awaitable<Result<Viewer>> RequireApiViewer(Request& request, Deps& deps);

web::PageContext MakePageContext(const Deps& deps, const PageRequest& page, const Request& request);

/// An HTML response with the page's cookies (locale) applied.
Response HtmlResponse(const Deps& deps, const PageRequest& page, int status, std::string body);

/// The cached-page block every cacheable handler runs: look the key up before reading the data
/// (the ticket is taken then), and on a miss store what was rendered with its tags.
struct CacheSlot {
  std::string key;  // "" = not cacheable (a signed-in viewer's page)
  std::uint64_t ticket = 0;
  std::shared_ptr<const CachedBody> hit;
};
/// Looks `key` up when `cacheable`.
CacheSlot LookUpCache(PageCache& cache, std::string key, bool cacheable = true);
/// A 200 HTML page: a hit, or `body` just rendered, stored under the slot (when cacheable) with
/// `tags` and `freshness`. Cached bytes are sent without a copy, gzip when the client accepts it.
Response CachedHtmlResponse(const Deps& deps, const PageRequest& page, const Request& request,
                            std::shared_ptr<const CachedBody> entry);
Response StoreHtmlResponse(const Deps& deps, const PageRequest& page, const Request& request,
                           const CacheSlot& slot, std::string body, CacheTags tags,
                           Freshness freshness, Timestamp live_until = 0);
/// The same for a 200 JSON document.
Response CachedJsonResponse(const Request& request, std::shared_ptr<const CachedBody> entry);
Response StoreJsonResponse(Deps& deps, const Request& request, const CacheSlot& slot,
                           std::string body, CacheTags tags, Freshness freshness,
                           Timestamp live_until = 0);
/// A full error page for a status (404, 410, 500, ...), localized, for any viewer.
Response ErrorPageResponse(const Deps& deps, const PageRequest& page, const Request& request,
                           int status);
/// The same for a request whose viewer is not known (router fallbacks).
Response AnonymousErrorPage(const Deps& deps, const Request& request, int status);

/// A person-readable, localized message for a service error shown in a form.
std::string FormErrorMessage(const Catalog& catalog, const Error& error);

/// True when `next` is a safe local redirect target ("/x", not "//evil" or "http:").
bool IsLocalPath(std::string_view next);

}  // namespace plaza::http

namespace plaza::http {

/// The CSRF token an anonymous form (log in, register) carries: the server's signature of the
/// pre-session held in the CSRF cookie, which is created when absent or malformed (`*new_cookie`
/// then holds the Set-Cookie value to send).
std::string AnonymousCsrfToken(const Request& request, const Deps& deps, std::string* new_cookie);
/// Checks a form's csrf field: against the session's token for a viewer; for an anonymous form,
/// against the signature of the CSRF cookie's pre-session (and refuses a post a browser marks as
/// cross-site or same-site but not same-origin).
bool FormCsrfValid(const Request& request, const Deps& deps, const PageRequest& page,
                   std::string_view form_token);

}  // namespace plaza::http
