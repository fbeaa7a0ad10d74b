#include "app/modules.hpp"

#include "comments/module.hpp"
#include "summarize/module.hpp"

namespace plaza {

void RegisterModules(ModuleRegistry& registry, const Config& config) {
  summarize::Register(registry, config.summary, config.llm, config.http_client,
                      config.jobs.max_attempts);
  comments::Register(registry);
}

}  // namespace plaza
