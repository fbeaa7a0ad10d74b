#include "social/module.hpp"

#include <memory>
#include <string>
#include <utility>

#include "events/event_hub.hpp"
#include "http/handlers/social_handlers.hpp"
#include "http/handlers/social_views.hpp"
#include "i18n/catalog.hpp"

namespace plaza::social {
namespace {

constexpr int kMinute = 60;

// post.counts on "post:<id>": the counts, and each formatted for the subscriber's locale.
void PublishCounts(ModuleContext& context, std::int64_t post_id, const PostCounts& counts) {
  const Catalogs& catalogs = context.catalogs;
  context.events.Publish("post:" + std::to_string(post_id), "post.counts",
                         [&catalogs, post_id, counts](const std::string& locale) {
                           const Catalog& catalog = catalogs.For(locale);
                           auto format = [&catalog](std::int64_t n) {
                             return catalog.Format("action.count", {{"count", n}});
                           };
                           return http::CountsEventJson(post_id, counts, format(counts.reposts),
                                                        format(counts.quotes),
                                                        format(counts.shares));
                         });
}

// What the routes share for the life of the router: the throttle and the service.
struct Runtime {
  Runtime(ModuleContext& context, const SocialOptions& options, NotificationSink notify)
      : limiter(context.clock, RateLimit{options.writes_per_minute, kMinute}),
        address_limiter(context.clock, RateLimit{options.address_writes_per_minute, kMinute}),
        social(
            context.store, context.clock, limiter, std::move(notify),
            [&context](std::int64_t post_id, const PostCounts& counts) {
              // Counts are live values: no cache entry is dropped (docs/page-cache.md).
              PublishCounts(context, post_id, counts);
            },
            &address_limiter) {}
  InMemoryRateLimiter limiter;
  InMemoryRateLimiter address_limiter;
  Social social;
};

}  // namespace

void Register(ModuleRegistry& registry, const SocialOptions& options,
              NotificationSinkFor notify_for, SeedServicesOpener open_for_seed) {
  registry.AddCommand(BenchSeedCommand(std::move(open_for_seed)));
  registry.AddRoutes([options, notify_for](http::Router& router, ModuleContext& context) {
    if (context.http == nullptr) return;  // no HTTP server (a command)
    // Lives as long as the routes that hold it.
    auto runtime = std::make_shared<Runtime>(context, options,
                                             notify_for ? notify_for(context) : NotificationSink{});
    http::AddSocialRoutes(router, *context.http,
                          std::shared_ptr<Social>(runtime, &runtime->social));
  });
}

}  // namespace plaza::social
