// The signed-in member's settings: parse → one Accounts call → render (the page) or JSON (the
// API). Forms carry the session's CSRF token; the API takes API tokens only.

#include "http/handlers/settings_handlers.hpp"

#include <array>
#include <map>

#include "http/handler.hpp"
#include "http/handlers/api_views.hpp"
#include "http/handlers/common.hpp"
#include "http/handlers/settings_views.hpp"
#include "http/json.hpp"
#include "web/html.hpp"
#include "web/pages.hpp"

namespace plaza::http {
namespace {

using Fields = std::map<std::string, std::string, std::less<>>;

constexpr std::string_view kSettingsPath = "/settings";

std::string Field(const Fields& fields, std::string_view name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

std::optional<std::string> OptField(const Fields& fields, std::string_view name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::optional<std::string> OptStr(const JsonFields& fields, std::string_view name) {
  auto value = fields.String(name);
  return value ? std::optional<std::string>(std::string(*value)) : std::nullopt;
}

Response SignInFirst() {
  return Redirect(303, "/login?next=" + web::UrlEncode(std::string(kSettingsPath)));
}

// After a change the page is shown again by a redirect (a reload does not post twice); `done`
// names the notice it shows.
Response BackToSettings(std::string_view done) {
  return Redirect(303, std::string(kSettingsPath) + "?done=" + std::string(done));
}

std::string Notice(const Catalog& catalog, std::string_view done) {
  if (done == "profile") return catalog.Format("settings.saved");
  if (done == "password") return catalog.Format("settings.password_changed");
  if (done == "revoked") return catalog.Format("settings.revoked");
  if (done == "others") return catalog.Format("settings.others_revoked");
  return {};
}

// The settings form's message for a service error: its own fields first, then the messages
// every form shares.
std::string SettingsErrorMessage(const Catalog& catalog, const Error& error) {
  if (error.field == "current_password" && error.code == Errc::kForbidden) {
    return catalog.Format("settings.wrong_password");
  }
  if (error.field == "bio") {
    return catalog.Format("settings.invalid_bio",
                          {{"max", std::int64_t{error.limit.value_or(160)}}});
  }
  if (error.field == "locale") return catalog.Format("settings.invalid_locale");
  if (error.field == "new_password") {
    Error as_password = error;
    as_password.field = "password";
    return FormErrorMessage(catalog, as_password);
  }
  return FormErrorMessage(catalog, error);
}

web::SessionRow ToRow(const SessionInfo& info) {
  return web::SessionRow{info.id,         info.kind == SessionKind::kApiToken,
                         info.created_at, info.last_seen_at,
                         info.device,     info.address,
                         info.current};
}

// The settings page for `page.viewer` (signed in), with the state of a failed form if any.
boost::asio::awaitable<Response> ShowSettings(Request& request, Deps& deps, const PageRequest& page,
                                              web::SettingsState state, int status) {
  const Viewer& viewer = *page.viewer;
  auto sessions =
      co_await RunBlocking(deps.pool, [&] { return deps.accounts.ListSessions(viewer); });
  if (!sessions) co_return ErrorPageResponse(deps, page, request, StatusFor(sessions.error().code));
  for (const SessionInfo& info : *sessions) state.sessions.push_back(ToRow(info));
  auto ctx = MakePageContext(deps, page, request);
  co_return HtmlResponse(deps, page, status, web::RenderSettings(ctx, viewer.user, state));
}

web::FormState FailedState(const Catalog& catalog, const Error& error, const Fields& fields,
                           std::initializer_list<std::string_view> keep) {
  web::FormState form;
  for (std::string_view name : keep) {
    if (auto value = OptField(fields, name)) form.values.emplace_back(name, *value);
  }
  form.error = SettingsErrorMessage(catalog, error);
  form.error_field = error.field;
  return form;
}

int FormStatus(const Error& error) { return error.field == "csrf" ? 403 : StatusFor(error.code); }

const Error kCsrfError{Errc::kForbidden, "CSRF token missing or wrong", "csrf", {}, {}};

// A signed-in form post: the viewer and its checked fields, or the response to send instead
// (the log-in page for a stranger, 403 for a bad CSRF token).
struct FormPost {
  PageRequest page;
  Fields fields;
  std::optional<Response> refused;
};

boost::asio::awaitable<FormPost> ReadFormPost(Request& request, Deps& deps) {
  FormPost post;
  post.page = co_await ResolvePageRequest(request, deps);
  if (!post.page.viewer) {
    post.refused = SignInFirst();
    co_return post;
  }
  auto fields = request.FormFields();
  if (!fields || !FormCsrfValid(request, deps, post.page, Field(*fields, "csrf"))) {
    post.refused = ErrorPageResponse(deps, post.page, request, 403);
    co_return post;
  }
  post.fields = std::move(*fields);
  co_return post;
}

}  // namespace

Awaitable SettingsPage(Request& request, Deps& deps) {
  PageRequest page = co_await ResolvePageRequest(request, deps);
  if (!page.viewer) co_return SignInFirst();
  web::SettingsState state;
  state.notice = Notice(deps.catalogs.For(page.locale), request.Query("done").value_or(""));
  co_return co_await ShowSettings(request, deps, page, std::move(state), 200);
}

Awaitable SettingsProfileSubmit(Request& request, Deps& deps) {
  FormPost post = co_await ReadFormPost(request, deps);
  if (post.refused) co_return std::move(*post.refused);
  SettingsInput input{OptField(post.fields, "display_name"), OptField(post.fields, "bio"),
                      OptField(post.fields, "locale")};
  const Viewer& viewer = *post.page.viewer;
  auto saved =
      co_await RunBlocking(deps.pool, [&] { return deps.accounts.UpdateSettings(viewer, input); });
  if (!saved) {
    web::SettingsState state;
    state.profile = FailedState(deps.catalogs.For(post.page.locale), saved.error(), post.fields,
                                {"display_name", "bio", "locale"});
    co_return co_await ShowSettings(request, deps, post.page, std::move(state),
                                    FormStatus(saved.error()));
  }
  co_return BackToSettings("profile");
}

Awaitable SettingsPasswordSubmit(Request& request, Deps& deps) {
  FormPost post = co_await ReadFormPost(request, deps);
  if (post.refused) co_return std::move(*post.refused);
  PasswordChange change{Field(post.fields, "current_password"), Field(post.fields, "new_password"),
                        request.remote_address};
  const Viewer& viewer = *post.page.viewer;
  auto changed =
      co_await RunBlocking(deps.pool, [&] { return deps.accounts.ChangePassword(viewer, change); });
  if (!changed) {
    web::SettingsState state;
    state.password = FailedState(deps.catalogs.For(post.page.locale), changed.error(), {}, {});
    Response response = co_await ShowSettings(request, deps, post.page, std::move(state),
                                              FormStatus(changed.error()));
    if (changed.error().retry_after_s) {
      response.Header("Retry-After", std::to_string(*changed.error().retry_after_s));
    }
    co_return response;
  }
  co_return BackToSettings("password");
}

Awaitable SettingsRevokeSubmit(Request& request, Deps& deps) {
  FormPost post = co_await ReadFormPost(request, deps);
  if (post.refused) co_return std::move(*post.refused);
  auto it = request.params.find("id");
  const std::string id = it == request.params.end() ? std::string() : it->second;
  const Viewer& viewer = *post.page.viewer;
  auto revoked =
      co_await RunBlocking(deps.pool, [&] { return deps.accounts.RevokeSession(viewer, id); });
  if (!revoked) {
    co_return ErrorPageResponse(deps, post.page, request, StatusFor(revoked.error().code));
  }
  co_return BackToSettings("revoked");
}

Awaitable SettingsRevokeOthersSubmit(Request& request, Deps& deps) {
  FormPost post = co_await ReadFormPost(request, deps);
  if (post.refused) co_return std::move(*post.refused);
  const Viewer& viewer = *post.page.viewer;
  auto revoked =
      co_await RunBlocking(deps.pool, [&] { return deps.accounts.RevokeOtherSessions(viewer); });
  if (!revoked) {
    co_return ErrorPageResponse(deps, post.page, request, StatusFor(revoked.error().code));
  }
  co_return BackToSettings("others");
}

namespace {

constexpr std::array kPatchMeSpec = {
    JsonFieldSpec{"display_name", JsonType::kString, false},
    JsonFieldSpec{"bio", JsonType::kString, false},
    JsonFieldSpec{"locale", JsonType::kString, false},
};
constexpr std::array kPasswordSpec = {
    JsonFieldSpec{"current_password", JsonType::kString, true},
    JsonFieldSpec{"new_password", JsonType::kString, true},
};

}  // namespace

Awaitable ApiGetMe(Request& request, Deps& deps) {
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  co_return JsonResponse(200, UserJson(viewer->user, ""));
}

Awaitable ApiPatchMe(Request& request, Deps& deps) {
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto fields = ParseJsonFields(request.body, kPatchMeSpec);
  if (!fields) co_return ErrorResponse(fields.error());
  SettingsInput input{OptStr(*fields, "display_name"), OptStr(*fields, "bio"),
                      OptStr(*fields, "locale")};
  auto user =
      co_await RunBlocking(deps.pool, [&] { return deps.accounts.UpdateSettings(*viewer, input); });
  if (!user) co_return ErrorResponse(user.error());
  co_return JsonResponse(200, UserJson(*user, ""));
}

Awaitable ApiListSessions(Request& request, Deps& deps) {
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto sessions =
      co_await RunBlocking(deps.pool, [&] { return deps.accounts.ListSessions(*viewer); });
  if (!sessions) co_return ErrorResponse(sessions.error());
  co_return JsonResponse(200, SessionListJson(*sessions));
}

Awaitable ApiRevokeSession(Request& request, Deps& deps) {
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto it = request.params.find("id");
  const std::string id = it == request.params.end() ? std::string() : it->second;
  auto revoked =
      co_await RunBlocking(deps.pool, [&] { return deps.accounts.RevokeSession(*viewer, id); });
  if (!revoked) co_return ErrorResponse(revoked.error());
  Response response;
  response.status = 204;
  response.content_type.clear();
  co_return response;
}

Awaitable ApiRevokeOtherSessions(Request& request, Deps& deps) {
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto revoked =
      co_await RunBlocking(deps.pool, [&] { return deps.accounts.RevokeOtherSessions(*viewer); });
  if (!revoked) co_return ErrorResponse(revoked.error());
  co_return JsonResponse(200, RevokedJson(*revoked));
}

Awaitable ApiChangePassword(Request& request, Deps& deps) {
  auto viewer = co_await RequireApiViewer(request, deps);
  if (!viewer) co_return ErrorResponse(viewer.error());
  auto fields = ParseJsonFields(request.body, kPasswordSpec);
  if (!fields) co_return ErrorResponse(fields.error());
  PasswordChange change{std::string(fields->String("current_password").value_or("")),
                        std::string(fields->String("new_password").value_or("")),
                        request.remote_address};
  auto revoked = co_await RunBlocking(
      deps.pool, [&] { return deps.accounts.ChangePassword(*viewer, change); });
  if (!revoked) co_return ErrorResponse(revoked.error());
  co_return JsonResponse(200, RevokedJson(*revoked));
}

}  // namespace plaza::http
