#include "app/app.hpp"

#include "app/modules.hpp"
#include "app/store_factory.hpp"

namespace plaza {

Result<std::unique_ptr<App>> App::Open(const Config& config) {
  ModuleRegistry modules;
  RegisterModules(modules, config);
  return Open(config, modules);
}

Result<std::unique_ptr<App>> App::Open(const Config& config, const ModuleRegistry& modules) {
  std::unique_ptr<App> app(new App());
  StoreOptions options;
  options.pool_size = config.storage.pool_size;
  options.synchronous_full = config.storage.sqlite_synchronous_full;
  auto store = OpenStore(config.storage.EffectiveUrl(), options);
  if (!store) return std::unexpected(store.error());
  app->store_ = std::move(*store);
  auto version = app->store_->Migrate();
  if (!version) return std::unexpected(version.error());
  app->schema_version_ = *version;

  const Clock& clock = app->clock_;
  app->login_backoff_ =
      std::make_unique<LoginBackoff>(clock, LoginBackoffOptions{config.limits.login_free_failures,
                                                                config.limits.login_backoff_max_s,
                                                                config.limits.login_per_account});
  app->login_per_address_ =
      std::make_unique<InMemoryRateLimiter>(clock, config.limits.login_per_address);
  app->register_per_address_ =
      std::make_unique<InMemoryRateLimiter>(clock, config.limits.register_per_address);
  app->posts_per_user_ = std::make_unique<InMemoryRateLimiter>(clock, config.limits.posts_per_user);
  AccountsOptions accounts_options;
  accounts_options.sessions = config.sessions;
  if (config.cheap_password_hashes) {
    accounts_options.argon_opslimit = 1;     // crypto_pwhash_argon2id_OPSLIMIT_MIN
    accounts_options.argon_memlimit = 8192;  // crypto_pwhash_argon2id_MEMLIMIT_MIN
  }
  app->accounts_ = std::make_unique<Accounts>(
      *app->store_, clock,
      AccountThrottles{*app->login_backoff_, *app->login_per_address_, *app->register_per_address_},
      accounts_options);
  App* self = app.get();
  app->posts_ = std::make_unique<Posts>(
      *app->store_, clock, *app->posts_per_user_,
      [self](const PostChange& change) {
        if (self->post_listener_) self->post_listener_(change);
      },
      modules.revision_jobs());
  return app;
}

}  // namespace plaza
