#pragma once

// `plaza translate`: the route table (--routes) and stdin translated line by line
// (--from CODE --to CODE) with the engines the job workers use.

#include "modules/registry.hpp"
#include "outgoing/outgoing_options.hpp"
#include "translate/translation_options.hpp"

namespace plaza::translate {

/// The command, reading [translation] and [http_client] as loaded.
ModuleCommand TranslateCommand(const TranslationOptions& options,
                               const outgoing::OutgoingOptions& http);

/// Registers `plaza translate` (the translations module calls it from its Register).
void RegisterCommands(ModuleRegistry& registry, const TranslationOptions& options,
                      const outgoing::OutgoingOptions& http);

}  // namespace plaza::translate
