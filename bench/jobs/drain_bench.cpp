// Drains N real summary jobs through the production path and reports jobs per second.
//
//   plaza_drain_bench [--storage sqlite|PG_ADMIN_CONNINFO] [--jobs N] [--runs R] [--workers W]
//
// Each run starts from an empty database (SQLite: a new file in a temporary directory;
// PostgreSQL: a new database on the server the admin conninfo reaches), publishes N posts of
// about 300 words through the Posts service (each queues its summary job in the post's own
// transaction), then starts a JobRunner with the production defaults (2 workers, batches of 8,
// synchronous=FULL on SQLite) and the built-in extractive engine, and times how long the queue
// takes to drain: claim, read the revision, summarize, store the summary and complete the job.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "jobs/job_runner.hpp"
#include "posts/posts.hpp"
#include "storage/postgres/pg_admin.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "summarize/extractive.hpp"
#include "summarize/summaries.hpp"

namespace plaza {
namespace {

constexpr std::string_view kSubjects[] = {
    "The central bank",      "A large exchange", "The mining pool", "Regulators in Brussels",
    "The stablecoin issuer", "Retail traders",   "A hedge fund",    "The layer-two network",
    "Analysts at the bank",  "The treasury"};
constexpr std::string_view kVerbs[] = {"raised",  "cut",        "reviewed", "announced",
                                       "delayed", "questioned", "doubled",  "defended"};
constexpr std::string_view kObjects[] = {
    "its interest rate forecast",   "trading fees for large accounts",
    "the quarterly reserve report", "new rules for token listings",
    "the audit of its custody arm", "a plan to buy back shares",
    "limits on leverage",           "support for the new wallet standard"};
constexpr std::string_view kTails[] = {"after a week of thin volume",
                                       "as bitcoin fell below its summer range",
                                       "while ether held steady against the dollar",
                                       "ahead of the inflation figures",
                                       "despite pressure from shareholders",
                                       "to calm nervous depositors"};

// An article of about 300 words from a seeded generator: varied enough that every summary is
// real work, the same in every run.
std::string Article(std::mt19937& rng) {
  auto pick = [&rng](const auto& list) {
    return std::string(
        list[std::uniform_int_distribution<std::size_t>(0, std::size(list) - 1)(rng)]);
  };
  std::string body;
  for (int paragraph = 0; paragraph < 4; ++paragraph) {
    for (int s = 0; s < 4; ++s) {
      body += pick(kSubjects) + " " + pick(kVerbs) + " " + pick(kObjects) + " " + pick(kTails) +
              ", and " + pick(kSubjects) + " said it would " + "watch " + pick(kObjects) +
              " closely. ";
    }
    body += "\n\n";
  }
  return body;
}

struct Options {
  std::string storage = "sqlite";
  int jobs = 10'000;
  int runs = 3;
  int workers = 2;
};

double RunOnce(const Options& options, int run) {
  std::string url;
  std::string pg_db;
  std::filesystem::path dir;
  if (options.storage == "sqlite") {
    dir = std::filesystem::temp_directory_path() /
          ("plaza-drain-" + std::to_string(::getpid()) + "-" + std::to_string(run));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    url = (dir / "plaza.db").string();
  } else {
    pg_db = "plaza_drain_" + std::to_string(::getpid()) + "_" + std::to_string(run);
    auto conninfo = CreatePgDatabase(options.storage, pg_db);
    if (!conninfo) {
      std::fprintf(stderr, "cannot create a database: %s\n", conninfo.error().message.c_str());
      std::exit(1);
    }
    url = *conninfo;
  }
  // The production defaults: StoreOptions{} is synchronous=FULL on SQLite.
  auto store =
      pg_db.empty() ? OpenSqliteStore(url, StoreOptions{}) : OpenPgStore(url, StoreOptions{});
  if (!store) {
    std::fprintf(stderr, "cannot open the store: %s\n", store.error().message.c_str());
    std::exit(1);
  }
  if (auto migrated = (*store)->Migrate(); !migrated) {
    std::fprintf(stderr, "cannot migrate: %s\n", migrated.error().message.c_str());
    std::exit(1);
  }
  SystemClock clock;
  InMemoryRateLimiter unlimited(clock, RateLimit{1'000'000, 60});
  Posts posts(**store, clock, unlimited, nullptr,
              {RevisionJob{std::string(summarize::kSummaryJobKind), 5}});
  auto author = (*store)->users().Create(
      NewUser{"bench", "Bench", "$argon2id$not-a-real-hash", Role::kMember, clock.Now()});
  if (!author) std::exit(1);
  std::mt19937 rng(42);
  for (int i = 0; i < options.jobs; ++i) {
    auto post = posts.Import(
        *author, PostInput{"Market report " + std::to_string(i), Article(rng), "en"}, clock.Now());
    if (!post) {
      std::fprintf(stderr, "publishing failed: %s\n", post.error().message.c_str());
      std::exit(1);
    }
  }

  summarize::ExtractiveSummarizer engine;
  std::mutex mu;
  std::condition_variable cv;
  int stored = 0;
  summarize::SummaryJobs summaries(**store, engine, clock, [&](const Summary&) {
    std::lock_guard lock(mu);
    if (++stored == options.jobs) cv.notify_all();
  });
  jobs::RunnerOptions runner_options;
  runner_options.workers = options.workers;
  jobs::JobRunner runner((*store)->jobs(), clock, nullptr, runner_options);
  if (!runner.Register(summaries.Kind())) std::exit(1);

  const auto start = std::chrono::steady_clock::now();
  runner.Start();
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return stored == options.jobs; });
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  runner.Stop();
  store->reset();
  if (!dir.empty()) std::filesystem::remove_all(dir);
  if (!pg_db.empty()) (void)DropPgDatabase(options.storage, pg_db);
  const double seconds = std::chrono::duration<double>(elapsed).count();
  return options.jobs / seconds;
}

}  // namespace
}  // namespace plaza

int main(int argc, char** argv) {
  plaza::Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--storage") {
      options.storage = value;
    } else if (flag == "--jobs") {
      options.jobs = std::atoi(value);
    } else if (flag == "--runs") {
      options.runs = std::atoi(value);
    } else if (flag == "--workers") {
      options.workers = std::atoi(value);
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (options.jobs < 1 || options.runs < 1 || options.workers < 1) {
    std::fprintf(stderr, "--jobs, --runs and --workers must be positive\n");
    return 2;
  }
  std::vector<double> rates;
  for (int run = 0; run < options.runs; ++run) {
    rates.push_back(plaza::RunOnce(options, run));
    std::printf("run %d: %.0f jobs/s\n", run + 1, rates.back());
    std::fflush(stdout);
  }
  std::sort(rates.begin(), rates.end());
  std::printf("%s: %d summary jobs, %d workers, median %.0f jobs/s over %d runs\n",
              options.storage == "sqlite" ? "SQLite" : "PostgreSQL", options.jobs, options.workers,
              rates[rates.size() / 2], options.runs);
  return 0;
}
