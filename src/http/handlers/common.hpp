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
  bool set_locale_cookie = false;  // ?lang= chose a new locale
};

/// Cookie names follow the public URL's scheme: "__Host-" prefixed when it is https.
std::string SessionCookieName(const Deps& deps);
std::string CsrfCookieName(const Deps& deps);
/// A Set-Cookie value: Path=/; HttpOnly; SameSite=Lax (+ Secure). max_age_s < 0 deletes it.
std::string CookieHeader(const Deps& deps, std::string_view name, std::string_view value,
                         long long max_age_s);

/// The UI locale: a valid ?lang= parameter, else the plaza_locale cookie, else Accept-Language.
/// Locales without a catalog yet fall back to English.
std::string ResolveLocale(const Request& request, const Deps& deps, bool* chose_new);

/// The browser session's viewer, if the session cookie names a live session.
boost::asio::awaitable<std::optional<Viewer>> ResolveViewer(Request& request, Deps& deps);
boost::asio::awaitable<PageRequest> ResolvePageRequest(Request& request, Deps& deps);
/// The API caller from "Authorization: Bearer". kUnauthenticated when absent or unknown.
boost::asio::awaitable<Result<Viewer>> RequireApiViewer(Request& request, Deps& deps);

web::PageContext MakePageContext(const Deps& deps, const PageRequest& page, const Request& request);

/// An HTML response with the page's cookies (locale) applied.
Response HtmlResponse(const Deps& deps, const PageRequest& page, int status, std::string body);
/// The same for a cached page: its bytes are sent without a copy.
Response CachedHtmlResponse(const Deps& deps, const PageRequest& page,
                            std::shared_ptr<const std::string> body);
/// A cached JSON document, sent without a copy.
Response CachedJsonResponse(std::shared_ptr<const std::string> body);
/// A full error page for a status (404, 410, 500, ...), localized, for any viewer.
Response ErrorPageResponse(const Deps& deps, const PageRequest& page, const Request& request,
                           int status);
/// The same for a request whose viewer is not known (router fallbacks).
Response AnonymousErrorPage(const Deps& deps, const Request& request, int status);

/// A person-readable, localized message for a service error shown in a form.
std::string FormErrorMessage(const Catalog& catalog, const Error& error);

/// True when `next` is a safe local redirect target ("/x", not "//evil" or "http:").
bool IsLocalPath(std::string_view next);

/// The path of a post's page: /p/{id}-{slug} (or /p/{id} without a slug).
std::string PostPath(const Post& post);

}  // namespace plaza::http

namespace plaza::http {

/// The CSRF token an anonymous form (log in, register) carries: the value of the CSRF cookie,
/// created when absent (`*new_cookie` then holds the Set-Cookie value to send).
std::string AnonymousCsrfToken(const Request& request, const Deps& deps, std::string* new_cookie);
/// Checks a form's csrf field: against the session's token for a viewer, against the CSRF
/// cookie (double submit) for an anonymous form.
bool FormCsrfValid(const Request& request, const Deps& deps, const PageRequest& page,
                   std::string_view form_token);

}  // namespace plaza::http
