#include "module_world.hpp"

#include <utility>

namespace plaza::module_testing {

using storage_test::Must;

jobs::RunnerOptions TestRunnerOptions() {
  jobs::RunnerOptions options;
  options.owner = "test-runner";
  options.seed = 1;
  return options;
}

ModuleWorld::ModuleWorld(jobs::RunnerOptions runner_options)
    : ModuleWorld(Must(storage_test::ScratchDatabase::Sqlite()), std::move(runner_options)) {}

ModuleWorld::ModuleWorld(std::unique_ptr<storage_test::ScratchDatabase> database,
                         jobs::RunnerOptions runner_options)
    : db(std::move(database)) {
  store = Must(db->Open());
  Must(store->Migrate());
  author = Must(store->users().Create(
      NewUser{"author", "Author", "$argon2id$not-a-real-hash", Role::kMember, clock.Now()}));
  catalogs = Must(Catalogs::LoadEmbedded());
  events::InProcessHubOptions hub_options;
  hub_options.first_id = 1;
  hub = events::MakeInProcessHub(hub_options);
  runner = std::make_unique<jobs::JobRunner>(store->jobs(), clock, nullptr, runner_options);
}

Status ModuleWorld::Start(std::function<void(std::int64_t)> drop_cached_post,
                          std::function<void(const PostChange&)> on_post_change) {
  if (!drop_cached_post) {
    drop_cached_post = [this](std::int64_t id) { dropped.push_back(id); };
  }
  posts.emplace(*store, clock, post_limiter, std::move(on_post_change), registry.revision_jobs());
  context.emplace(ModuleContext{
      .store = *store,
      .clock = clock,
      .posts = *posts,
      .catalogs = *catalogs,
      .events = *hub,
      .metrics = metrics,
      .drop_cached_post = std::move(drop_cached_post),
      .summary_listeners = {},
      .http = nullptr,
  });
  return registry.RegisterJobKinds(*context, *runner);
}

}  // namespace plaza::module_testing
