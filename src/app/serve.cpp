#include "app/serve.hpp"

#include <cstdio>
#include <thread>

#include <spdlog/spdlog.h>

#include "app/app.hpp"
#include "app/demo.hpp"
#include "app/modules.hpp"
#include "events/event_hub.hpp"
#include "http/handlers/deps.hpp"
#include "http/handlers/page_cache.hpp"
#include "http/routes.hpp"
#include "http/server.hpp"
#include "http/sse.hpp"
#include "http/static_files.hpp"
#include "i18n/catalog.hpp"
#include "jobs/job_runner.hpp"
#include "jobs/purge.hpp"
#include "markets/feed.hpp"
#include "ops/metrics.hpp"
#include "web/assets.hpp"
#include "web/pages.hpp"

namespace plaza {
namespace {

http::PostWrite CacheWriteOf(PostChange::Kind kind) {
  switch (kind) {
    case PostChange::Kind::kCreated:
      return http::PostWrite::kCreated;
    case PostChange::Kind::kEdited:
      return http::PostWrite::kEdited;
    case PostChange::Kind::kDeleted:
      return http::PostWrite::kDeleted;
  }
  return http::PostWrite::kEdited;
}

/// The core's recurring jobs: the purge of finished jobs ([jobs]) and of ended sessions
/// ([sessions]).
Status RegisterCoreJobs(jobs::JobRunner& runner, App& app, Store& store, const Config& config) {
  if (auto ok = jobs::RegisterPurge(runner, store.jobs(), app.clock(), config.jobs.purge()); !ok) {
    return ok;
  }
  Accounts& accounts = app.accounts();
  return runner.RegisterRecurring(
      jobs::JobKind{
          .kind = "sessions.purge",
          .run = [&accounts](const Job&, const JobTicket&) -> Result<jobs::Completion> {
            auto purged = accounts.PurgeExpiredSessions();
            if (!purged) return std::unexpected(purged.error());
            if (*purged > 0) spdlog::info("deleted {} ended sessions and tokens", *purged);
            return jobs::Completion::kDone;
          },
          .on_dead = {},
      },
      config.sessions.purge_every_minutes * 60);
}

}  // namespace

int Serve(const Config& config) {
  ModuleRegistry modules;
  RegisterModules(modules, config);
  auto app = App::Open(config, modules);
  if (!app) {
    spdlog::error("cannot open the store: {}", app.error().message);
    return 1;
  }
  if (config.demo) {
    // The demo's posts are published at the demo feed's first prices (docs/markets.md).
    const std::string& feed = config.markets.feed;
    if (feed == "auto" || feed == "off" || feed == "demo") {
      auto seeded = markets::SeedDemoPrices((*app)->store().markets(),
                                            static_cast<std::uint64_t>(config.markets.demo_seed),
                                            (*app)->clock().Now());
      if (!seeded) spdlog::warn("demo prices: {}", seeded.error().message);
    }
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

  // Live events (docs/events.md). Declared before the server, which must go first: its open
  // streams hold subscriptions. Publish with hub->Publish(topic, type, renderer).
  events::InProcessHubOptions hub_options;
  hub_options.ring_size = config.events.ring_size;
  hub_options.max_pending_events = config.events.max_pending;
  hub_options.metrics = &metrics;
  std::unique_ptr<events::EventHub> hub = events::MakeInProcessHub(hub_options);
  http::EventStreamOptions stream_options;
  stream_options.heartbeat_ms = static_cast<std::uint32_t>(config.events.heartbeat_ms);
  stream_options.write_timeout_ms = static_cast<std::uint32_t>(config.events.write_timeout_ms);
  stream_options.max_connections = config.events.max_connections;
  stream_options.max_per_address = config.events.max_per_address;
  http::EventStreams event_streams(*hub, stream_options, &metrics);

  // The listener's part of [server]; the rest (public_url, page_cache, metrics_token) is wired
  // below.
  const ServerOptions& listen = config.server;
  http::ServerOptions options;
  options.host = listen.listen_host;
  options.port = listen.listen_port;
  options.io_threads = listen.io_threads > 0
                           ? listen.io_threads
                           : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.worker_threads = listen.worker_threads;
  options.render_threads = listen.render_threads;
  options.header_timeout_ms = listen.header_timeout_ms;
  options.body_timeout_ms = listen.body_timeout_ms;
  options.idle_timeout_ms = listen.idle_timeout_ms;
  options.max_body_bytes = listen.max_body_bytes;
  options.max_connections = static_cast<std::size_t>(listen.max_connections);
  options.trusted_proxies = listen.trusted_proxies;
  options.access_log = listen.access_log;
  http::Server server(options, &metrics);

  // Links, QR codes and cookies need the public address; without a configured one it is the
  // address Plaza listens on, known once the port is bound.
  web::SiteSettings site = config.site;
  http::PageCacheOptions cache_options;
  cache_options.enabled = config.server.page_cache;
  cache_options.max_entries = static_cast<std::size_t>(config.server.page_cache_entries);
  cache_options.list_ttl_s = config.server.page_cache_list_ttl_s;
  cache_options.post_ttl_s = config.server.page_cache_post_ttl_s;
  http::PageCache cache(cache_options, (*app)->clock(), &metrics);
  // Every write goes through this one interface (a scale-out wrapper will carry it on).
  http::CacheInvalidator& invalidator = cache;

  // What the modules' job kinds and routes reach. Declared before the runner, which stops first.
  ModuleContext context{
      .store = store,
      .clock = (*app)->clock(),
      .posts = (*app)->posts(),
      .catalogs = **catalogs,
      .events = *hub,
      .metrics = metrics,
      .drop_cached_post =
          [&invalidator](std::int64_t post_id) {
            invalidator.Drop(http::TagsForPostWrite(http::PostWrite::kSummaryStored, post_id, 0));
          },
      .summary_listeners = {},
      .http = nullptr,
  };
  // The translations service the post page and JSON reach (null without the module).
  auto translations = modules.MakeTranslations(context);
  if (!translations) {
    spdlog::error("{}", translations.error().message);
    return 1;
  }
  // Declared after everything its jobs use, so it stops first.
  jobs::JobRunner runner(store.jobs(), (*app)->clock(), &metrics, config.jobs);
  if (auto registered = modules.RegisterJobKinds(context, runner); !registered) {
    spdlog::error("{}", registered.error().message);
    return 1;
  }
  if (auto registered = RegisterCoreJobs(runner, **app, store, config); !registered) {
    spdlog::error("{}", registered.error().message);
    return 1;
  }
  // The modules' long-running parts (a price feed): stopped after the server, before the runner.
  auto services = modules.StartServices(context);
  if (!services) {
    spdlog::error("{}", services.error().message);
    return 1;
  }
  (*app)->OnPostChange([&invalidator, &runner](const PostChange& change) {
    invalidator.Drop(
        http::TagsForPostWrite(CacheWriteOf(change.kind), change.post_id, change.author_id));
    runner.Wake();  // the post's jobs were queued with it
  });
  http::Deps deps{
      .accounts = (*app)->accounts(),
      .posts = (*app)->posts(),
      .store = store,
      .catalogs = **catalogs,
      .site = site,
      .metrics = metrics,
      .pool = server.workers(),
      .render_pool = server.render_workers(),
      .cache = cache,
      .clock = (*app)->clock(),
      .events = *hub,
      .event_streams = event_streams,
      .secure_cookies = config.server.public_url.starts_with("https://"),
      .metrics_token = config.server.metrics_token,
      .translations = translations->get(),
  };
  http::AddRoutes(server.router(), deps);
  context.http = &deps;
  modules.AddRoutesTo(server.router(), deps, context);
  http::AddStaticRoute(server.router(), &web::FindAsset);

  if (auto st = server.Listen(); !st) {
    spdlog::error("cannot listen on {}:{}: {}", listen.listen_host, listen.listen_port,
                  st.error().message);
    return 1;
  }
  const bool v6 = listen.listen_host.find(':') != std::string::npos;
  const std::string listening = std::string("http://") + (v6 ? "[" : "") + listen.listen_host +
                                (v6 ? "]" : "") + ":" + std::to_string(server.port());
  site.base_url = listen.public_url.empty() ? listening : listen.public_url;
  if (config.site.promo && site.promo_url.empty()) site.promo_url = site.base_url + "/";
  if (!config.site.promo) site.promo_url.clear();
  std::printf("listening on %s\n", listening.c_str());
  std::fflush(stdout);
  spdlog::info("plaza serving {} on port {} with {} I/O threads", store.BackendName(),
               server.port(), options.io_threads);
  if (config.jobs.workers > 0) runner.Start();
  server.Run();
  // Service calls still running past the grace period end here, before the runner and the
  // cache they notify go away.
  server.workers().Join();
  server.render_workers().Join();
  for (auto& service : *services) service->Stop();
  runner.Stop();  // finishes the jobs running now; the rest stays queued for the next start
  spdlog::info("plaza stopped");
  return 0;
}

}  // namespace plaza
