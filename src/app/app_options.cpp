#include "app/app_options.hpp"

#include "config/rate_key.hpp"

namespace plaza {
namespace {

Status SetListen(ServerOptions& o, std::string_view v, std::string_view key) {
  auto colon = v.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return config::BadValue(key, "expected HOST:PORT, e.g. 127.0.0.1:8080");
  }
  auto port = config::ParseInteger(key, v.substr(colon + 1), 0, 65535);
  if (!port) return std::unexpected(port.error());
  std::string_view host = v.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  o.listen_host = std::string(host);
  o.listen_port = static_cast<std::uint16_t>(*port);
  return {};
}

std::string ShowListen(const ServerOptions& o) {
  const bool v6 = o.listen_host.find(':') != std::string::npos;
  return config::Quoted((v6 ? "[" + o.listen_host + "]" : o.listen_host) + ":" +
                        std::to_string(o.listen_port));
}

// "10/300": 10 events per 300 seconds.
config::Section<LimitsOptions>::Setter Rate(RateLimit LimitsOptions::* field) {
  return config::RateSetter(field);
}

config::Section<LimitsOptions>::Shower ShowRate(RateLimit LimitsOptions::* field) {
  return config::RateShower(field);
}

}  // namespace

std::string StorageOptions::EffectiveUrl() const {
  if (!url.empty()) return url;
  return "sqlite:" + data_dir + "/plaza.db";
}

const config::Section<ServerOptions>& ServerSection() {
  constexpr std::uint32_t kHour = 3'600'000;
  static const auto section =
      config::Section<ServerOptions>("server", "the HTTP listener")
          .Scalar("listen", &SetListen, &ShowListen,
                  "HOST:PORT to listen on (--listen); port 0 picks a free port")
          .Integer("io_threads", &ServerOptions::io_threads, 0, 256,
                   "I/O threads (--threads); 0 = one per core")
          .Integer("worker_threads", &ServerOptions::worker_threads, 1, 256,
                   "threads for blocking service calls (database, hashing)")
          .Integer("render_threads", &ServerOptions::render_threads, 1, 256,
                   "threads for creating and editing posts (Markdown rendering, language "
                   "detection), apart from the pool that serves reads and /healthz")
          .Scalar(
              "public_url",
              [](ServerOptions& o, std::string_view v, std::string_view key) -> Status {
                auto url = config::ParseBaseUrl(key, v, /*allow_empty=*/false);
                if (!url) return std::unexpected(url.error());
                o.public_url = std::move(*url);
                return {};
              },
              [](const ServerOptions& o) { return config::Quoted(o.public_url); },
              "e.g. \"https://square.example.com\": links, QR codes, cookies (https → Secure "
              "__Host- cookies); \"\" = the listen address")
          .List("trusted_proxies", &ServerOptions::trusted_proxies,
                "whose X-Forwarded-For is believed (addresses or CIDR); behind a proxy on this "
                "host: [\"127.0.0.1\", \"::1\"]")
          .Integer("header_timeout_ms", &ServerOptions::header_timeout_ms, 1u, kHour,
                   "time to send the request line and headers")
          .Integer("body_timeout_ms", &ServerOptions::body_timeout_ms, 1u, kHour,
                   "time to send the body (and to read the response)")
          .Integer("idle_timeout_ms", &ServerOptions::idle_timeout_ms, 1u, kHour,
                   "keep-alive idle time")
          .Integer("max_body_bytes", &ServerOptions::max_body_bytes, std::uint64_t{1024},
                   std::uint64_t{64} << 20, "larger bodies get 413")
          .Integer("max_connections", &ServerOptions::max_connections, 1, 1'000'000,
                   "open connections accepted at once")
          .Bool("access_log", &ServerOptions::access_log, "one structured log line per request")
          .Bool("page_cache", &ServerOptions::page_cache,
                "cache anonymous pages and post JSON; a write drops the entries it changes")
          .Integer("page_cache_entries", &ServerOptions::page_cache_entries, 16, 1'000'000,
                   "page cache entries held at most")
          .Integer("page_cache_list_ttl_s", &ServerOptions::page_cache_list_ttl_s, 1, 10,
                   "seconds a cached feed or profile is served (its counts and cards are live "
                   "values)")
          .Integer("page_cache_post_ttl_s", &ServerOptions::page_cache_post_ttl_s, 1, 3600,
                   "seconds a cached post page or JSON is served (live counts)")
          .Text("metrics_token", &ServerOptions::metrics_token,
                "/metrics: loopback only, or with \"Authorization: Bearer <token>\"");
  return section;
}

const config::Section<StorageOptions>& StorageSection() {
  static const auto section =
      config::Section<StorageOptions>("storage", "the database")
          .Text("url", &StorageOptions::url,
                "--storage; \"\" = sqlite:<data_dir>/plaza.db; or postgresql://...")
          .Text("data_dir", &StorageOptions::data_dir,
                "--data; the directory of the default SQLite file")
          .Integer("pool_size", &StorageOptions::pool_size, 1, 256,
                   "database connections (SQLite: readers; plus one writer)")
          .Scalar(
              "sqlite_synchronous",
              [](StorageOptions& o, std::string_view v, std::string_view key) -> Status {
                if (v != "full" && v != "normal") {
                  return config::BadValue(key, "expected full or normal");
                }
                o.sqlite_synchronous_full = v == "full";
                return {};
              },
              [](const StorageOptions& o) {
                return config::Quoted(o.sqlite_synchronous_full ? "full" : "normal");
              },
              "full: every acknowledged write is on disk; normal: faster, survives a crash of "
              "Plaza but not of the machine");
  return section;
}

const config::Section<SiteOptions>& SiteSection() {
  static const auto section =
      config::Section<SiteOptions>("site", "what every page shows")
          .Text("name", &SiteOptions::site_name, "site name shown in the header and titles")
          .Text("disclaimer", &SiteOptions::disclaimer,
                "text under every post; \"\" = the localized default")
          .Text("promo_text", &SiteOptions::promo_text,
                "promo block call to action; \"\" = the localized default")
          .Bool("promo", &SiteOptions::promo, "show the promo block (call to action + QR code)")
          .Text("promo_url", &SiteOptions::promo_url,
                "app or download URL for the QR code; \"\" = the site itself");
  return section;
}

const config::Section<LimitsOptions>& LimitsSection() {
  static const auto section =
      config::Section<LimitsOptions>("limits",
                                     "EVENTS/SECONDS; a refused request gets 429 + Retry-After")
          .Scalar("login_per_account", Rate(&LimitsOptions::login_per_account),
                  ShowRate(&LimitsOptions::login_per_account),
                  "failed log-ins per handle from all addresses; beyond it each address waits "
                  "after its first failure (slowed, never locked out)")
          .Integer("login_free_failures", &LimitsOptions::login_free_failures, 0, 1000,
                   "wrong passwords per handle and address before waits start (1 s, doubling)")
          .Integer("login_backoff_max_s", &LimitsOptions::login_backoff_max_s, 1, 86400,
                   "the longest wait between log-in attempts for one handle and address")
          .Scalar("login_per_address", Rate(&LimitsOptions::login_per_address),
                  ShowRate(&LimitsOptions::login_per_address), "log-in attempts per client address")
          .Scalar("register_per_address", Rate(&LimitsOptions::register_per_address),
                  ShowRate(&LimitsOptions::register_per_address),
                  "registrations per client address")
          .Scalar("posts_per_user", Rate(&LimitsOptions::posts_per_user),
                  ShowRate(&LimitsOptions::posts_per_user),
                  "new posts (edits have their own allowance of the same size)");
  return section;
}

const config::Section<LogOptions>& LogSection() {
  static const auto section =
      config::Section<LogOptions>("log", "logs (on stderr)")
          .Choice("level", &LogOptions::level, {"trace", "debug", "info", "warn", "error", "off"},
                  "trace, debug, info, warn, error or off");
  return section;
}

}  // namespace plaza
