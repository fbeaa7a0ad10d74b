#include "app/modules.hpp"

#include <memory>
#include <utility>

#include "app/app.hpp"
#include "app/store_factory.hpp"
#include "comments/module.hpp"
#include "markets/module.hpp"
#include "rewards/module.hpp"
#include "social/module.hpp"
#include "summarize/module.hpp"
#include "translate/command.hpp"
#include "translate/engines.hpp"
#include "translation/module.hpp"

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
  // Translations: the service (engines and routes, src/translate/) is made when the job runner
  // starts, from copies of its settings; the module (src/translation/) stores and shows it.
  translation::Register(
      registry, config.translation,
      [options = config.translation,
       http = config.http_client]() -> Result<std::shared_ptr<translate::Translator>> {
        auto engines = translate::MakeEngines(options, http);
        if (!engines) return std::unexpected(engines.error());
        return std::shared_ptr<translate::Translator>(
            translate::MakeTranslator(std::move(*engines)));
      },
      config.jobs.max_attempts);
  translate::RegisterCommands(registry, config.translation, config.http_client);
  markets::Register(registry, config.markets, config.http_client, config.demo,
                    [config]() -> Result<std::unique_ptr<Store>> {
                      StoreOptions options;
                      options.pool_size = 1;
                      options.synchronous_full = config.storage.sqlite_synchronous_full;
                      auto store = OpenStore(config.storage.EffectiveUrl(), options);
                      if (!store) return std::unexpected(store.error());
                      if (auto v = (*store)->Migrate(); !v) return std::unexpected(v.error());
                      return store;
                    });
  comments::Register(registry);
  // Notifications of reposts, quotes and follows go to the notifications module once it is
  // wired here (social::NotificationSink); until then they are dropped.
  social::Register(registry, config.social, social::NotificationSink{},
                   [config] { return OpenForSeed(config); });
  // Comment tips and author notifications: pass a rewards::SeamsFactory as the last argument
  // once the comments capability is merged (docs/rewards.md, "Seams").
  rewards::Register(registry, config.rewards,
                    [storage = config.storage]() -> Result<std::unique_ptr<Store>> {
                      StoreOptions options;
                      options.pool_size = 2;
                      options.synchronous_full = storage.sqlite_synchronous_full;
                      auto store = OpenStore(storage.EffectiveUrl(), options);
                      if (!store) return store;
                      if (auto v = (*store)->Migrate(); !v) return std::unexpected(v.error());
                      return store;
                    });
}

}  // namespace plaza
