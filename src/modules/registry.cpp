#include "modules/registry.hpp"

namespace plaza {

const ModuleCommand* ModuleRegistry::FindCommand(std::string_view name) const {
  for (const auto& command : commands_) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

Status ModuleRegistry::RegisterJobKinds(ModuleContext& context, jobs::JobRunner& runner) const {
  for (const auto& make : job_kinds_) {
    auto kind = make(context);
    if (!kind) return std::unexpected(kind.error());
    if (auto st = runner.Register(std::move(*kind)); !st) return st;
  }
  for (const auto& [make, every_s] : recurring_) {
    auto kind = make(context);
    if (!kind) return std::unexpected(kind.error());
    if (auto st = runner.RegisterRecurring(std::move(*kind), every_s); !st) return st;
  }
  return {};
}

Result<std::vector<std::unique_ptr<ModuleService>>> ModuleRegistry::StartServices(
    ModuleContext& context) const {
  std::vector<std::unique_ptr<ModuleService>> started;
  for (const auto& make : services_) {
    auto service = make(context);
    if (!service) {
      for (auto& s : started) s->Stop();
      return std::unexpected(service.error());
    }
    started.push_back(std::move(*service));
  }
  return started;
}

void ModuleRegistry::AddRoutesTo(http::Router& router, ModuleContext& context) const {
  for (const auto& add : routes_) add(router, context);
}

void ModuleRegistry::AddRoutesTo(http::Router& router, http::Deps& deps,
                                 ModuleContext& context) const {
  AddRoutesTo(router, context);
  for (const auto& add : http_routes_) add(router, deps, context);
}

}  // namespace plaza
