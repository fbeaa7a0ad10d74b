#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/session_options.hpp"
#include "app/app_options.hpp"
#include "comments/comments_options.hpp"
#include "config/flags.hpp"
#include "config/schema.hpp"
#include "core/result.hpp"
#include "events/events_options.hpp"
#include "jobs/jobs_options.hpp"
#include "markets/markets_options.hpp"
#include "outgoing/outgoing_options.hpp"
#include "rewards/rewards_options.hpp"
#include "social/social_options.hpp"
#include "summarize/llm_options.hpp"
#include "summarize/summary_options.hpp"
#include "translate/translation_options.hpp"

namespace plaza {

/// Everything an operator can set: one member per section, each the options struct its module
/// declares (keys, defaults, help, validation) once. Precedence: flags > environment
/// (PLAZA_SECTION_KEY) > TOML file > defaults. src/app/sections.cpp binds the sections; the
/// reference in docs/configuration.md is generated from them (`plaza config`).
struct Config {
  ServerOptions server;
  StorageOptions storage;
  SiteOptions site;
  LimitsOptions limits;
  SessionOptions sessions;  // [sessions]: timeouts of browser sessions and API tokens
  jobs::JobsOptions jobs;
  events::EventsOptions events;
  summarize::SummaryOptions summary;
  summarize::LlmOptions llm;
  translate::TranslationOptions translation;
  // [http_client] (outgoing HTTP: proxies, timeouts, caps, retries; docs/outgoing-http.md)
  outgoing::OutgoingOptions http_client;
  markets::MarketsOptions markets;
  comments::CommentsOptions comments;  // [comments] (throttles; docs/conversation.md)
  // [social] (reposts, shares, pins, follows; docs/conversation.md)
  social::SocialOptions social;
  rewards::RewardsOptions rewards;  // [rewards] (docs/rewards.md)
  LogOptions log;
  // not a key: set by --demo
  bool demo = false;
  // not a key: set by `plaza bench-seed` only (argon2id at libsodium's minimum cost, so that
  // registering thousands of bench authors does not take half an hour)
  bool cheap_password_hashes = false;
};

using ConfigSchema = config::Schema<Config>;
/// Every section of every module, bound to its member (src/app/sections.cpp).
const ConfigSchema& Schema();

/// One settable key, e.g. "server.listen": its env name is PLAZA_SERVER_LISTEN.
struct ConfigKey {
  std::string_view name;
  std::string_view help;
};
std::vector<ConfigKey> ConfigKeys();

/// Applies one key from text (a flag). kInvalidArgument naming the key for an unknown key or a
/// bad value.
Status SetConfigValue(Config& config, std::string_view key, std::string_view value);

/// Reads a TOML file (tables are the key's first part; arrays of tables may sit at the root).
/// Unknown keys, bad values and malformed lists or tables are errors that name the key, the file
/// and the line.
Status ApplyConfigFile(Config& config, const std::string& path);

/// Applies PLAZA_<SECTION>_<KEY> variables from `env` (name → value). An unknown PLAZA_ name
/// is an error. PLAZA_TEST_* and PLAZA_SOURCE_DIR are left alone (the test harness's own).
Status ApplyConfigEnv(Config& config, const std::map<std::string, std::string>& env);

/// The process environment as a map.
std::map<std::string, std::string> ProcessEnvironment();

/// Defaults, then the --config file (when given), then `env`, then the flags that set config
/// keys: the settings every command runs with.
Result<Config> LoadConfig(const config::ParsedFlags& flags,
                          const std::map<std::string, std::string>& env);

}  // namespace plaza
