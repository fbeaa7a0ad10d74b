#include "app/modules.hpp"

#include "summarize/module.hpp"
#include "translate/command.hpp"

namespace plaza {

void RegisterModules(ModuleRegistry& registry, const Config& config) {
  summarize::Register(registry, config.summary, config.llm, config.http_client,
                      config.jobs.max_attempts);
  // `plaza translate` (the translations module takes this call over when it is merged).
  translate::RegisterCommands(registry, config.translation, config.http_client);
}

}  // namespace plaza
