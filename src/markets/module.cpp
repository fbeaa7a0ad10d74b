#include "markets/module.hpp"

#include <spdlog/spdlog.h>

#include <utility>

#include "events/event_hub.hpp"
#include "http/handlers/market_handlers.hpp"
#include "markets/chips.hpp"
#include "markets/feed_runner.hpp"
#include "markets/registry.hpp"
#include "markets/tickers.hpp"
#include "posts/posts.hpp"
#include "text/markdown.hpp"

namespace plaza::markets {

namespace {

constexpr Timestamp kPublishInterval = kMicrosPerSecond;  // one update per symbol per second
constexpr std::int64_t kDownsampleEvery_s = 3600;

// The running feed: the runner's thread and the publisher it flushes.
class FeedService final : public ModuleService {
 public:
  FeedService(std::unique_ptr<CoalescingPublisher> publisher, std::unique_ptr<FeedRunner> runner)
      : publisher_(std::move(publisher)), runner_(std::move(runner)) {}
  ~FeedService() override { Stop(); }
  void Stop() override {
    if (runner_) runner_->Stop();
  }

 private:
  std::unique_ptr<CoalescingPublisher> publisher_;
  std::unique_ptr<FeedRunner> runner_;
};

// A service that runs nothing (no feed): the registry and tickers are still loaded.
class IdleService final : public ModuleService {
 public:
  void Stop() override {}
};

// ticker.update on "ticker:<SYMBOL>": the chip formatted for each subscriber's locale.
void PublishTicker(events::EventHub& hub, const std::shared_ptr<MarketsState>& state,
                   const Ticker& ticker) {
  const AssetRegistry registry = state->tickers->Registry();
  const Asset* asset = registry.Find(ticker.symbol);
  const int decimals = asset != nullptr ? asset->decimals : 2;
  const Timestamp stale_after = state->tickers->stale_after();
  hub.Publish("ticker:" + ticker.symbol, "ticker.update",
              [ticker, decimals, stale_after](const std::string& locale) {
                return ChipJson(MakeChip(ticker.symbol, ticker, false, stale_after, decimals,
                                         std::nullopt, locale));
              });
}

Result<std::unique_ptr<ModuleService>> StartMarkets(ModuleContext& context,
                                                    const std::shared_ptr<MarketsState>& state,
                                                    const outgoing::OutgoingOptions& http) {
  const MarketsOptions& options = state->options;
  std::vector<Asset> seed;
  for (const auto& a : options.assets) seed.push_back(ToAsset(a));
  auto seeded = context.store.markets().SeedAssets(seed);
  if (!seeded) return std::unexpected(seeded.error());
  auto assets = context.store.markets().Assets();
  if (!assets) return std::unexpected(assets.error());
  // Posts stored before this registry (or before markets existed) are re-extracted once per
  // registry: the job's dedupe key is the registry's fingerprint.
  NewJob job{std::string(kReextractJobKind), RegistryFingerprint(*assets), "", 3, 0};
  if (auto queued = context.store.jobs().Enqueue(job, context.clock.Now()); !queued) {
    return std::unexpected(queued.error());
  }
  state->tickers = std::make_unique<TickerService>(
      context.store.markets(), context.clock,
      static_cast<Timestamp>(options.stale_after_s) * kMicrosPerSecond);
  if (auto loaded = state->tickers->Load(); !loaded) return std::unexpected(loaded.error());

  MarketsOptions feed_options = options;
  if (feed_options.feed == "auto") feed_options.feed = state->demo ? "demo" : "off";
  const bool up_is_red = options.up_color == "red";
  state->chips = std::make_unique<ChipBoard>(*state->tickers, context.store.markets(),
                                             feed_options.feed == "demo", up_is_red);
  if (feed_options.feed == "off") return std::unique_ptr<ModuleService>(new IdleService());
  auto feed = MakeFeed(feed_options, http);
  if (!feed) return std::unexpected(feed.error());
  events::EventHub& hub = context.events;
  auto publisher = std::make_unique<CoalescingPublisher>(
      context.clock, kPublishInterval,
      [&hub, state](const Ticker& ticker) { PublishTicker(hub, state, ticker); });
  CoalescingPublisher* sink = publisher.get();
  // The ticker service hands each accepted ticker to the publisher.
  state->tickers = std::make_unique<TickerService>(
      context.store.markets(), context.clock,
      static_cast<Timestamp>(options.stale_after_s) * kMicrosPerSecond,
      [sink](const Ticker& ticker) { sink->Offer(ticker); });
  if (auto loaded = state->tickers->Load(); !loaded) return std::unexpected(loaded.error());
  state->chips = std::make_unique<ChipBoard>(*state->tickers, context.store.markets(),
                                             feed_options.feed == "demo", up_is_red);
  const bool polled = feed_options.feed == "gate" || feed_options.feed == "binance";
  auto runner = std::make_unique<FeedRunner>(
      std::move(*feed), *state->tickers, *publisher,
      std::chrono::milliseconds(polled ? options.poll_ms : options.demo_tick_ms));
  runner->Start();
  spdlog::info("markets: {} feed started for {} assets", feed_options.feed, assets->size());
  return std::unique_ptr<ModuleService>(new FeedService(std::move(publisher), std::move(runner)));
}

}  // namespace

MarketsState::~MarketsState() = default;

std::string RegistryFingerprint(const std::vector<Asset>& assets) {
  std::string out = "registry:";
  for (const auto& asset : assets) {
    out += asset.symbol;
    for (const auto& alias : asset.aliases) out += "/" + alias;
    out += ",";
  }
  // Dedupe keys are bounded: a long registry keeps a hash of its tail.
  if (out.size() > 200)
    out = out.substr(0, 180) + ":" + std::to_string(std::hash<std::string>{}(out));
  return out;
}

Result<int> ReextractCashtags(Store& store, const std::function<void(std::int64_t)>& on_changed) {
  auto registry = LoadRegistry(store.markets());
  if (!registry) return std::unexpected(registry.error());
  const text::SymbolLookup lookup = registry->Lookup();
  int changed = 0;
  std::optional<std::int64_t> before;
  for (;;) {
    auto page = store.posts().List(before, 100, std::nullopt);
    if (!page) return std::unexpected(page.error());
    for (const Post& post : page->items) {
      // The tokens the author attached are kept (posts::TokensOfPost), whatever the text says.
      auto tags =
          TokensOfPost(CashtagsOfPost(post.title, text::PlainTextOfMarkdown(post.body_md), lookup),
                       post.tokens, lookup);
      if (tags == post.cashtags) continue;
      if (auto s = store.markets().SetPostTokens(post.id, post.revision, tags); !s) {
        return std::unexpected(s.error());
      }
      ++changed;
      if (on_changed) on_changed(post.id);
    }
    if (!page->next_before_id) break;
    before = page->next_before_id;
  }
  return changed;
}

void Register(ModuleRegistry& registry, const MarketsOptions& options,
              const outgoing::OutgoingOptions& http, bool demo, StoreOpener open_store) {
  registry.AddCommand(AssetsCommand(open_store));
  auto state = std::make_shared<MarketsState>();
  state->options = options;
  state->demo = demo;
  registry.AddService(
      [state, http](ModuleContext& context) { return StartMarkets(context, state, http); });
  registry.AddJobKind([](ModuleContext& context) -> Result<jobs::JobKind> {
    Store* store = &context.store;
    std::function<void(std::int64_t)> drop = context.drop_cached_post;
    return jobs::JobKind{
        std::string(kReextractJobKind),
        [store, drop](const Job&, const JobTicket&) -> Result<jobs::Completion> {
          auto changed = ReextractCashtags(*store, drop);
          if (!changed) return std::unexpected(changed.error());
          spdlog::info("markets: cashtags re-extracted, {} posts changed", *changed);
          return jobs::Completion::kDone;
        },
        {},
    };
  });
  registry.AddRecurringJobKind(
      [](ModuleContext& context) -> Result<jobs::JobKind> {
        Store* store = &context.store;
        const Clock* clock = &context.clock;
        return jobs::JobKind{
            std::string(kDownsampleJobKind),
            [store, clock](const Job&, const JobTicket&) -> Result<jobs::Completion> {
              auto counts = store->markets().Downsample(clock->Now());
              if (!counts) return std::unexpected(counts.error());
              return jobs::Completion::kDone;
            },
            {},
        };
      },
      kDownsampleEvery_s);
  registry.AddRoutes([state](http::Router& router, http::Deps& deps, ModuleContext& context) {
    http::AddMarketRoutes(router, deps, context, state);
  });
}

}  // namespace plaza::markets
