// The config loader (src/app/config.*): an operator's TOML file and PLAZA_* environment.
// Input: the TOML file, then optionally a NUL byte and NAME=value lines for the environment.
// Properties: loading succeeds or fails with kInvalidArgument whose message names the file
// (TOML) or the variable (environment); a failed load never throws.

#include <unistd.h>

#include <cstdio>
#include <map>
#include <string>

#include "app/config.hpp"
#include "fuzz/fuzz_check.hpp"

using plaza::fuzz::Require;

namespace {

// The loader reads a path, so each input is written to this process's own file first.
const std::string& ConfigPath() {
  static const std::string path = "/tmp/plaza-config-fuzz-" + std::to_string(getpid()) + ".toml";
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = plaza::fuzz::AsText(data, size);
  std::string_view toml = plaza::fuzz::TakeUntil(input, '\0');
  if (std::FILE* f = std::fopen(ConfigPath().c_str(), "wb")) {
    std::fwrite(toml.data(), 1, toml.size(), f);
    std::fclose(f);
  }
  plaza::Config config;
  auto loaded = plaza::ApplyConfigFile(config, ConfigPath());
  if (!loaded) {
    Require(loaded.error().code == plaza::Errc::kInvalidArgument, "a bad file is invalid input");
    Require(loaded.error().message.find(ConfigPath()) != std::string::npos,
            "the error names the file");
  }
  std::map<std::string, std::string> env;
  while (!input.empty()) {
    std::string_view line = plaza::fuzz::TakeUntil(input, '\n');
    std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    env.insert_or_assign("PLAZA_" + std::string(line.substr(0, eq)),
                         std::string(line.substr(eq + 1)));
  }
  auto applied = plaza::ApplyConfigEnv(config, env);
  if (!applied) {
    Require(applied.error().code == plaza::Errc::kInvalidArgument, "a bad variable is invalid");
  }
  return 0;
}
