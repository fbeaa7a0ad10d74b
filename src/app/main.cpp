// plaza: the one binary. Subcommands: serve, migrate, backup, jobs, config, version, and those the
// modules add (summarize).

#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/app.hpp"
#include "app/command_flags.hpp"
#include "app/config.hpp"
#include "app/jobs_command.hpp"
#include "app/modules.hpp"
#include "app/serve.hpp"
#include "core/allocator.hpp"

namespace plaza {
namespace {

using config::FlagSpec;

constexpr std::string_view kVersion = "0.1.0";

constexpr FlagSpec kServeFlags[] = {
    {"--listen", "HOST:PORT", "address to listen on (port 0: any free port)", "server.listen"},
    {"--threads", "N", "I/O threads (default: one per core)", "server.io_threads"},
    {"--demo", "", "load the demo content into an empty store"},
};
constexpr FlagSpec kBackupFlags[] = {
    {"--to", "FILE", "where to write the copy (required)"},
};

// A command of the app itself; modules add theirs through the registry.
struct Command {
  std::string_view name;
  std::string_view summary;
  std::span<const FlagSpec> flags;
  bool store_flags;  // also takes --config, --data and --storage
};

constexpr Command kCommands[] = {
    {"serve", "serve the site and the API", kServeFlags, true},
    {"migrate", "apply pending database migrations and exit", {}, true},
    {"backup", "copy the SQLite database online to a file", kBackupFlags, true},
    {"jobs", "list, count, retry and purge background jobs", {}, true},
    {"config", "print every setting with its default and help", {}, false},
    {"version", "print the version", {}, false},
};

void PrintUsage(std::FILE* out, const ModuleRegistry& modules) {
  std::fprintf(out, "usage: plaza <command> [options]\n\ncommands:\n");
  auto line = [out](std::string_view name, std::string_view summary) {
    std::fprintf(out, "  %-9s %.*s\n", std::string(name).c_str(), static_cast<int>(summary.size()),
                 summary.data());
  };
  for (const auto& c : kCommands) line(c.name, c.summary);
  for (const auto& c : modules.commands()) line(c.name, c.summary);
  std::fprintf(out, "\n`plaza <command> --help` lists a command's options.\n");
}

std::string KeyHelp(std::string_view key) {
  const auto* k = Schema().Find(key);
  return k == nullptr ? std::string() : k->help;
}

void PrintCommandHelp(std::string_view name, std::string_view usage, std::string_view about,
                      std::span<const FlagSpec> flags) {
  std::printf("usage: plaza %s %s\n\n%s\n\noptions:\n%s", std::string(name).c_str(),
              std::string(usage).c_str(), std::string(about).c_str(),
              config::FlagHelp(flags, &KeyHelp).c_str());
  std::printf(
      "\nSettings: flags > environment (PLAZA_SECTION_KEY) > --config file > defaults; "
      "`plaza config` and docs/configuration.md list every key.\n");
}

int Fatal(const Error& error) {
  std::fprintf(stderr, "plaza: %s\n", error.message.c_str());
  return 1;
}

void UseStderrLogger(const std::string& level) {
  // Logs go to stderr: stdout carries command output ("listening on ...", versions, backups).
  auto logger = spdlog::get("plaza");
  if (!logger) logger = spdlog::stderr_color_mt("plaza");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  spdlog::set_level(spdlog::level::from_str(level));
}

int Main(int argc, char** argv) {
  // The modules' commands, to list and find them; each runs with a registry made from the
  // settings it loads.
  ModuleRegistry listing;
  RegisterModules(listing, Config{});
  if (argc < 2) {
    PrintUsage(stderr, listing);
    return 2;
  }
  std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(stdout, listing);
    return 0;
  }
  if (name == "--version") name = "version";
  const Command* command = nullptr;
  for (const auto& c : kCommands) {
    if (c.name == name) command = &c;
  }
  const ModuleCommand* module_command = listing.FindCommand(name);
  if (command == nullptr && module_command == nullptr) {
    std::fprintf(stderr, "plaza: unknown command '%s'\n\n", argv[1]);
    PrintUsage(stderr, listing);
    return 2;
  }
  std::span<char* const> args(argv + 2, static_cast<std::size_t>(argc - 2));
  // `plaza jobs` has subcommands of its own (app/jobs_command.hpp).
  if (name == "jobs") return RunJobsCommand(args);

  std::vector<FlagSpec> flags;
  if (command != nullptr) {
    flags.assign(command->flags.begin(), command->flags.end());
    if (command->store_flags)
      flags.insert(flags.end(), std::begin(kStoreFlags), std::end(kStoreFlags));
  } else {
    flags = module_command->flags;
    flags.push_back(kConfigFlag);
  }
  auto parsed =
      config::ParseFlags(args, flags, module_command != nullptr && module_command->positional);
  if (!parsed) {
    std::fprintf(stderr, "plaza %s: %s\n", argv[1], parsed.error().message.c_str());
    return 2;
  }
  if (parsed->help) {
    if (command != nullptr) {
      PrintCommandHelp(name, "[options]", command->summary, flags);
    } else {
      PrintCommandHelp(name, module_command->usage, module_command->about, flags);
    }
    return 0;
  }
  auto loaded = LoadConfig(*parsed, ProcessEnvironment());
  if (!loaded) {
    std::fprintf(stderr, "plaza %s: %s\n", argv[1], loaded.error().message.c_str());
    return 2;
  }
  Config& config = *loaded;
  config.demo = parsed->Has("--demo");
  UseStderrLogger(config.log.level);

  if (module_command != nullptr) {
    ModuleRegistry modules;
    RegisterModules(modules, config);
    return modules.FindCommand(name)->run(*parsed, CommandIo{});
  }
  if (name == "version") {
    std::printf("plaza %s\n", std::string(kVersion).c_str());
    return 0;
  }
  if (name == "config") {
    std::fputs(Schema().Reference().c_str(), stdout);
    return 0;
  }
  if (name == "serve") return Serve(config);
  const std::string backup_to = parsed->Get("--to").value_or("");
  if (name == "backup" && backup_to.empty()) {
    std::fprintf(stderr, "plaza backup: --to FILE is required\n");
    return 2;
  }
  auto app = App::Open(config);
  if (!app) return Fatal(app.error());
  if (name == "migrate") {
    std::printf("schema version %d (%s)\n", (*app)->schema_version(),
                (*app)->store().BackendName().c_str());
    return 0;
  }
  if (auto st = (*app)->store().Backup(backup_to); !st) return Fatal(st.error());
  std::printf("backup written to %s\n", backup_to.c_str());
  return 0;
}

}  // namespace
}  // namespace plaza

int main(int argc, char** argv) {
  plaza::TuneAllocator();
  return plaza::Main(argc, argv);
}
