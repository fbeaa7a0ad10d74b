#include "app/config.hpp"

#include <toml++/toml.h>
#include <charconv>
#include <functional>

extern char** environ;

namespace plaza {
namespace {

using Setter = std::function<Status(Config&, std::string_view)>;

struct KeyDef {
  ConfigKey key;
  Setter set;
};

std::unexpected<Error> BadValue(std::string_view key, std::string_view why) {
  return Fail(Errc::kInvalidArgument, "config key " + std::string(key) + ": " + std::string(why),
              std::string(key));
}

template <typename Int>
Result<Int> ParseInt(std::string_view key, std::string_view v, Int min, Int max) {
  Int out{};
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size()) {
    return BadValue(key, "'" + std::string(v) + "' is not a whole number");
  }
  if (out < min || out > max) {
    return BadValue(key, std::to_string(out) + " is outside " + std::to_string(min) + ".." +
                             std::to_string(max));
  }
  return out;
}

Result<bool> ParseBool(std::string_view key, std::string_view v) {
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  return BadValue(key, "'" + std::string(v) + "' is not true or false");
}

// "10/300": 10 events per 300 seconds.
Result<RateLimit> ParseRate(std::string_view key, std::string_view v) {
  auto slash = v.find('/');
  if (slash == std::string_view::npos) return BadValue(key, "expected EVENTS/SECONDS, e.g. 5/60");
  auto events = ParseInt<int>(key, v.substr(0, slash), 1, 1'000'000);
  if (!events) return std::unexpected(events.error());
  auto window = ParseInt<int>(key, v.substr(slash + 1), 1, 86'400 * 7);
  if (!window) return std::unexpected(window.error());
  return RateLimit{*events, *window};
}

std::vector<std::string> SplitList(std::string_view v) {
  std::vector<std::string> out;
  while (!v.empty()) {
    auto comma = v.find(',');
    auto item = v.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    v.remove_prefix(comma + 1);
  }
  return out;
}

Setter Text(std::string Config::* field) {
  return [field](Config& c, std::string_view v) -> Status {
    c.*field = std::string(v);
    return {};
  };
}

Setter SiteText(std::string web::SiteSettings::* field) {
  return [field](Config& c, std::string_view v) -> Status {
    c.site.*field = std::string(v);
    return {};
  };
}

template <typename Int>
Setter Number(std::string_view key, Int Config::* field, Int min, Int max) {
  return [key, field, min, max](Config& c, std::string_view v) -> Status {
    auto n = ParseInt<Int>(key, v, min, max);
    if (!n) return std::unexpected(n.error());
    c.*field = *n;
    return {};
  };
}

Setter Flag(std::string_view key, bool Config::* field) {
  return [key, field](Config& c, std::string_view v) -> Status {
    auto b = ParseBool(key, v);
    if (!b) return std::unexpected(b.error());
    c.*field = *b;
    return {};
  };
}

Setter Rate(std::string_view key, RateLimit Config::* field) {
  return [key, field](Config& c, std::string_view v) -> Status {
    auto r = ParseRate(key, v);
    if (!r) return std::unexpected(r.error());
    c.*field = *r;
    return {};
  };
}

Status SetListen(Config& c, std::string_view v) {
  constexpr std::string_view kKey = "server.listen";
  auto colon = v.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return BadValue(kKey, "expected HOST:PORT, e.g. 127.0.0.1:8080");
  }
  auto port = ParseInt<std::uint16_t>(kKey, v.substr(colon + 1), 0, 65535);
  if (!port) return std::unexpected(port.error());
  std::string_view host = v.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  c.listen_host = std::string(host);
  c.listen_port = *port;
  return {};
}

Status SetPublicUrl(Config& c, std::string_view v) {
  if (!(v.starts_with("http://") || v.starts_with("https://"))) {
    return BadValue("server.public_url", "must start with http:// or https://");
  }
  while (v.ends_with('/')) v.remove_suffix(1);
  c.public_url = std::string(v);
  return {};
}

Status SetSynchronous(Config& c, std::string_view v) {
  if (v == "full") {
    c.sqlite_synchronous_full = true;
  } else if (v == "normal") {
    c.sqlite_synchronous_full = false;
  } else {
    return BadValue("storage.sqlite_synchronous", "expected full or normal");
  }
  return {};
}

Status SetLogLevel(Config& c, std::string_view v) {
  for (std::string_view ok : {"trace", "debug", "info", "warn", "error", "off"}) {
    if (v == ok) {
      c.log_level = std::string(v);
      return {};
    }
  }
  return BadValue("log.level", "expected trace, debug, info, warn, error or off");
}

// [llm]: fields of summarize::LlmOptions.
template <typename Int>
Setter LlmNumber(std::string_view key, Int summarize::LlmOptions::* field, Int min, Int max) {
  return [key, field, min, max](Config& c, std::string_view v) -> Status {
    auto n = ParseInt<Int>(key, v, min, max);
    if (!n) return std::unexpected(n.error());
    c.llm.*field = *n;
    return {};
  };
}

Setter LlmText(std::string summarize::LlmOptions::* field) {
  return [field](Config& c, std::string_view v) -> Status {
    c.llm.*field = std::string(v);
    return {};
  };
}

// llm.prompt_<code>: the system prompt for posts in one content language; "" = llm.prompt.
Setter LlmPrompt(const std::string& lang) {
  return [lang](Config& c, std::string_view v) -> Status {
    if (v.empty()) {
      c.llm.prompts.erase(lang);
    } else {
      c.llm.prompts[lang] = std::string(v);
    }
    return {};
  };
}

Status SetLlmUrl(Config& c, std::string_view v) {
  if (!v.empty() && !(v.starts_with("http://") || v.starts_with("https://"))) {
    return BadValue("llm.url", "must start with http:// or https:// (or be empty)");
  }
  while (v.ends_with('/')) v.remove_suffix(1);
  c.llm.base_url = std::string(v);
  return {};
}

Status SetSummaryEngine(Config& c, std::string_view v) {
  for (std::string_view ok : {"extractive", "llm", "off"}) {
    if (v == ok) {
      c.summary_engine = std::string(v);
      return {};
    }
  }
  return BadValue("summary.engine", "expected extractive, llm or off");
}

Status SetLlmTemperature(Config& c, std::string_view v) {
  double t = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), t);
  if (ec != std::errc() || p != v.data() + v.size() || !(t >= 0 && t <= 2)) {
    return BadValue("llm.temperature", "'" + std::string(v) + "' is not a number within 0..2");
  }
  c.llm.temperature = t;
  return {};
}

const std::vector<KeyDef>& Keys() {
  static const std::vector<KeyDef> keys = {
      {{"server.listen", "HOST:PORT to listen on; port 0 picks a free port"}, SetListen},
      {{"server.io_threads", "I/O threads (0 = one per core)"},
       Number("server.io_threads", &Config::io_threads, 0, 256)},
      {{"server.worker_threads", "threads for blocking service calls"},
       Number("server.worker_threads", &Config::worker_threads, 1, 256)},
      {{"server.public_url", "public base URL used in links and QR codes"}, SetPublicUrl},
      {{"server.trusted_proxies", "addresses whose X-Forwarded-For is believed (list)"},
       [](Config& c, std::string_view v) -> Status {
         c.trusted_proxies = SplitList(v);
         return {};
       }},
      {{"server.header_timeout_ms", "time allowed to send the request headers"},
       Number("server.header_timeout_ms", &Config::header_timeout_ms, 1u, 3'600'000u)},
      {{"server.body_timeout_ms", "time allowed to send the request body"},
       Number("server.body_timeout_ms", &Config::body_timeout_ms, 1u, 3'600'000u)},
      {{"server.idle_timeout_ms", "keep-alive idle time before a connection is closed"},
       Number("server.idle_timeout_ms", &Config::idle_timeout_ms, 1u, 3'600'000u)},
      {{"server.max_body_bytes", "largest request body accepted (413 above)"},
       Number("server.max_body_bytes", &Config::max_body_bytes, std::uint64_t{1024},
              std::uint64_t{64} << 20)},
      {{"server.max_connections", "open connections accepted at once"},
       Number("server.max_connections", &Config::max_connections, 1, 1'000'000)},
      {{"server.access_log", "one log line per request"},
       Flag("server.access_log", &Config::access_log)},
      {{"server.page_cache", "cache anonymous pages and post JSON (dropped by tag on write)"},
       Flag("server.page_cache", &Config::page_cache)},
      {{"server.page_cache_entries", "page cache entries held at most"},
       Number("server.page_cache_entries", &Config::page_cache_entries, 16, 1'000'000)},
      {{"server.page_cache_list_ttl_s", "seconds a cached feed or profile is served (1..10)"},
       Number("server.page_cache_list_ttl_s", &Config::page_cache_list_ttl_s, 1, 10)},
      {{"server.page_cache_post_ttl_s", "seconds a cached post page or JSON is served"},
       Number("server.page_cache_post_ttl_s", &Config::page_cache_post_ttl_s, 1, 3600)},
      {{"server.metrics_token", "bearer token for /metrics from other than loopback"},
       Text(&Config::metrics_token)},
      {{"storage.url", "sqlite:PATH or postgresql://..."}, Text(&Config::storage_url)},
      {{"storage.data_dir", "directory of the default SQLite file"}, Text(&Config::data_dir)},
      {{"storage.pool_size", "database connections"},
       Number("storage.pool_size", &Config::storage_pool_size, 1, 256)},
      {{"storage.sqlite_synchronous", "full (default) or normal"}, SetSynchronous},
      {{"site.name", "site name shown in the header and titles"},
       SiteText(&web::SiteSettings::site_name)},
      {{"site.disclaimer", "text under every post (default: localized generic disclaimer)"},
       SiteText(&web::SiteSettings::disclaimer)},
      {{"site.promo_text", "promo block call to action (default: localized text)"},
       SiteText(&web::SiteSettings::promo_text)},
      {{"site.promo_url", "promo block link and QR code target (\"\" = the site itself)"},
       SiteText(&web::SiteSettings::promo_url)},
      {{"site.promo", "show the promo block with its QR code"}, Flag("site.promo", &Config::promo)},
      {{"limits.login_per_account", "log-in attempts per handle, EVENTS/SECONDS"},
       Rate("limits.login_per_account", &Config::login_per_account)},
      {{"limits.login_per_address", "log-in attempts per client address, EVENTS/SECONDS"},
       Rate("limits.login_per_address", &Config::login_per_address)},
      {{"limits.register_per_address", "registrations per client address, EVENTS/SECONDS"},
       Rate("limits.register_per_address", &Config::register_per_address)},
      {{"limits.posts_per_user", "new posts per user, EVENTS/SECONDS"},
       Rate("limits.posts_per_user", &Config::posts_per_user)},
      {{"jobs.workers", "job runner threads (0 = this instance runs no jobs)"},
       Number("jobs.workers", &Config::jobs_workers, 0, 64)},
      {{"jobs.claim_batch", "jobs a worker claims at once"},
       Number("jobs.claim_batch", &Config::jobs_claim_batch, 1, 1000)},
      {{"jobs.lease_ms", "lease of a claimed job, renewed every third of it"},
       Number("jobs.lease_ms", &Config::jobs_lease_ms, std::int64_t{1'000},
              std::int64_t{86'400'000})},
      {{"jobs.poll_ms", "idle wait of a worker before it looks for jobs again"},
       Number("jobs.poll_ms", &Config::jobs_poll_ms, std::int64_t{10}, std::int64_t{3'600'000})},
      {{"jobs.backoff_base_ms", "delay before the first retry of a failed job"},
       Number("jobs.backoff_base_ms", &Config::jobs_backoff_base_ms, std::int64_t{0},
              std::int64_t{86'400'000})},
      {{"jobs.backoff_max_ms", "longest delay between retries"},
       Number("jobs.backoff_max_ms", &Config::jobs_backoff_max_ms, std::int64_t{0},
              std::int64_t{86'400'000})},
      {{"jobs.max_attempts", "attempts before a job is dead"},
       Number("jobs.max_attempts", &Config::jobs_max_attempts, 1, 100)},
      {{"events.ring_size", "events kept for Last-Event-ID resume"},
       Number("events.ring_size", &Config::events_ring_size, 0, 1'000'000)},
      {{"events.max_pending", "events waiting for one subscriber before it is dropped"},
       Number("events.max_pending", &Config::events_max_pending, 1, 100'000)},
      {{"events.heartbeat_ms", "heartbeat comment interval on an idle event stream"},
       Number("events.heartbeat_ms", &Config::events_heartbeat_ms, 100, 3'600'000)},
      {{"events.write_timeout_ms", "a write to an event stream stuck longer drops the client"},
       Number("events.write_timeout_ms", &Config::events_write_timeout_ms, 100, 3'600'000)},
      {{"events.max_connections", "open event streams (503 beyond)"},
       Number("events.max_connections", &Config::events_max_connections, 0, 1'000'000)},
      {{"events.max_per_address", "open event streams per client address (429 beyond)"},
       Number("events.max_per_address", &Config::events_max_per_address, 0, 1'000'000)},
      {{"summary.engine", "extractive, llm (needs llm.url and llm.model) or off"},
       SetSummaryEngine},
      {{"llm.url", "OpenAI-compatible API root, e.g. http://127.0.0.1:8080/v1 (\"\" = none)"},
       SetLlmUrl},
      {{"llm.model", "model name sent with each request"}, LlmText(&summarize::LlmOptions::model)},
      {{"llm.api_key", "bearer token for the endpoint (\"\" = none)"},
       LlmText(&summarize::LlmOptions::api_key)},
      {{"llm.timeout_ms", "time allowed for one summary request"},
       LlmNumber("llm.timeout_ms", &summarize::LlmOptions::timeout_ms, 1u, 3'600'000u)},
      {{"llm.max_tokens", "longest answer, in tokens"},
       LlmNumber("llm.max_tokens", &summarize::LlmOptions::max_tokens, 1, 100'000)},
      {{"llm.temperature", "sampling temperature, 0..2"}, SetLlmTemperature},
      {{"llm.max_input_chars", "the post text sent is cut to this many characters"},
       LlmNumber("llm.max_input_chars", &summarize::LlmOptions::max_input_chars, std::size_t{100},
                 std::size_t{1'000'000})},
      {{"llm.prompt", "system prompt (\"\" = the built-in one)"},
       LlmText(&summarize::LlmOptions::prompt)},
      {{"llm.prompt_en", "system prompt for English posts"}, LlmPrompt("en")},
      {{"llm.prompt_zh_hans", "system prompt for Simplified Chinese posts"}, LlmPrompt("zh-Hans")},
      {{"llm.prompt_zh_hant", "system prompt for Traditional Chinese posts"}, LlmPrompt("zh-Hant")},
      {{"llm.prompt_vi", "system prompt for Vietnamese posts"}, LlmPrompt("vi")},
      {{"llm.prompt_es", "system prompt for Spanish posts"}, LlmPrompt("es")},
      {{"llm.prompt_ru", "system prompt for Russian posts"}, LlmPrompt("ru")},
      {{"llm.prompt_fr", "system prompt for French posts"}, LlmPrompt("fr")},
      {{"llm.prompt_pt", "system prompt for Portuguese posts"}, LlmPrompt("pt")},
      {{"llm.prompt_id", "system prompt for Indonesian posts"}, LlmPrompt("id")},
      {{"llm.prompt_ja", "system prompt for Japanese posts"}, LlmPrompt("ja")},
      {{"llm.prompt_ar", "system prompt for Arabic posts"}, LlmPrompt("ar")},
      {{"llm.prompt_uk", "system prompt for Ukrainian posts"}, LlmPrompt("uk")},
      {{"log.level", "trace, debug, info, warn, error or off"}, SetLogLevel},
  };
  return keys;
}

const KeyDef* FindKey(std::string_view name) {
  for (const auto& k : Keys()) {
    if (k.key.name == name) return &k;
  }
  return nullptr;
}

std::string EnvName(std::string_view key) {
  std::string out = "PLAZA_";
  for (char ch : key) out += ch == '.' ? '_' : static_cast<char>(std::toupper(ch));
  return out;
}

// A TOML value in the textual form the setters read.
Result<std::string> TomlText(std::string_view key, const toml::node& node) {
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* b = node.as_boolean()) return std::string(b->get() ? "true" : "false");
  if (const auto* f = node.as_floating_point()) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f->get());
    if (ec != std::errc()) return BadValue(key, "unreadable number");
    return std::string(buf, end);
  }
  if (const auto* arr = node.as_array()) {
    std::string joined;
    for (const auto& item : *arr) {
      const auto* text = item.as_string();
      if (text == nullptr) return BadValue(key, "list items must be strings");
      if (!joined.empty()) joined += ',';
      joined += text->get();
    }
    return joined;
  }
  return BadValue(key, "unsupported value type");
}

}  // namespace

std::string Config::EffectiveStorageUrl() const {
  if (!storage_url.empty()) return storage_url;
  return "sqlite:" + data_dir + "/plaza.db";
}

const std::vector<ConfigKey>& ConfigKeys() {
  static const std::vector<ConfigKey> keys = [] {
    std::vector<ConfigKey> out;
    for (const auto& k : Keys()) out.push_back(k.key);
    return out;
  }();
  return keys;
}

Status SetConfigValue(Config& config, std::string_view key, std::string_view value) {
  const KeyDef* def = FindKey(key);
  if (def == nullptr) {
    return Fail(Errc::kInvalidArgument, "unknown config key " + std::string(key), std::string(key));
  }
  return def->set(config, value);
}

Status ApplyConfigFile(Config& config, const std::string& path) {
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Fail(Errc::kInvalidArgument, path + ":" + std::to_string(e.source().begin.line) + ": " +
                                            std::string(e.description()));
  }
  for (const auto& [section, node] : doc) {
    const auto* table = node.as_table();
    if (table == nullptr) {
      return Fail(Errc::kInvalidArgument,
                  path + ": unknown config key " + std::string(section.str()) +
                      " (keys live in tables such as [server])",
                  std::string(section.str()));
    }
    for (const auto& [name, value] : *table) {
      std::string key = std::string(section.str()) + "." + std::string(name.str());
      auto text = TomlText(key, value);
      if (!text) return std::unexpected(text.error());
      if (auto st = SetConfigValue(config, key, *text); !st) {
        Error e = st.error();
        e.message = path + ": " + e.message;
        return std::unexpected(std::move(e));
      }
    }
  }
  return {};
}

Status ApplyConfigEnv(Config& config, const std::map<std::string, std::string>& env) {
  for (const auto& [name, value] : env) {
    if (!name.starts_with("PLAZA_") || name.starts_with("PLAZA_TEST_") ||
        name == "PLAZA_SOURCE_DIR" || name == "PLAZA_REQUIRE_PG") {
      continue;
    }
    const KeyDef* match = nullptr;
    for (const auto& k : Keys()) {
      if (EnvName(k.key.name) == name) match = &k;
    }
    if (match == nullptr) {
      return Fail(Errc::kInvalidArgument, "unknown environment variable " + name, name);
    }
    if (auto st = match->set(config, value); !st) return st;
  }
  return {};
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

}  // namespace plaza
