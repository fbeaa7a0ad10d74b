// /healthz and /metrics.

#include "http/handler.hpp"
#include "http/handlers/common.hpp"
#include "http/handlers/handlers.hpp"
#include "ops/metrics.hpp"

namespace plaza::http {
namespace {

bool IsLoopback(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

}  // namespace

Awaitable Healthz(Request& /*request*/, Deps& deps) {
  auto ping = co_await RunBlocking(deps.pool, [&] { return deps.store.Ping(); });
  Response response;
  response.content_type = "application/json";
  response.Header("Cache-Control", "no-store");
  if (!ping) {
    response.status = 503;
    response.body = R"({"status":"unavailable","store":")" + deps.store.BackendName() + R"("})";
    co_return response;
  }
  response.body = R"({"status":"ok","store":")" + deps.store.BackendName() + R"("})";
  co_return response;
}

Response MetricsText(Request& request, Deps& deps) {
  const std::string_view bearer = request.BearerToken();
  // A request relayed by a local reverse proxy also comes from loopback: it carries
  // X-Forwarded-For, and is then treated as remote.
  const bool local =
      IsLoopback(request.remote_address) && request.Header("x-forwarded-for").empty();
  const bool allowed =
      local || (!deps.metrics_token.empty() && SecretsEqual(bearer, deps.metrics_token));
  if (!allowed) {
    return ErrorResponse(
        Error{Errc::kForbidden, "metrics answer on loopback or with the token", {}, {}, {}});
  }
  Response response;
  response.content_type = std::string(ops::kPrometheusContentType);
  response.Header("Cache-Control", "no-store");
  response.body = deps.metrics.Render();
  return response;
}

}  // namespace plaza::http
