#include "app/config.hpp"

#include "app/modules.hpp"

extern char** environ;

namespace plaza {

const ConfigSchema& Schema() {
  static const ConfigSchema schema = [] {
    ConfigSchema s;
    DeclareSections(s);
    return s;
  }();
  return schema;
}

std::vector<ConfigKey> ConfigKeys() {
  std::vector<ConfigKey> out;
  for (const auto& key : Schema().keys()) out.push_back({key.name, key.help});
  return out;
}

Status SetConfigValue(Config& config, std::string_view key, std::string_view value) {
  return Schema().Set(config, key, value);
}

Status ApplyConfigFile(Config& config, const std::string& path) {
  return Schema().ApplyFile(config, path);
}

Status ApplyConfigEnv(Config& config, const std::map<std::string, std::string>& env) {
  return Schema().ApplyEnv(config, env);
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

Result<Config> LoadConfig(const config::ParsedFlags& flags,
                          const std::map<std::string, std::string>& env) {
  Config config;
  if (auto file = flags.Get("--config")) {
    if (auto st = ApplyConfigFile(config, *file); !st) return std::unexpected(st.error());
  }
  if (auto st = ApplyConfigEnv(config, env); !st) return std::unexpected(st.error());
  for (const auto& [key, value] : flags.Settings()) {
    if (auto st = SetConfigValue(config, key, value); !st) return std::unexpected(st.error());
  }
  return config;
}

}  // namespace plaza
