#pragma once

// The social module (docs/conversation.md): reposts and quote reposts, shares, pins, follows and
// the following feed. It owns [social], the routes (http/handlers/social_handlers.cpp), the
// post.counts events on "post:<id>", and `plaza bench-seed`.

#include <functional>
#include <memory>

#include "accounts/accounts.hpp"
#include "core/result.hpp"
#include "modules/registry.hpp"
#include "posts/posts.hpp"
#include "social/social.hpp"
#include "social/social_options.hpp"

namespace plaza::social {

/// The services `plaza bench-seed` writes through, opened by the app with its settings (rate
/// limits, summaries and translation off). `owner` keeps what they live in.
struct SeedServices {
  std::shared_ptr<void> owner;
  Store* store = nullptr;
  Accounts* accounts = nullptr;
  Posts* posts = nullptr;
  const Clock* clock = nullptr;
};
using SeedServicesOpener = std::function<Result<SeedServices>()>;

/// Where the routes' notifications go, made from the server's context (the app hands them to
/// the notifications module).
using NotificationSinkFor = std::function<NotificationSink(ModuleContext&)>;

/// Registers the module: its routes (every write through one Social service throttled by
/// `options`, its counts published as post.counts events, its notifications handed to the sink
/// `notify_for` makes) and `plaza bench-seed` (which opens its services with `open_for_seed`).
void Register(ModuleRegistry& registry, const SocialOptions& options,
              NotificationSinkFor notify_for, SeedServicesOpener open_for_seed);

/// `plaza bench-seed` (bench_seed_command.cpp): a store for the following-feed benchmark.
ModuleCommand BenchSeedCommand(SeedServicesOpener open);

}  // namespace plaza::social
