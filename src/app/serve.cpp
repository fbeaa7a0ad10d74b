#include "app/serve.hpp"

#include <cstdio>
#include <thread>

#include <spdlog/spdlog.h>

#include "app/app.hpp"
#include "app/demo.hpp"
#include "app/jobs_command.hpp"
#include "app/summarize_command.hpp"
#include "events/event_hub.hpp"
#include "http/handlers/api_views.hpp"
#include "http/handlers/deps.hpp"
#include "http/handlers/page_cache.hpp"
#include "http/routes.hpp"
#include "http/server.hpp"
#include "http/sse.hpp"
#include "http/static_files.hpp"
#include "i18n/catalog.hpp"
#include "jobs/job_runner.hpp"
#include "ops/metrics.hpp"
#include "summarize/summaries.hpp"
#include "web/assets.hpp"
#include "web/pages.hpp"

namespace plaza {
namespace {

// summary.ready (or summary.unavailable when the revision gets no summary) on "post:<id>", with
// the engine label formatted for each subscriber's language.
void PublishSummary(events::EventHub& hub, const Catalogs& catalogs, const Summary& summary) {
  const bool ready = summary.status == SummaryStatus::kReady;
  hub.Publish(
      "post:" + std::to_string(summary.post_id), ready ? "summary.ready" : "summary.unavailable",
      [&catalogs, summary, ready](const std::string& locale) {
        return http::SummaryEventJson(
            summary, ready ? web::SummaryEngineLabel(catalogs.For(locale), summary.engine) : "");
      });
}

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

}  // namespace

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

  // Live events (docs/events.md). Declared before the server, which must go first: its open
  // streams hold subscriptions. Publish with hub->Publish(topic, type, renderer).
  events::InProcessHubOptions hub_options;
  hub_options.ring_size = config.events_ring_size;
  hub_options.max_pending_events = config.events_max_pending;
  hub_options.metrics = &metrics;
  std::unique_ptr<events::EventHub> hub = events::MakeInProcessHub(hub_options);
  http::EventStreamOptions stream_options;
  stream_options.heartbeat_ms = static_cast<std::uint32_t>(config.events_heartbeat_ms);
  stream_options.write_timeout_ms = static_cast<std::uint32_t>(config.events_write_timeout_ms);
  stream_options.max_connections = config.events_max_connections;
  stream_options.max_per_address = config.events_max_per_address;
  http::EventStreams event_streams(*hub, stream_options, &metrics);

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
  http::PageCacheOptions cache_options;
  cache_options.enabled = config.page_cache;
  cache_options.max_entries = static_cast<std::size_t>(config.page_cache_entries);
  cache_options.list_ttl_s = config.page_cache_list_ttl_s;
  cache_options.post_ttl_s = config.page_cache_post_ttl_s;
  http::PageCache cache(cache_options, (*app)->clock(), &metrics);
  // Every write goes through this one interface (a scale-out wrapper will carry it on).
  http::CacheInvalidator& invalidator = cache;

  // Summaries (docs/summaries.md): every revision stored queues a job; the runner's threads run
  // it with the configured engine, and each summary stored drops the cached pages and goes out
  // as an event to the pages open on its post.
  auto engine = MakeSummarizer(
      config.summary_engine == "off" ? std::string_view("extractive") : config.summary_engine,
      config);
  if (!engine) {
    spdlog::error("summary engine: {}", engine.error().message);
    return 1;
  }
  const Catalogs& catalog_set = **catalogs;
  summarize::SummaryJobs summary_jobs(
      store, **engine, (*app)->clock(), [&invalidator, &hub, &catalog_set](const Summary& summary) {
        invalidator.Drop(
            http::TagsForPostWrite(http::PostWrite::kSummaryStored, summary.post_id, 0));
        PublishSummary(*hub, catalog_set, summary);
      });
  // Declared after everything its jobs use, so it stops first.
  jobs::JobRunner runner(store.jobs(), (*app)->clock(), &metrics, JobRunnerOptions(config));
  if (config.summary_engine != "off") {
    if (auto registered = runner.Register(summary_jobs.Kind()); !registered) {
      spdlog::error("job runner: {}", registered.error().message);
      return 1;
    }
  }
  (*app)->OnPostChange([&invalidator, &runner](const PostChange& change) {
    invalidator.Drop(
        http::TagsForPostWrite(CacheWriteOf(change.kind), change.post_id, change.author_id));
    runner.Wake();  // the post's jobs were queued with it
  });
  http::Deps deps{(*app)->accounts(),
                  (*app)->posts(),
                  store,
                  **catalogs,
                  site,
                  metrics,
                  server.workers(),
                  cache,
                  (*app)->clock(),
                  *hub,
                  event_streams,
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
  if (config.jobs_workers > 0) runner.Start();
  server.Run();
  // Service calls still running past the grace period end here, before the runner and the
  // cache they notify go away.
  server.workers().Join();
  runner.Stop();  // finishes the jobs running now; the rest stays queued for the next start
  spdlog::info("plaza stopped");
  return 0;
}

}  // namespace plaza
