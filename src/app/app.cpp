#include "app/app.hpp"

#include "app/store_factory.hpp"

namespace plaza {

Result<std::unique_ptr<App>> App::Open(const Config& config) {
  std::unique_ptr<App> app(new App());
  StoreOptions options;
  options.pool_size = config.storage_pool_size;
  options.synchronous_full = config.sqlite_synchronous_full;
  auto store = OpenStore(config.EffectiveStorageUrl(), options);
  if (!store) return std::unexpected(store.error());
  app->store_ = std::move(*store);
  auto version = app->store_->Migrate();
  if (!version) return std::unexpected(version.error());
  app->schema_version_ = *version;

  const Clock& clock = app->clock_;
  app->login_per_account_ = std::make_unique<InMemoryRateLimiter>(clock, config.login_per_account);
  app->login_per_address_ = std::make_unique<InMemoryRateLimiter>(clock, config.login_per_address);
  app->register_per_address_ =
      std::make_unique<InMemoryRateLimiter>(clock, config.register_per_address);
  app->posts_per_user_ = std::make_unique<InMemoryRateLimiter>(clock, config.posts_per_user);
  app->accounts_ = std::make_unique<Accounts>(
      *app->store_, clock,
      AccountThrottles{*app->login_per_account_, *app->login_per_address_,
                       *app->register_per_address_});
  App* self = app.get();
  // Every revision stored queues its summary job in the same transaction.
  std::vector<RevisionJob> revision_jobs;
  if (config.summary_engine != "off") {
    revision_jobs.push_back(
        RevisionJob{std::string(summarize::kSummaryJobKind), config.jobs_max_attempts});
  }
  app->posts_ = std::make_unique<Posts>(
      *app->store_, clock, *app->posts_per_user_,
      [self](const PostChange& change) {
        if (self->post_listener_) self->post_listener_(change);
      },
      std::move(revision_jobs));
  return app;
}

}  // namespace plaza
