#include "app/modules.hpp"

#include "app/store_factory.hpp"
#include "rewards/module.hpp"
#include "summarize/module.hpp"

namespace plaza {

void RegisterModules(ModuleRegistry& registry, const Config& config) {
  summarize::Register(registry, config.summary, config.llm, config.http_client,
                      config.jobs.max_attempts);
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
