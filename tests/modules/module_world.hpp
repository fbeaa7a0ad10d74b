#pragma once

// What a module's tests run against (test code only), wired as `plaza serve` wires it: a real
// SQLite file (migrated) with one author, the embedded catalogs, an in-process event hub,
// metrics, and a job runner on a manual clock. A test registers its modules into `registry`,
// then calls Start(), which builds the posts service (with the registry's revision jobs) and
// the ModuleContext, and registers the modules' job kinds with the runner.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "events/event_hub.hpp"
#include "i18n/catalog.hpp"
#include "jobs/job_runner.hpp"
#include "modules/registry.hpp"
#include "ops/metrics.hpp"
#include "posts/posts.hpp"
#include "scratch_database.hpp"
#include "storage/store.hpp"

namespace plaza::module_testing {

/// The runner's options in every module test: owner "test-runner", seed 1.
jobs::RunnerOptions TestRunnerOptions();

struct ModuleWorld {
  /// Opens and migrates the store, adds the author "author" and makes the catalogs, hub and
  /// runner (with `runner_options`). A failure fails the test (storage_test::Must).
  explicit ModuleWorld(jobs::RunnerOptions runner_options = TestRunnerOptions());
  /// The same on `database` (from storage_test::MakeScratchDatabase: SQLite or PostgreSQL).
  explicit ModuleWorld(std::unique_ptr<storage_test::ScratchDatabase> database,
                       jobs::RunnerOptions runner_options = TestRunnerOptions());
  ModuleWorld(const ModuleWorld&) = delete;
  ModuleWorld& operator=(const ModuleWorld&) = delete;

  /// Builds `posts` (calling `on_post_change` after each write) and `context` (whose
  /// drop_cached_post is `drop_cached_post`, or by default appends to `dropped`), then registers
  /// the job kinds of `registry`'s modules with `runner`.
  Status Start(std::function<void(std::int64_t)> drop_cached_post = {},
               std::function<void(const PostChange&)> on_post_change = {});

  ManualClock clock;
  InMemoryRateLimiter post_limiter{clock, RateLimit{1000, 60}};
  std::unique_ptr<storage_test::ScratchDatabase> db;
  std::unique_ptr<Store> store;
  User author;
  std::unique_ptr<Catalogs> catalogs;
  std::unique_ptr<events::EventHub> hub;
  ops::Registry metrics;
  ModuleRegistry registry;
  std::unique_ptr<jobs::JobRunner> runner;
  std::optional<Posts> posts;
  std::optional<ModuleContext> context;
  /// The posts whose cached pages the default drop_cached_post dropped, in order.
  std::vector<std::int64_t> dropped;
};

}  // namespace plaza::module_testing
