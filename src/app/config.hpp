#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/rate_limiter.hpp"
#include "core/result.hpp"
#include "summarize/llm_options.hpp"
#include "web/pages.hpp"

namespace plaza {

/// Everything an operator can set. Precedence: flags > environment (PLAZA_…) > TOML > defaults.
/// docs/configuration.md lists every key.
struct Config {
  // [server]
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  int io_threads = 0;      // 0 = number of cores
  int worker_threads = 4;  // blocking service calls (store, hashing)
  std::string public_url;  // "" = http://<listen address>:<bound port>
  std::vector<std::string> trusted_proxies;
  std::uint32_t header_timeout_ms = 10'000;
  std::uint32_t body_timeout_ms = 30'000;
  std::uint32_t idle_timeout_ms = 60'000;
  std::uint64_t max_body_bytes = 1 << 20;
  int max_connections = 10'000;
  bool access_log = false;  // one line per request (reverse proxies usually log already)
  bool page_cache = true;   // cache rendered anonymous pages and post JSON, dropped by tag on write
  int page_cache_entries = 4096;   // entries held at most
  int page_cache_list_ttl_s = 10;  // feeds and profiles are served at most this old (1..10)
  int page_cache_post_ttl_s = 10;  // post pages and JSON (live counts) at most this old
  std::string metrics_token;       // "" = /metrics answers on loopback only
  // [storage]
  std::string data_dir = "./data";
  std::string storage_url;  // "" = sqlite:<data_dir>/plaza.db
  int storage_pool_size = 4;
  bool sqlite_synchronous_full = true;
  // [site] (base_url and promo_url are filled in by `plaza serve` from public_url)
  web::SiteSettings site;
  bool promo = true;  // show the promo block; its QR code points at promo_url or the site
  // [limits]
  RateLimit login_per_account{10, 300};
  RateLimit login_per_address{30, 300};
  RateLimit register_per_address{5, 3600};
  RateLimit posts_per_user{5, 60};
  // [jobs] (the job runner: src/jobs/job_runner.hpp, docs/jobs.md)
  int jobs_workers = 2;  // 0: this instance runs no jobs (another one does)
  int jobs_claim_batch = 8;
  std::int64_t jobs_lease_ms = 60'000;
  std::int64_t jobs_poll_ms = 1'000;
  std::int64_t jobs_backoff_base_ms = 2'000;
  std::int64_t jobs_backoff_max_ms = 600'000;
  int jobs_max_attempts = 5;  // attempts before a job is dead
  // [events] (live events over Server-Sent Events: docs/events.md)
  int events_ring_size = 1024;       // events kept for Last-Event-ID resume
  int events_max_pending = 256;      // per subscriber; a slower one is dropped
  int events_heartbeat_ms = 15'000;  // ": hb" comment on an idle stream
  int events_write_timeout_ms = 10'000;
  int events_max_connections = 8'000;  // open streams (keep below server.max_connections)
  int events_max_per_address = 32;     // open streams per client address
  // [summary] (docs/summaries.md)
  std::string summary_engine = "extractive";  // "extractive", "llm" or "off"
  // [llm] (the LLM summary engine: docs/llm-summaries.md; "" url = none)
  summarize::LlmOptions llm;
  // [log]
  std::string log_level = "info";
  // not a key: set by --demo
  bool demo = false;

  /// The storage URL in force: storage_url or the SQLite file under data_dir.
  std::string EffectiveStorageUrl() const;
};

/// One settable key, e.g. "server.listen": its env name is PLAZA_SERVER_LISTEN.
struct ConfigKey {
  std::string_view name;
  std::string_view help;
};
const std::vector<ConfigKey>& ConfigKeys();

/// Applies one key from any source. kInvalidArgument naming the key for an unknown key or a
/// bad value.
Status SetConfigValue(Config& config, std::string_view key, std::string_view value);

/// Reads a TOML file (tables are the key's first part). Unknown keys and bad values are errors
/// that name the key and the file.
Status ApplyConfigFile(Config& config, const std::string& path);

/// Applies PLAZA_<SECTION>_<KEY> variables from `env` (name → value). An unknown PLAZA_ name
/// is an error. PLAZA_TEST_* and PLAZA_SOURCE_DIR are left alone (the test harness's own).
Status ApplyConfigEnv(Config& config, const std::map<std::string, std::string>& env);

/// The process environment as a map.
std::map<std::string, std::string> ProcessEnvironment();

}  // namespace plaza
