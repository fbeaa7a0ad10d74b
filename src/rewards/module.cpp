#include "rewards/module.hpp"

#include <mutex>
#include <string>
#include <utility>

#include "events/event_hub.hpp"
#include "i18n/catalog.hpp"
#include "rewards/amount.hpp"
#include "rewards/reward_pages.hpp"
#include "rewards/tip_routes.hpp"
#include "rewards/views.hpp"

namespace plaza::rewards {
namespace {

constexpr std::string_view kPurgeKind = "rewards.purge_keys";

// The module's one Rewards in a running server, made on first use from the context: the routes
// and the purge job share it.
class ServerRewards {
 public:
  ServerRewards(RewardsOptions options, SeamsFactory seams)
      : options_(std::move(options)), seams_(std::move(seams)) {}

  Result<Rewards*> Get(ModuleContext& context) {
    std::lock_guard lock(mu_);
    if (rewards_) return rewards_.get();
    RewardsSeams seams = seams_ ? seams_(context) : RewardsSeams{};
    auto made = Rewards::Create(context.store, options_, context.clock, std::move(seams));
    if (!made) return std::unexpected(made.error());
    rewards_ = std::move(*made);
    rewards_->OnTip([&context, rewards = rewards_.get()](const TipOutcome& outcome) {
      Publish(context, *rewards, outcome);
    });
    return rewards_.get();
  }

 private:
  // post.counts (or comment.counts) on the post's topic; wallet.balance on the tipper's and the
  // author's private topics. A tip drops no cached page: counts are live values.
  static void Publish(ModuleContext& context, const Rewards& rewards, const TipOutcome& outcome) {
    const plaza::Tip& tip = outcome.tip;
    const Catalogs& catalogs = context.catalogs;
    const std::int64_t tips = outcome.subject_tips;
    const std::string topic = "post:" + std::to_string(tip.post_id);
    if (tip.subject_kind == TipSubjectKind::kPost) {
      context.events.Publish(topic, "post.counts", [&catalogs, tip, tips](const std::string& l) {
        return PostCountsEventJson(tip.post_id, tips,
                                   catalogs.For(l).Format("action.count", {{"count", tips}}));
      });
    } else {
      context.events.Publish(topic, "comment.counts", [&catalogs, tip, tips](const std::string& l) {
        return CommentCountsEventJson(tip.subject_id, tip.post_id, tips,
                                      catalogs.For(l).Format("action.count", {{"count", tips}}));
      });
    }
    const TipAsset* asset = rewards.FindAsset(tip.asset);
    if (asset == nullptr) return;
    const auto balance = [&](const std::string& handle, std::int64_t amount) {
      if (handle.empty()) return;
      const TipAsset copy = *asset;
      context.events.Publish(
          "user:" + handle, "wallet.balance", [&catalogs, copy, amount](const std::string& l) {
            return BalanceEventJson(
                copy, amount,
                catalogs.For(l).Format(
                    "rewards.balance",
                    {{"amount", LocalAmount(l, amount, copy.decimals)}, {"asset", copy.code}}));
          });
    };
    balance(tip.tipper_handle, outcome.tipper_balance);
    balance(tip.author_handle, outcome.author_balance);
  }

  const RewardsOptions options_;
  const SeamsFactory seams_;
  std::mutex mu_;
  std::unique_ptr<Rewards> rewards_;  // guarded by mu_ until made, then read-only
};

}  // namespace

void Register(ModuleRegistry& registry, const RewardsOptions& options, StoreOpener open_store,
              SeamsFactory seams) {
  registry.AddCommand(LedgerCommand(options, std::move(open_store)));
  if (!options.enabled) return;
  auto server = std::make_shared<ServerRewards>(options, std::move(seams));
  registry.AddRoutes([server](http::Router& router, http::Deps& deps, ModuleContext& context) {
    auto rewards = server->Get(context);
    // A bad [rewards] section is refused when the settings load; Create() only fails on it.
    if (!rewards) return;
    AddTipRoutes(router, deps, **rewards);
    AddRewardPages(router, deps, **rewards);
  });
  registry.AddRecurringJobKind(
      [server](ModuleContext& context) -> Result<jobs::JobKind> {
        auto rewards = server->Get(context);
        if (!rewards) return std::unexpected(rewards.error());
        Rewards* r = *rewards;
        return jobs::JobKind{std::string(kPurgeKind),
                             [r](const Job&, const JobTicket&) -> Result<jobs::Completion> {
                               auto purged = r->PurgeKeys();
                               if (!purged) return std::unexpected(purged.error());
                               return jobs::Completion::kDone;
                             },
                             {}};
      },
      options.purge_every_s);
}

}  // namespace plaza::rewards
