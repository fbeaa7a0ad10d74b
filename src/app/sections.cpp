#include "accounts/session_options.hpp"
#include "app/modules.hpp"
#include "comments/comments_options.hpp"
#include "markets/markets_options.hpp"
#include "outgoing/outgoing_section.hpp"
#include "rewards/rewards_options.hpp"
#include "social/social_options.hpp"
#include "summarize/summary_options.hpp"
#include "translate/translation_section.hpp"

// DeclareSections, apart from RegisterModules (modules.cpp): the settings need every module's
// sections, not the modules, so the config loader links without them (plaza_app_config).

namespace plaza {

void DeclareSections(ConfigSchema& schema) {
  // The app's own sections: the listener, the store, what pages show, rate limits, logs.
  schema.Add(&Config::server, ServerSection())
      .Add(&Config::storage, StorageSection())
      .Add(&Config::site, SiteSection())
      .Add(&Config::limits, LimitsSection())
      .Add(&Config::sessions, SessionsSection())
      // The job runner and the event hub.
      .Add(&Config::jobs, jobs::JobsSection())
      .Add(&Config::events, events::EventsSection())
      // Summaries.
      .Add(&Config::summary, summarize::SummarySection())
      .Add(&Config::llm, summarize::LlmSection())
      // Translation engines and routes.
      .Add(&Config::translation, translate::TranslationSection())
      // Outgoing HTTP (LLM engines now; translation engines and price feeds next).
      .Add(&Config::http_client, outgoing::HttpClientSection())
      // Markets: assets, feeds, chips (docs/markets.md).
      .Add(&Config::markets, markets::MarketsSection())
      // Throttles on comments and likes.
      .Add(&Config::comments, comments::CommentsSection())
      // Reposts, shares, pins and follows.
      .Add(&Config::social, social::SocialSection())
      // Tips and wallets.
      .Add(&Config::rewards, rewards::RewardsSection())
      .Add(&Config::log, LogSection());
}

}  // namespace plaza
