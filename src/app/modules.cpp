#include "app/modules.hpp"

#include <memory>
#include <utility>

#include "app/app.hpp"
#include "app/store_factory.hpp"
#include "comments/comments.hpp"
#include "comments/module.hpp"
#include "markets/module.hpp"
#include "notifications/module.hpp"
#include "rewards/module.hpp"
#include "social/module.hpp"
#include "summarize/module.hpp"
#include "translate/command.hpp"
#include "translate/engines.hpp"
#include "translation/module.hpp"

namespace plaza {

namespace {

// `plaza bench-seed` writes through the services with the throttles, summaries and eager
// translations off, SQLite's cheaper commits and argon2id at its minimum cost.
Result<social::SeedServices> OpenForSeed(Config config) {
  constexpr RateLimit kUnlimited{1'000'000, 1};
  config.limits.posts_per_user = kUnlimited;
  config.limits.register_per_address = kUnlimited;
  config.summary.engine = "off";
  config.translation.eager = {};
  config.social.writes_per_minute = 1'000'000;
  config.social.address_writes_per_minute = 1'000'000;
  config.comments = {kUnlimited, kUnlimited, kUnlimited};
  config.storage.sqlite_synchronous_full = false;
  config.cheap_password_hashes = true;
  auto app = App::Open(config);
  if (!app) return std::unexpected(app.error());
  std::shared_ptr<App> owner = std::move(*app);
  return social::SeedServices{owner, &owner->store(), &owner->accounts(), &owner->posts(),
                              &owner->clock()};
}

// A store of its own for a `plaza` command that runs beside the server (`plaza assets`,
// `plaza ledger`): the configured database, migrated.
std::function<Result<std::unique_ptr<Store>>()> CommandStoreOpener(const StorageOptions& storage,
                                                                   int pool_size) {
  return [storage, pool_size]() -> Result<std::unique_ptr<Store>> {
    StoreOptions options;
    options.pool_size = pool_size;
    options.synchronous_full = storage.sqlite_synchronous_full;
    auto store = OpenStore(storage.EffectiveUrl(), options);
    if (!store) return std::unexpected(store.error());
    if (auto v = (*store)->Migrate(); !v) return std::unexpected(v.error());
    return store;
  };
}

// What rewards needs from the comments and notifications capabilities: a comment to tip, and a
// notification to the author of every new tip.
rewards::RewardsSeams RewardsSeamsFor(ModuleContext& context) {
  std::shared_ptr<notifications::Notifications> notify = notifications::ForModule(context);
  Store* store = &context.store;
  rewards::RewardsSeams seams;
  seams.find_comment = [store](std::int64_t comment_id) -> Result<rewards::CommentTarget> {
    auto comment = store->comments().Get(comment_id);
    if (!comment) return std::unexpected(comment.error());
    if (comment->status != CommentStatus::kLive) {
      return Fail(Errc::kGone, "the comment was deleted", "comment_id");
    }
    return rewards::CommentTarget{comment->post_id, comment->author_id, comment->author_handle,
                                  comment->body};
  };
  // The author's `tip` notification is written in the tip's own transaction (one write of
  // the SQLite writer), its badge event sent once the tip committed.
  seams.author_notification = [notify](const NewTip& tip) {
    notifications::Subject subject;
    subject.post_id = tip.post_id;
    if (tip.subject_kind == TipSubjectKind::kComment) subject.comment_id = tip.subject_id;
    subject.text = tip.message;
    return notify->Draft(tip.author_id, "tip", tip.tipper_id, subject);
  };
  seams.notification_stored = [notify](const Tip& tip, const NotificationWrite& write) {
    notify->Announce(tip.author_handle, write);
  };
  return seams;
}

// Reposts, quotes and follows notify through the same service as comments, likes and tips (one
// notification per actor, subject and kind: undoing and redoing does not notify again), and a
// quote's @mentions notify like a comment's.
social::NotificationSink SocialNotificationsFor(ModuleContext& context) {
  std::shared_ptr<notifications::Notifications> notify = notifications::ForModule(context);
  Store* store = &context.store;
  return [notify, store](const social::NotificationEvent& event) {
    using Kind = social::NotificationEvent::Kind;
    const std::string kind = event.kind == Kind::kFollow  ? "follow"
                             : event.kind == Kind::kQuote ? "quote"
                                                          : "repost";
    const std::string actor = std::to_string(event.actor.id);
    notifications::Subject subject;
    subject.post_id = event.post_id.value_or(0);
    subject.text = event.quote;
    subject.dedupe_key = kind + ":" +
                         (event.post_id ? std::to_string(*event.post_id)
                                        : "user:" + std::to_string(event.recipient_id)) +
                         ":" + actor;
    (void)notify->Notify(event.recipient_id, kind, event.actor.id, subject);
    if (event.kind != Kind::kQuote) return;
    for (const std::string& handle : comments::Mentions(event.quote)) {
      auto user = store->users().FindByHandle(handle);
      if (!user || user->id == event.recipient_id) continue;  // the author was told of the quote
      subject.dedupe_key = "mention:quote:" + std::to_string(subject.post_id) + ":" + actor + ":" +
                           std::to_string(user->id);
      (void)notify->Notify(user->id, "mention", event.actor.id, subject);
    }
  };
}

}  // namespace

void RegisterModules(ModuleRegistry& registry, const Config& config) {
  summarize::Register(registry, config.summary, config.llm, config.http_client,
                      config.jobs.max_attempts);
  // Translations: the service (engines and routes, src/translate/) is made when the job runner
  // starts, from copies of its settings; the module (src/translation/) stores and shows it.
  translation::Register(
      registry, config.translation,
      [options = config.translation,
       http = config.http_client]() -> Result<std::shared_ptr<translate::Translator>> {
        auto engines = translate::MakeEngines(options, http);
        if (!engines) return std::unexpected(engines.error());
        return std::shared_ptr<translate::Translator>(
            translate::MakeTranslator(std::move(*engines)));
      },
      config.jobs.max_attempts);
  translate::RegisterCommands(registry, config.translation, config.http_client);
  markets::Register(registry, config.markets, config.http_client, config.demo,
                    CommandStoreOpener(config.storage, 1));
  comments::Register(registry, config.comments);
  social::Register(registry, config.social, SocialNotificationsFor,
                   [config] { return OpenForSeed(config); });
  rewards::Register(registry, config.rewards, CommandStoreOpener(config.storage, 2),
                    RewardsSeamsFor);
}

}  // namespace plaza
