#include "app/modules.hpp"
#include "outgoing/outgoing_section.hpp"
#include "rewards/rewards_options.hpp"
#include "summarize/summary_options.hpp"

// DeclareSections, apart from RegisterModules (modules.cpp): the settings need every module's
// sections, not the modules, so the config loader links without them (plaza_app_config).

namespace plaza {

void DeclareSections(ConfigSchema& schema) {
  // The app's own sections: the listener, the store, what pages show, rate limits, logs.
  schema.Add(&Config::server, ServerSection())
      .Add(&Config::storage, StorageSection())
      .Add(&Config::site, SiteSection())
      .Add(&Config::limits, LimitsSection())
      // The job runner and the event hub.
      .Add(&Config::jobs, jobs::JobsSection())
      .Add(&Config::events, events::EventsSection())
      // Summaries.
      .Add(&Config::summary, summarize::SummarySection())
      .Add(&Config::llm, summarize::LlmSection())
      // Outgoing HTTP (LLM engines now; translation engines and price feeds next).
      .Add(&Config::http_client, outgoing::HttpClientSection())
      // Tips and wallets.
      .Add(&Config::rewards, rewards::RewardsSection())
      .Add(&Config::log, LogSection());
}

}  // namespace plaza
