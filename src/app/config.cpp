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
      {{"server.page_cache", "cache anonymous pages and post JSON (invalidated on write)"},
       Flag("server.page_cache", &Config::page_cache)},
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
