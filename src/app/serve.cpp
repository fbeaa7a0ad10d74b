#include "app/serve.hpp"

#include <cstdio>
#include <thread>

#include <spdlog/spdlog.h>

#include "app/app.hpp"
#include "app/demo.hpp"
#include "http/handlers/deps.hpp"
#include "http/handlers/page_cache.hpp"
#include "http/routes.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "i18n/catalog.hpp"
#include "ops/metrics.hpp"
#include "web/assets.hpp"

namespace plaza {

int Serve(const Config& config) {
  auto app = App::Open(config);
  if (!app) {
    spdlog::error("cannot open the store: {}", app.error().message);
    return 1;
  }
  if (config.demo) {
    auto added = LoadDemoContent((*app)->store(), (*app)->posts(), (*app)->clock());
    if (!added) {
      spdlog::error("cannot load the demo content: {}", added.error().message);
      return 1;
    }
    spdlog::info("demo content: {} posts added", *added);
  }
  auto catalogs = Catalogs::LoadEmbedded();
  if (!catalogs) {
    spdlog::error("locale catalogs: {}", catalogs.error().message);
    return 1;
  }

  ops::Registry metrics;
  Store& store = (*app)->store();
  metrics.AddGaugeCallback("plaza_store_pool_connections", "Database connections open",
                           [&store] { return static_cast<double>(store.Pool().size); });
  metrics.AddGaugeCallback("plaza_store_pool_in_use", "Database connections in use",
                           [&store] { return static_cast<double>(store.Pool().in_use); });

  http::ServerOptions options;
  options.host = config.listen_host;
  options.port = config.listen_port;
  options.io_threads = config.io_threads > 0
                           ? config.io_threads
                           : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.worker_threads = config.worker_threads;
  options.header_timeout_ms = config.header_timeout_ms;
  options.body_timeout_ms = config.body_timeout_ms;
  options.idle_timeout_ms = config.idle_timeout_ms;
  options.max_body_bytes = config.max_body_bytes;
  options.max_connections = static_cast<std::size_t>(config.max_connections);
  options.trusted_proxies = config.trusted_proxies;
  options.access_log = config.access_log;
  http::Server server(options, &metrics);

  // Links, QR codes and cookies need the public address; without a configured one it is the
  // address Plaza listens on, known once the port is bound.
  web::SiteSettings site = config.site;
  http::PageCache cache(config.page_cache);
  (*app)->OnPostChange([&cache](std::int64_t) { cache.Clear(); });
  http::Deps deps{(*app)->accounts(),
                  (*app)->posts(),
                  store,
                  **catalogs,
                  site,
                  metrics,
                  server.workers(),
                  cache,
                  (*app)->clock(),
                  config.public_url.starts_with("https://"),
                  config.metrics_token};
  http::AddRoutes(server.router(), deps);
  http::AddStaticRoute(server.router(), &web::FindAsset);

  if (auto st = server.Listen(); !st) {
    spdlog::error("cannot listen on {}:{}: {}", config.listen_host, config.listen_port,
                  st.error().message);
    return 1;
  }
  const bool v6 = config.listen_host.find(':') != std::string::npos;
  const std::string listening = std::string("http://") + (v6 ? "[" : "") + config.listen_host +
                                (v6 ? "]" : "") + ":" + std::to_string(server.port());
  site.base_url = config.public_url.empty() ? listening : config.public_url;
  if (config.promo && site.promo_url.empty()) site.promo_url = site.base_url + "/";
  if (!config.promo) site.promo_url.clear();
  std::printf("listening on %s\n", listening.c_str());
  std::fflush(stdout);
  spdlog::info("plaza serving {} on port {} with {} I/O threads", store.BackendName(),
               server.port(), options.io_threads);
  server.Run();
  spdlog::info("plaza stopped");
  return 0;
}

}  // namespace plaza
