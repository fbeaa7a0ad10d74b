// The summaries module as the app wires it: what Register declares, and its job kind run by the
// real job runner against a real SQLite file, with a real event hub, catalogs and router.

#include "summarize/module.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "events/event_hub.hpp"
#include "http/router.hpp"
#include "i18n/catalog.hpp"
#include "jobs/job_runner.hpp"
#include "ops/metrics.hpp"
#include "posts/posts.hpp"
#include "scratch_database.hpp"
#include "summarize/summarize_texts.hpp"

namespace plaza::summarize {
namespace {

using storage_test::Must;

TEST(SummaryModule, RegistersTheRevisionJobAndTheCommand) {
  ModuleRegistry registry;
  Register(registry, SummaryOptions{}, LlmOptions{}, outgoing::OutgoingOptions{}, 4);
  ASSERT_EQ(registry.revision_jobs().size(), 1u);
  EXPECT_EQ(registry.revision_jobs()[0].kind, kSummaryJobKind);
  EXPECT_EQ(registry.revision_jobs()[0].max_attempts, 4);
  const ModuleCommand* command = registry.FindCommand("summarize");
  ASSERT_NE(command, nullptr);
  EXPECT_FALSE(command->flags.empty());
  EXPECT_EQ(registry.FindCommand("translate"), nullptr);
}

TEST(SummaryModule, OffQueuesNoJobButKeepsTheCommand) {
  ModuleRegistry registry;
  Register(registry, SummaryOptions{"off"}, LlmOptions{}, outgoing::OutgoingOptions{}, 4);
  EXPECT_TRUE(registry.revision_jobs().empty());
  EXPECT_NE(registry.FindCommand("summarize"), nullptr);
}

class SummaryModuleRun : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Must(storage_test::ScratchDatabase::Sqlite());
    store_ = Must(db_->Open());
    Must(store_->Migrate());
    author_ = Must(store_->users().Create(
        NewUser{"author", "Author", "$argon2id$not-a-real-hash", Role::kMember, clock_.Now()}));
    catalogs_ = Must(Catalogs::LoadEmbedded());
    events::InProcessHubOptions hub_options;
    hub_options.first_id = 1;
    hub_ = events::MakeInProcessHub(hub_options);
    jobs::RunnerOptions options;
    options.owner = "test-runner";
    options.seed = 1;
    runner_ = std::make_unique<jobs::JobRunner>(store_->jobs(), clock_, nullptr, options);
  }

  // Registers the module with `summary` and builds the services it needs.
  Status Start(SummaryOptions summary, LlmOptions llm = {}) {
    Register(registry_, summary, llm, outgoing::OutgoingOptions{}, 3);
    posts_.emplace(*store_, clock_, limiter_, nullptr, registry_.revision_jobs());
    context_.emplace(ModuleContext{
        .store = *store_,
        .clock = clock_,
        .posts = *posts_,
        .catalogs = *catalogs_,
        .events = *hub_,
        .metrics = metrics_,
        .drop_cached_post = [this](std::int64_t id) { dropped_.push_back(id); },
        .summary_listeners = {},
        .http = nullptr,
    });
    return registry_.RegisterJobKinds(*context_, *runner_);
  }

  ManualClock clock_;
  InMemoryRateLimiter limiter_{clock_, RateLimit{1000, 60}};
  std::unique_ptr<storage_test::ScratchDatabase> db_;
  std::unique_ptr<Store> store_;
  User author_;
  std::unique_ptr<Catalogs> catalogs_;
  std::unique_ptr<events::EventHub> hub_;
  ops::Registry metrics_;
  ModuleRegistry registry_;
  std::optional<Posts> posts_;
  std::optional<ModuleContext> context_;
  std::vector<std::int64_t> dropped_;
  std::unique_ptr<jobs::JobRunner> runner_;
};

TEST_F(SummaryModuleRun, AStoredSummaryDropsItsPostAndGoesOutAsAnEvent) {
  ASSERT_TRUE(Start(SummaryOptions{"extractive"}));
  const Post post = Must(
      posts_->Create(author_, PostInput{std::string(testing::kEnglishTitle),
                                        std::string(testing::kEnglishBody), std::string("en")}));
  events::SubscribeOptions subscribe;
  subscribe.topics = {"post:" + std::to_string(post.id)};
  auto subscription = hub_->Subscribe(subscribe);

  EXPECT_EQ(Must(runner_->RunPending()), 1);
  EXPECT_EQ(dropped_, std::vector<std::int64_t>{post.id});
  EXPECT_EQ(Must(posts_->Read(post.id)).summary.state, SummaryState::kReady);
  const events::Delivery delivery = subscription->Take();
  ASSERT_EQ(delivery.events.size(), 1u);
  EXPECT_EQ(delivery.events[0]->type, "summary.ready");
  EXPECT_NE(delivery.events[0]->DataFor("en").find("\"post_id\":" + std::to_string(post.id)),
            std::string::npos)
      << delivery.events[0]->DataFor("en");
}

TEST_F(SummaryModuleRun, AnLlmEngineWithoutEndpointStopsTheStart) {
  auto started = Start(SummaryOptions{"llm"});
  ASSERT_FALSE(started);
  EXPECT_NE(started.error().message.find("summary engine: the llm engine needs llm.url"),
            std::string::npos)
      << started.error().message;
}

TEST_F(SummaryModuleRun, RoutesAddedThroughTheRegistryReachTheRouter) {
  ASSERT_TRUE(Start(SummaryOptions{"off"}));
  registry_.AddRoutes([](http::Router& router, ModuleContext&) {
    router.Add("GET", "/api/v1/example",
               http::FastHandler([](http::Request&) { return http::Response{}; }));
  });
  http::Router router;
  registry_.AddRoutesTo(router, *context_);
  const auto routes = router.Routes();
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].pattern, "/api/v1/example");
}

}  // namespace
}  // namespace plaza::summarize
