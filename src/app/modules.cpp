#include "app/modules.hpp"

#include "app/store_factory.hpp"
#include "markets/module.hpp"
#include "summarize/module.hpp"

namespace plaza {

void RegisterModules(ModuleRegistry& registry, const Config& config) {
  summarize::Register(registry, config.summary, config.llm, config.http_client,
                      config.jobs.max_attempts);
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
}

}  // namespace plaza
