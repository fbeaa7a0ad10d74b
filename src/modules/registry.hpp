#pragma once

// Capability modules. A capability (summaries; later translations, markets, comments, ...) is a
// folder under src/ with one registration call,
//
//   void Register(ModuleRegistry& registry, const <its options>&...);
//
// that hands the app everything it adds: the jobs queued with every post revision, its job
// kinds, its routes and its `plaza` commands. Its config sections are declared in the same
// folder (config/section.hpp), and src/app/modules.cpp lists every module, its sections and its
// Register call in one place. docs/architecture.md has the checklist for adding one.
//
// Register only declares: it starts nothing and may run more than once (the command line builds
// a registry to find a command, then another with the loaded settings). What it registers runs
// later, when `plaza serve` (or a command) calls it.

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/flags.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "jobs/job_runner.hpp"
#include "storage/store.hpp"

namespace plaza {
class Catalogs;
class Posts;
}  // namespace plaza
namespace plaza::events {
class EventHub;
}
namespace plaza::ops {
class Registry;
}
namespace plaza::http {
class Router;
struct Deps;
}  // namespace plaza::http
namespace plaza::translation {
class PostTranslations;
}

namespace plaza {

/// What a module's running parts (job kinds, routes) reach once `plaza serve` has built the
/// process's services. Everything here outlives them.
struct ModuleContext {
  Store& store;
  const Clock& clock;
  Posts& posts;
  const Catalogs& catalogs;
  events::EventHub& events;  // live events (docs/events.md)
  ops::Registry& metrics;
  /// Drops the cached pages and JSON that show one post (a stored summary, later a
  /// translation): the page cache's only entry point for modules.
  std::function<void(std::int64_t post_id)> drop_cached_post;
  /// Called after every summary the summaries module stores (on the job worker's thread). A
  /// module's job kind factory appends to it while `plaza serve` starts; read-only afterwards.
  /// (The translations module queues the summary's translation here.)
  std::vector<std::function<void(const Summary&)>> summary_listeners;
  /// What the core routes reach (accounts, sessions, CSRF, rendering, the page cache), for a
  /// module whose routes are pages and API calls like theirs. Set by `plaza serve` before any
  /// route is added; null elsewhere.
  http::Deps* http = nullptr;
};

/// Where a command reads and writes.
struct CommandIo {
  std::FILE* in = stdin;
  std::FILE* out = stdout;
  std::FILE* err = stderr;
};

/// A `plaza <name>` command a module adds. The app parses its flags (plus --config and the
/// flags that set config keys) with the shared parser, loads the settings, registers the
/// modules with them and calls `run`.
struct ModuleCommand {
  std::string name;     // "summarize"
  std::string summary;  // one line for `plaza --help`
  std::string usage;    // after "usage: plaza <name> ", e.g. "[options] < post.txt"
  std::string about;    // paragraphs printed by --help before the options
  std::vector<config::FlagSpec> flags;
  /// Whether it takes positional arguments (`plaza assets add BTC`), in ParsedFlags::positional.
  bool positional = false;
  /// Exit code: 0, 1 for a failure, 2 for a usage error.
  std::function<int(const config::ParsedFlags& flags, const CommandIo& io)> run;
};

/// Makes a job kind once the services exist; what it needs to keep (an engine, a handler's
/// state) it captures in the kind's handlers, which live as long as the runner.
using JobKindFactory = std::function<Result<jobs::JobKind>(ModuleContext& context)>;
/// Adds routes to the one route table. The function lives in src/http/handlers (Beast and Asio
/// stay inside src/http); the module's registration names it.
using RouteAdder = std::function<void(http::Router& router, ModuleContext& context)>;
/// Makes the translations module's service, which the core post page and JSON handlers call
/// (http::Deps::translations). At most one module sets it.
using TranslationsFactory =
    std::function<Result<std::shared_ptr<translation::PostTranslations>>(ModuleContext& context)>;

/// A part a module runs beside the server for as long as `plaza serve` runs (a price feed's
/// thread). Started once the job kinds are registered; stopped after the server stops.
class ModuleService {
 public:
  virtual ~ModuleService() = default;
  /// Ends it (joins its threads). Idempotent.
  virtual void Stop() = 0;
};
using ServiceFactory =
    std::function<Result<std::unique_ptr<ModuleService>>(ModuleContext& context)>;
/// The same for routes whose handlers need what the core handlers reach (`deps`: viewer
/// resolution, the worker pool), e.g. the rewards API.
using HttpRouteAdder =
    std::function<void(http::Router& router, http::Deps& deps, ModuleContext& context)>;

class ModuleRegistry {
 public:
  /// A job queued with every post revision stored, in the revision's transaction.
  void AddRevisionJob(RevisionJob job) { revision_jobs_.push_back(std::move(job)); }
  void AddJobKind(JobKindFactory make) { job_kinds_.push_back(std::move(make)); }
  /// A job kind run once per `every_s` seconds (jobs::JobRunner::RegisterRecurring).
  void AddRecurringJobKind(JobKindFactory make, std::int64_t every_s) {
    recurring_.emplace_back(std::move(make), every_s);
  }
  void AddService(ServiceFactory make) { services_.push_back(std::move(make)); }
  void AddRoutes(RouteAdder add) { routes_.push_back(std::move(add)); }
  void AddRoutes(HttpRouteAdder add) { http_routes_.push_back(std::move(add)); }
  void AddCommand(ModuleCommand command) { commands_.push_back(std::move(command)); }
  void SetTranslations(TranslationsFactory make) { translations_ = std::move(make); }

  const std::vector<RevisionJob>& revision_jobs() const { return revision_jobs_; }
  const std::vector<ModuleCommand>& commands() const { return commands_; }
  /// nullptr when no module adds `name`.
  const ModuleCommand* FindCommand(std::string_view name) const;

  /// Makes every job kind and registers it with `runner` (before it starts). The first error
  /// (a factory's, or the runner's: a kind registered twice) stops it.
  Status RegisterJobKinds(ModuleContext& context, jobs::JobRunner& runner) const;
  /// The translations service, made once by the module that set it; nullptr when none did
  /// (pages then show originals only). Its factory's error stops `plaza serve`.
  Result<std::shared_ptr<translation::PostTranslations>> MakeTranslations(
      ModuleContext& context) const {
    if (!translations_) return std::shared_ptr<translation::PostTranslations>();
    return translations_(context);
  }
  /// Starts every module's services, in registration order; the first error stops (and the
  /// services already started are stopped).
  Result<std::vector<std::unique_ptr<ModuleService>>> StartServices(ModuleContext& context) const;
  /// Adds every module's routes.
  void AddRoutesTo(http::Router& router, ModuleContext& context) const;
  /// Adds every module's routes, those that need `deps` too.
  void AddRoutesTo(http::Router& router, http::Deps& deps, ModuleContext& context) const;

 private:
  std::vector<RevisionJob> revision_jobs_;
  std::vector<JobKindFactory> job_kinds_;
  std::vector<std::pair<JobKindFactory, std::int64_t>> recurring_;
  std::vector<ServiceFactory> services_;
  std::vector<RouteAdder> routes_;
  std::vector<HttpRouteAdder> http_routes_;
  std::vector<ModuleCommand> commands_;
  TranslationsFactory translations_;
};

}  // namespace plaza
