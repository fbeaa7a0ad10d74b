#pragma once

#include <string>

#include "accounts/accounts.hpp"
#include "core/clock.hpp"
#include "events/event_hub.hpp"
#include "http/handlers/page_cache.hpp"
#include "i18n/catalog.hpp"
#include "posts/posts.hpp"
#include "storage/store.hpp"
#include "web/pages.hpp"

namespace plaza::ops {
class Registry;
}
namespace plaza::translation {
class PostTranslations;
}
namespace plaza::markets {
class ChipBoard;
}

namespace plaza::http {

class WorkerPool;
class EventStreams;

/// What route handlers reach: services, rendering inputs and the operator's settings.
struct Deps {
  Accounts& accounts;
  Posts& posts;
  Store& store;
  const Catalogs& catalogs;
  const web::SiteSettings& site;
  ops::Registry& metrics;
  WorkerPool& pool;         // store reads and writes, hashing
  WorkerPool& render_pool;  // creating and editing posts (Markdown, language detection)
  PageCache& cache;
  const Clock& clock;
  events::EventHub& events;     // publish live events (docs/events.md)
  EventStreams& event_streams;  // GET /api/v1/events
  bool secure_cookies = false;  // public URL is https: Secure + __Host- cookies
  std::string metrics_token;    // "" = loopback only
  /// The translations module's service; nullptr without it (posts read as written).
  translation::PostTranslations* translations = nullptr;
  /// The markets module's chips and records (set by the module when it adds its routes);
  /// nullptr without it (chips show their symbols only).
  const markets::ChipBoard* chips = nullptr;
};

}  // namespace plaza::http
