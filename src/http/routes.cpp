#include "http/routes.hpp"

#include "http/handlers/common.hpp"
#include "http/handlers/event_handlers.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/settings_handlers.hpp"

namespace plaza::http {
namespace {

using HandlerFn = Awaitable (*)(Request&, Deps&);
using FastFn = Response (*)(Request&, Deps&);

Handler Bind(HandlerFn fn, Deps& deps) {
  return [fn, &deps](Request& request) { return fn(request, deps); };
}

FastHandler BindFast(FastFn fn, Deps& deps) {
  return [fn, &deps](Request& request) { return fn(request, deps); };
}

}  // namespace

void AddRoutes(Router& router, Deps& deps) {
  struct Route {
    const char* method;
    const char* pattern;
    HandlerFn fn;
  };
  static constexpr Route kRoutes[] = {
      // Pages.
      {"GET", "/", &HomePage},
      {"GET", "/p/{id}", &PostPage},
      {"POST", "/p/{id}/delete", &DeleteSubmit},
      {"GET", "/u/{handle}", &ProfilePage},
      {"GET", "/compose", &ComposePage},
      {"POST", "/compose", &ComposeSubmit},
      {"GET", "/login", &LoginPage},
      {"POST", "/login", &LoginSubmit},
      {"GET", "/register", &RegisterPage},
      {"POST", "/register", &RegisterSubmit},
      {"POST", "/logout", &LogoutSubmit},
      {"GET", "/settings", &SettingsPage},
      {"POST", "/settings/profile", &SettingsProfileSubmit},
      {"POST", "/settings/password", &SettingsPasswordSubmit},
      {"POST", "/settings/sessions/revoke-others", &SettingsRevokeOthersSubmit},
      {"POST", "/settings/sessions/{id}/revoke", &SettingsRevokeSubmit},
      // JSON API.
      {"POST", "/api/v1/auth/register", &ApiRegister},
      {"POST", "/api/v1/auth/login", &ApiLogin},
      {"POST", "/api/v1/auth/logout", &ApiLogout},
      {"GET", "/api/v1/posts", &ApiListPosts},
      {"POST", "/api/v1/posts", &ApiCreatePost},
      {"GET", "/api/v1/posts/{id}", &ApiGetPost},
      {"PATCH", "/api/v1/posts/{id}", &ApiEditPost},
      {"DELETE", "/api/v1/posts/{id}", &ApiDeletePost},
      {"GET", "/api/v1/me", &ApiGetMe},
      {"PATCH", "/api/v1/me", &ApiPatchMe},
      {"POST", "/api/v1/me/password", &ApiChangePassword},
      {"GET", "/api/v1/me/sessions", &ApiListSessions},
      {"DELETE", "/api/v1/me/sessions", &ApiRevokeOtherSessions},
      {"DELETE", "/api/v1/me/sessions/{id}", &ApiRevokeSession},
      // Operations.
      {"GET", "/healthz", &Healthz},
  };
  for (const Route& route : kRoutes) router.Add(route.method, route.pattern, Bind(route.fn, deps));
  router.Add("GET", "/api/v1/openapi.json", BindFast(&ApiOpenApi, deps));
  router.Add("GET", "/api/v1/events", Bind(&ApiEvents, deps));
  router.Add("GET", "/metrics", BindFast(&MetricsText, deps));
  router.SetErrorPage([&deps](const Request& request, int status) {
    return AnonymousErrorPage(deps, request, status);
  });
}

}  // namespace plaza::http
