#pragma once

// The one list of Plaza's modules: their config sections and their registration calls
// (sections.cpp and modules.cpp). Adding a capability adds its lines there.

#include "app/config.hpp"
#include "modules/registry.hpp"

namespace plaza {

/// Binds every module's config sections to their members of Config.
void DeclareSections(ConfigSchema& schema);

/// Registers every module with the settings in force.
void RegisterModules(ModuleRegistry& registry, const Config& config);

}  // namespace plaza
