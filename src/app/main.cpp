// plaza: the one binary. Subcommands: serve, migrate, backup, version.

#include <cstdio>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/app.hpp"
#include "app/config.hpp"
#include "app/jobs_command.hpp"
#include "app/serve.hpp"
#include "app/summarize_command.hpp"

namespace plaza {
namespace {

constexpr std::string_view kVersion = "0.1.0";

struct Flag {
  std::string_view name;  // "--listen"
  std::string_view key;   // config key it sets, "" for flags handled by the command
  bool takes_value;
  std::string_view help;
};

constexpr Flag kCommonFlags[] = {
    {"--config", "", true, "FILE  read settings from a TOML file"},
    {"--data", "storage.data_dir", true, "DIR  directory of the SQLite file (default ./data)"},
    {"--storage", "storage.url", true, "URL  sqlite:PATH or postgresql://..."},
};
constexpr Flag kServeFlags[] = {
    {"--listen", "server.listen", true, "HOST:PORT  address to listen on (port 0: any free port)"},
    {"--threads", "server.io_threads", true, "N  I/O threads (default: one per core)"},
    {"--demo", "", false, "load the demo content into an empty store"},
};
constexpr Flag kBackupFlags[] = {
    {"--to", "", true, "FILE  where to write the copy (required)"},
};

struct Command {
  std::string_view name;
  std::string_view summary;
  std::span<const Flag> flags;
};

const Command kCommands[] = {
    {"serve", "serve the site and the API", kServeFlags},
    {"migrate", "apply pending database migrations and exit", {}},
    {"backup", "copy the SQLite database online to a file", kBackupFlags},
    {"jobs", "list, count, retry and purge background jobs", {}},
    {"summarize", "summarize a post read from standard input", {}},
    {"version", "print the version", {}},
};

void PrintUsage(std::FILE* out) {
  std::fprintf(out, "usage: plaza <command> [options]\n\ncommands:\n");
  for (const auto& c : kCommands) {
    std::fprintf(out, "  %-9s %.*s\n", std::string(c.name).c_str(),
                 static_cast<int>(c.summary.size()), c.summary.data());
  }
  std::fprintf(out, "\n`plaza <command> --help` lists a command's options.\n");
}

void PrintCommandHelp(const Command& command) {
  std::printf("usage: plaza %s [options]\n\n%s\n\noptions:\n", std::string(command.name).c_str(),
              std::string(command.summary).c_str());
  auto print = [](const Flag& f) {
    std::printf("  %-10s %s\n", std::string(f.name).c_str(), std::string(f.help).c_str());
  };
  for (const auto& f : command.flags) print(f);
  if (command.name != "version") {
    for (const auto& f : kCommonFlags) print(f);
  }
  std::printf("  %-10s %s\n", "--help", "show this help");
  std::printf(
      "\nSettings: flags > environment (PLAZA_SECTION_KEY) > --config file > defaults; "
      "docs/configuration.md lists every key.\n");
}

const Flag* FindFlag(std::span<const Flag> flags, std::string_view name) {
  for (const auto& f : flags) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

struct Invocation {
  Config config;
  std::string backup_to;
};

// Builds the configuration: defaults, then the file, then the environment, then the flags.
Result<Invocation> Parse(const Command& command, std::span<char*> args) {
  Invocation inv;
  std::string config_file;
  std::vector<std::pair<std::string_view, std::string>> settings;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    std::string value;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      value = std::string(arg.substr(eq + 1));
      arg = arg.substr(0, eq);
    }
    const Flag* flag = FindFlag(command.flags, arg);
    if (flag == nullptr && command.name != "version") flag = FindFlag(kCommonFlags, arg);
    if (flag == nullptr) {
      return Fail(Errc::kInvalidArgument, "unknown option " + std::string(arg), std::string(arg));
    }
    if (flag->takes_value && value.empty()) {
      if (i + 1 >= args.size()) {
        return Fail(Errc::kInvalidArgument, std::string(arg) + " needs a value", std::string(arg));
      }
      value = args[++i];
    }
    if (arg == "--config") {
      config_file = value;
    } else if (arg == "--demo") {
      inv.config.demo = true;
    } else if (arg == "--to") {
      inv.backup_to = value;
    } else {
      settings.emplace_back(flag->key, value);
    }
  }
  if (!config_file.empty()) {
    if (auto st = ApplyConfigFile(inv.config, config_file); !st) return std::unexpected(st.error());
  }
  if (auto st = ApplyConfigEnv(inv.config, ProcessEnvironment()); !st) {
    return std::unexpected(st.error());
  }
  for (const auto& [key, value] : settings) {
    if (auto st = SetConfigValue(inv.config, key, value); !st) return std::unexpected(st.error());
  }
  return inv;
}

int Fatal(const Error& error) {
  std::fprintf(stderr, "plaza: %s\n", error.message.c_str());
  return 1;
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return 2;
  }
  std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(stdout);
    return 0;
  }
  if (name == "--version") name = "version";
  const Command* command = nullptr;
  for (const auto& c : kCommands) {
    if (c.name == name) command = &c;
  }
  if (command == nullptr) {
    std::fprintf(stderr, "plaza: unknown command '%s'\n\n", argv[1]);
    PrintUsage(stderr);
    return 2;
  }
  std::span<char*> args(argv + 2, static_cast<std::size_t>(argc - 2));
  // Subcommands and positional arguments: `plaza jobs` parses its own (app/jobs_command.hpp).
  if (command->name == "jobs") return RunJobsCommand(args);
  // `plaza summarize` reads the post from stdin and parses its own options.
  if (command->name == "summarize") return RunSummarizeCommand(args, stdin, stdout, stderr);
  for (std::string_view arg : args) {
    if (arg == "--help" || arg == "-h") {
      PrintCommandHelp(*command);
      return 0;
    }
  }
  auto inv = Parse(*command, args);
  if (!inv) {
    std::fprintf(stderr, "plaza %s: %s\n", argv[1], inv.error().message.c_str());
    return 2;
  }
  // Logs go to stderr: stdout carries command output ("listening on ...", versions, backups).
  auto logger = spdlog::stderr_color_mt("plaza");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  spdlog::set_level(spdlog::level::from_str(inv->config.log_level));

  if (command->name == "version") {
    std::printf("plaza %s\n", std::string(kVersion).c_str());
    return 0;
  }
  if (command->name == "serve") return Serve(inv->config);
  if (command->name == "backup" && inv->backup_to.empty()) {
    std::fprintf(stderr, "plaza backup: --to FILE is required\n");
    return 2;
  }
  auto app = App::Open(inv->config);
  if (!app) return Fatal(app.error());
  if (command->name == "migrate") {
    std::printf("schema version %d (%s)\n", (*app)->schema_version(),
                (*app)->store().BackendName().c_str());
    return 0;
  }
  if (auto st = (*app)->store().Backup(inv->backup_to); !st) return Fatal(st.error());
  std::printf("backup written to %s\n", inv->backup_to.c_str());
  return 0;
}

}  // namespace
}  // namespace plaza

int main(int argc, char** argv) { return plaza::Main(argc, argv); }
