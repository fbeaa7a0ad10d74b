// `plaza bench-seed`: fills a store for the following-feed benchmark (bench/feed/) through the
// services a request would use (Accounts::Register, Posts::Create, Social::Follow and Repost),
// never around them. The app opens those services with rate limits, summaries and translation
// switched off and argon2id at its minimum cost (src/app/modules.cpp).

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "social/module.hpp"

namespace plaza::social {
namespace {

constexpr std::string_view kReader = "bench_reader";
constexpr std::string_view kPassword = "bench-seed pass phrase 7";
constexpr std::string_view kTopics[] = {"$BTC", "$ETH", "$SOL", "$XRP", "$DOGE", "$TRUMP"};

struct SeedPlan {
  std::int64_t posts = 1'000'000;
  int authors = 2'000;
  int follows = 1'000;
  int repost_every = 100;  // one repost by a followee every N posts
  // Writers at once: SQLite commits concurrent writes together (group commit), so more writers
  // than cores still go faster (8 wrote ~3× as many posts a second as 2 here: bench/README.md).
  int threads = 8;
};

Result<std::int64_t> IntFlag(const config::ParsedFlags& flags, std::string_view name,
                             std::int64_t fallback, std::int64_t min, std::int64_t max) {
  auto text = flags.Get(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || p != text->data() + text->size() || value < min || value > max) {
    return Fail(
        Errc::kInvalidArgument,
        std::string(name) + " must be " + std::to_string(min) + " to " + std::to_string(max),
        std::string(name));
  }
  return value;
}

Result<SeedPlan> PlanOf(const config::ParsedFlags& flags) {
  SeedPlan plan;
  auto posts = IntFlag(flags, "--posts", plan.posts, 1, 100'000'000);
  auto authors = IntFlag(flags, "--authors", plan.authors, 1, 1'000'000);
  if (!posts) return std::unexpected(posts.error());
  if (!authors) return std::unexpected(authors.error());
  auto follows =
      IntFlag(flags, "--follows", std::min<std::int64_t>(plan.follows, *authors), 0, *authors);
  auto every = IntFlag(flags, "--repost-every", plan.repost_every, 0, 1'000'000);
  auto threads = IntFlag(flags, "--threads", plan.threads, 1, 64);
  if (!follows) return std::unexpected(follows.error());
  if (!every) return std::unexpected(every.error());
  if (!threads) return std::unexpected(threads.error());
  plan.posts = *posts;
  plan.authors = static_cast<int>(*authors);
  plan.follows = static_cast<int>(*follows);
  plan.repost_every = static_cast<int>(*every);
  plan.threads = static_cast<int>(*threads);
  return plan;
}

std::string AuthorHandle(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "bench_a%06d", i);
  return buf;
}

Result<User> RegisterUser(Accounts& accounts, const std::string& handle) {
  auto auth = accounts.Register(
      RegisterInput{handle, std::string(kPassword), "Bench " + handle, "127.0.0.1"},
      SessionKind::kApiToken);
  if (!auth) return std::unexpected(auth.error());
  return auth->user;
}

// Runs `work(i)` for i in [0, n) on `threads` threads; the first error stops every thread.
template <typename Work>
Status Parallel(std::int64_t n, int threads, Work work) {
  std::atomic<std::int64_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<Error> errors(static_cast<std::size_t>(threads));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (std::int64_t i = next++; i < n && !failed; i = next++) {
        if (auto s = work(i); !s) {
          errors[static_cast<std::size_t>(t)] = s.error();
          failed = true;
        }
      }
    });
  }
  for (auto& thread : pool) thread.join();
  for (auto& error : errors) {
    if (!error.message.empty()) return std::unexpected(error);
  }
  return {};
}

int Run(const SeedServicesOpener& open, const config::ParsedFlags& flags, const CommandIo& io) {
  auto plan = PlanOf(flags);
  if (!plan) {
    std::fprintf(io.err, "plaza bench-seed: %s\n", plan.error().message.c_str());
    return 2;
  }
  auto services = open();
  if (!services) {
    std::fprintf(io.err, "plaza bench-seed: %s\n", services.error().message.c_str());
    return 1;
  }
  Accounts& accounts = *services->accounts;
  Posts& posts = *services->posts;
  InMemoryRateLimiter unlimited(*services->clock, RateLimit{1'000'000, 1});
  Social social(*services->store, *services->clock, unlimited);
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&start] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };

  auto reader = RegisterUser(accounts, std::string(kReader));
  if (!reader) {
    std::fprintf(io.err, "plaza bench-seed: %s (seed an empty store)\n",
                 reader.error().message.c_str());
    return 1;
  }
  std::vector<User> authors(static_cast<std::size_t>(plan->authors));
  auto registered = Parallel(plan->authors, plan->threads, [&](std::int64_t i) -> Status {
    auto user = RegisterUser(accounts, AuthorHandle(static_cast<int>(i)));
    if (!user) return std::unexpected(user.error());
    authors[static_cast<std::size_t>(i)] = std::move(*user);
    return {};
  });
  if (!registered) {
    std::fprintf(io.err, "plaza bench-seed: %s\n", registered.error().message.c_str());
    return 1;
  }
  for (int i = 0; i < plan->follows; ++i) {
    auto followed = social.Follow(*reader, authors[static_cast<std::size_t>(i)].handle);
    if (!followed) {
      std::fprintf(io.err, "plaza bench-seed: %s\n", followed.error().message.c_str());
      return 1;
    }
  }
  std::fprintf(io.out, "%d authors registered, %s follows %d of them (%.1f s)\n", plan->authors,
               std::string(kReader).c_str(), plan->follows, elapsed());
  std::fflush(io.out);

  std::atomic<std::int64_t> reposts{0};
  std::atomic<std::int64_t> written{0};
  const std::int64_t report_every = std::max<std::int64_t>(plan->posts / 20, 1);
  auto seeded = Parallel(plan->posts, plan->threads, [&](std::int64_t i) -> Status {
    const User& author = authors[static_cast<std::size_t>(i % plan->authors)];
    const std::string_view topic = kTopics[i % std::size(kTopics)];
    PostInput input;
    input.title = "Market note " + std::to_string(i) + " on " + std::string(topic);
    input.body = "Volume on " + std::string(topic) + " moved again today. Note number " +
                 std::to_string(i) +
                 " looks at order books, funding rates and what the desks said.\n\n"
                 "A second paragraph, so that cards have an excerpt to cut.";
    input.lang = "en";
    auto post = posts.Create(author, input);
    if (!post) return std::unexpected(post.error());
    if (plan->repost_every > 0 && plan->follows > 0 && i % plan->repost_every == 0) {
      // A followee reposts it (every other one with a quote).
      const User& by = authors[static_cast<std::size_t>((i / plan->repost_every) % plan->follows)];
      if (by.id != author.id) {
        std::optional<std::string> quote;
        if ((i / plan->repost_every) % 2 == 1) quote = "Worth a read: " + std::string(topic);
        auto write = social.Repost(by, post->id, quote);
        if (!write) return std::unexpected(write.error());
        ++reposts;
      }
    }
    if (const std::int64_t n = ++written; n % report_every == 0) {
      std::fprintf(io.out, "%lld posts (%.1f s)\n", static_cast<long long>(n), elapsed());
      std::fflush(io.out);
    }
    return {};
  });
  if (!seeded) {
    std::fprintf(io.err, "plaza bench-seed: %s\n", seeded.error().message.c_str());
    return 1;
  }
  std::fprintf(io.out,
               "seeded %lld posts by %d authors and %lld reposts in %.1f s; log in as %s with "
               "password \"%s\"\n",
               static_cast<long long>(plan->posts), plan->authors,
               static_cast<long long>(reposts.load()), elapsed(), std::string(kReader).c_str(),
               std::string(kPassword).c_str());
  return 0;
}

}  // namespace

ModuleCommand BenchSeedCommand(SeedServicesOpener open) {
  ModuleCommand command;
  command.name = "bench-seed";
  command.summary = "fill an empty store for the following-feed benchmark";
  command.usage = "[options]";
  command.about =
      "Registers a reader (bench_reader) and --authors authors, makes the reader follow the "
      "first --follows of them, and publishes --posts posts round-robin across the authors, "
      "with a followee's repost every --repost-every posts, all through the services a request "
      "uses. Rate limits, summaries and translation are off, passwords are hashed at argon2id's "
      "minimum cost, and SQLite commits with synchronous=NORMAL, while it runs. See "
      "bench/README.md.";
  command.flags = {
      {"--posts", "N", "posts to publish (default 1000000)"},
      {"--authors", "N", "authors to register (default 2000)"},
      {"--follows", "N", "authors the reader follows (default 1000)"},
      {"--repost-every", "N", "a followee reposts every N-th post (default 100; 0 = none)"},
      {"--threads", "N", "writers at once (default 8)"},
      {"--data", "DIR", "", "storage.data_dir"},
      {"--storage", "URL", "", "storage.url"},
  };
  command.run = [open = std::move(open)](const config::ParsedFlags& flags, const CommandIo& io) {
    return Run(open, flags, io);
  };
  return command;
}

}  // namespace plaza::social
