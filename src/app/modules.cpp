#include "app/modules.hpp"

#include "app/app.hpp"
#include "social/module.hpp"
#include "summarize/module.hpp"

namespace plaza {

namespace {

// `plaza bench-seed` writes through the services with the throttles, summaries (and, once they
// exist, eager translations) off and SQLite's cheaper commits.
Result<social::SeedServices> OpenForSeed(Config config) {
  constexpr RateLimit kUnlimited{1'000'000, 1};
  config.limits.posts_per_user = kUnlimited;
  config.limits.register_per_address = kUnlimited;
  config.summary.engine = "off";
  config.social.writes_per_minute = 1'000'000;
  config.storage.sqlite_synchronous_full = false;
  auto app = App::Open(config);
  if (!app) return std::unexpected(app.error());
  std::shared_ptr<App> owner = std::move(*app);
  return social::SeedServices{owner, &owner->store(), &owner->accounts(), &owner->posts(),
                              &owner->clock()};
}

}  // namespace

void RegisterModules(ModuleRegistry& registry, const Config& config) {
  summarize::Register(registry, config.summary, config.llm, config.http_client,
                      config.jobs.max_attempts);
  // Notifications of reposts, quotes and follows go to the notifications module once it is
  // wired here (social::NotificationSink); until then they are dropped.
  social::Register(registry, config.social, social::NotificationSink{},
                   [config] { return OpenForSeed(config); });
}

}  // namespace plaza
