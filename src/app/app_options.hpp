#pragma once

// The sections the app itself owns: [server] (the listener and what `plaza serve` wires around
// it), [storage] (the store factory), [site], [limits] (the services' rate limits) and [log].
// Each is declared once, in app_options.cpp.

#include <cstdint>
#include <string>
#include <vector>

#include "config/section.hpp"
#include "core/rate_limiter.hpp"
#include "web/pages.hpp"

namespace plaza {

struct ServerOptions {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  int io_threads = 0;      // 0 = number of cores
  int worker_threads = 4;  // blocking service calls (store, hashing)
  int render_threads = 2;  // creating and editing posts (Markdown, language detection)
  std::string public_url;  // "" = http://<listen address>:<bound port>
  std::vector<std::string> trusted_proxies;
  std::uint32_t header_timeout_ms = 10'000;
  std::uint32_t body_timeout_ms = 30'000;
  std::uint32_t idle_timeout_ms = 60'000;
  std::uint64_t max_body_bytes = 1 << 20;
  int max_connections = 10'000;
  bool access_log = false;         // one line per request (reverse proxies usually log already)
  bool page_cache = true;          // cache rendered anonymous pages and post JSON
  int page_cache_entries = 4096;   // entries held at most
  int page_cache_list_ttl_s = 10;  // feeds and profiles are served at most this old (1..10)
  int page_cache_post_ttl_s = 10;  // post pages and JSON (live counts) at most this old
  std::string metrics_token;       // "" = /metrics answers on loopback only
};

struct StorageOptions {
  std::string url;  // "" = sqlite:<data_dir>/plaza.db
  std::string data_dir = "./data";
  int pool_size = 4;
  bool sqlite_synchronous_full = true;

  /// The storage URL in force: `url` or the SQLite file under data_dir.
  std::string EffectiveUrl() const;
};

/// [site]: what every page shows (base_url and promo_url are filled in by `plaza serve` from
/// server.public_url), and whether the promo block shows.
struct SiteOptions : web::SiteSettings {
  bool promo = true;  // its QR code points at promo_url or the site
};

struct LimitsOptions {
  // Failed log-ins per handle (all addresses) in a window; beyond it every address is slowed
  // from its first failure (LoginBackoffOptions::account_ceiling).
  RateLimit login_per_account{100, 3600};
  int login_free_failures = 5;    // wrong passwords per handle and address before backoff
  int login_backoff_max_s = 900;  // the longest backoff
  RateLimit login_per_address{30, 300};
  RateLimit register_per_address{5, 3600};
  RateLimit posts_per_user{5, 60};
};

struct LogOptions {
  std::string level = "info";
};

const config::Section<ServerOptions>& ServerSection();
const config::Section<StorageOptions>& StorageSection();
const config::Section<SiteOptions>& SiteSection();
const config::Section<LimitsOptions>& LimitsSection();
const config::Section<LogOptions>& LogSection();

}  // namespace plaza
