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
#include "module_world.hpp"
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
  // Registers the module with `summary` and builds the services it needs.
  Status Start(SummaryOptions summary, LlmOptions llm = {}) {
    Register(w_.registry, summary, llm, outgoing::OutgoingOptions{}, 3);
    return w_.Start();
  }

  module_testing::ModuleWorld w_;
};

TEST_F(SummaryModuleRun, AStoredSummaryDropsItsPostAndGoesOutAsAnEvent) {
  ASSERT_TRUE(Start(SummaryOptions{"extractive"}));
  const Post post = Must(w_.posts->Create(
      w_.author, PostInput{std::string(testing::kEnglishTitle), std::string(testing::kEnglishBody),
                           std::string("en")}));
  events::SubscribeOptions subscribe;
  subscribe.topics = {"post:" + std::to_string(post.id)};
  auto subscription = w_.hub->Subscribe(subscribe);

  EXPECT_EQ(Must(w_.runner->RunPending()), 1);
  EXPECT_EQ(w_.dropped, std::vector<std::int64_t>{post.id});
  EXPECT_EQ(Must(w_.posts->Read(post.id)).summary.state, SummaryState::kReady);
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
  w_.registry.AddRoutes([](http::Router& router, ModuleContext&) {
    router.Add("GET", "/api/v1/example",
               http::FastHandler([](http::Request&) { return http::Response{}; }));
  });
  http::Router router;
  w_.registry.AddRoutesTo(router, *w_.context);
  const auto routes = router.Routes();
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].pattern, "/api/v1/example");
}

}  // namespace
}  // namespace plaza::summarize
