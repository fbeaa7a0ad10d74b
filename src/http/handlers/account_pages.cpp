// Log-in, registration and log-out pages.

#include <map>

#include "http/handler.hpp"
#include "http/handlers/common.hpp"
#include "http/handlers/handlers.hpp"
#include "web/pages.hpp"

namespace plaza::http {
namespace {

using Fields = std::map<std::string, std::string, std::less<>>;
using Render = std::string (*)(const web::PageContext&, const web::FormState&);

std::string Field(const Fields& fields, std::string_view name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

std::string SafeNext(std::string_view next) {
  return IsLocalPath(next) ? std::string(next) : std::string("/");
}

// Shows an anonymous form (log in or register) with a CSRF token bound to a cookie.
Response AnonymousForm(const Deps& deps, const PageRequest& page, const Request& request,
                       Render render, const web::FormState& form, int status) {
  std::string new_cookie;
  auto ctx = MakePageContext(deps, page, request);
  ctx.csrf = AnonymousCsrfToken(request, deps, &new_cookie);
  Response response = HtmlResponse(deps, page, status, render(ctx, form));
  if (!new_cookie.empty()) response.Header("Set-Cookie", std::move(new_cookie));
  return response;
}

web::FormState FormWithError(const Deps& deps, const PageRequest& page, const Fields& fields,
                             std::initializer_list<std::string_view> keep, const Error& error) {
  web::FormState form;
  for (std::string_view name : keep) form.values.emplace_back(name, Field(fields, name));
  form.error = FormErrorMessage(deps.catalogs.For(page.locale), error);
  form.error_field = error.field;
  return form;
}

// The form again after a failed attempt, with the status of the error (and Retry-After when
// throttled).
Response FailedForm(const Deps& deps, const PageRequest& page, const Request& request,
                    Render render, const Fields& fields,
                    std::initializer_list<std::string_view> keep, const Error& error) {
  const int status = error.field == "csrf" ? 403 : StatusFor(error.code);
  Response response = AnonymousForm(deps, page, request, render,
                                    FormWithError(deps, page, fields, keep, error), status);
  if (error.retry_after_s) response.Header("Retry-After", std::to_string(*error.retry_after_s));
  return response;
}

Response SignedIn(const Deps& deps, const AuthResult& auth, std::string_view next) {
  Response response = Redirect(303, SafeNext(next));
  // The cookie lives as long as the session may (its absolute timeout, [sessions]); the idle
  // timeout is the server's to enforce.
  response.Header("Set-Cookie",
                  CookieHeader(deps, SessionCookieName(deps), auth.token, auth.max_age_s));
  response.Header("Set-Cookie", CookieHeader(deps, CsrfCookieName(deps), "", -1));
  return response;
}

const Error kCsrfError{Errc::kForbidden, "CSRF token missing or wrong", "csrf", {}, {}};

}  // namespace

Awaitable LoginPage(Request& request, Deps& deps) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  const std::string next = SafeNext(request.Query("next").value_or("/"));
  if (page.viewer) co_return Redirect(303, next);
  web::FormState form;
  form.values.emplace_back("next", next);
  co_return AnonymousForm(deps, page, request, &web::RenderLogin, form, 200);
}

Awaitable LoginSubmit(Request& request, Deps& deps) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  auto fields = request.FormFields();
  if (!fields) {
    co_return FailedForm(deps, page, request, &web::RenderLogin, {}, {}, fields.error());
  }
  if (!FormCsrfValid(request, deps, page, Field(*fields, "csrf"))) {
    co_return FailedForm(deps, page, request, &web::RenderLogin, *fields, {"handle", "next"},
                         kCsrfError);
  }
  LoginInput input{Field(*fields, "handle"), Field(*fields, "password"), request.remote_address};
  auto auth = co_await RunBlocking(deps.pool, [&] {
    return deps.accounts.Login(input, SessionKind::kBrowser, request.Header("user-agent"));
  });
  if (!auth) {
    co_return FailedForm(deps, page, request, &web::RenderLogin, *fields, {"handle", "next"},
                         auth.error());
  }
  co_return SignedIn(deps, *auth, Field(*fields, "next"));
}

Awaitable RegisterPage(Request& request, Deps& deps) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  if (page.viewer) co_return Redirect(303, "/");
  co_return AnonymousForm(deps, page, request, &web::RenderRegister, {}, 200);
}

Awaitable RegisterSubmit(Request& request, Deps& deps) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  auto fields = request.FormFields();
  if (!fields) {
    co_return FailedForm(deps, page, request, &web::RenderRegister, {}, {}, fields.error());
  }
  if (!FormCsrfValid(request, deps, page, Field(*fields, "csrf"))) {
    co_return FailedForm(deps, page, request, &web::RenderRegister, *fields,
                         {"handle", "display_name"}, kCsrfError);
  }
  RegisterInput input{Field(*fields, "handle"), Field(*fields, "password"),
                      Field(*fields, "display_name"), request.remote_address};
  auto auth = co_await RunBlocking(deps.pool, [&] {
    return deps.accounts.Register(input, SessionKind::kBrowser, request.Header("user-agent"));
  });
  if (!auth) {
    co_return FailedForm(deps, page, request, &web::RenderRegister, *fields,
                         {"handle", "display_name"}, auth.error());
  }
  co_return SignedIn(deps, *auth, "/u/" + auth->user.handle);
}

Awaitable LogoutSubmit(Request& request, Deps& deps) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  auto fields = request.FormFields();
  if (!page.viewer) co_return Redirect(303, "/");
  if (!fields || !FormCsrfValid(request, deps, page, Field(*fields, "csrf"))) {
    co_return ErrorPageResponse(deps, page, request, 403);
  }
  std::string token = request.Cookie(SessionCookieName(deps)).value_or("");
  auto done = co_await RunBlocking(deps.pool, [&] { return deps.accounts.Logout(token); });
  if (!done) co_return ErrorPageResponse(deps, page, request, StatusFor(done.error().code));
  Response response = Redirect(303, "/");
  response.Header("Set-Cookie", CookieHeader(deps, SessionCookieName(deps), "", -1));
  co_return response;
}

}  // namespace plaza::http
