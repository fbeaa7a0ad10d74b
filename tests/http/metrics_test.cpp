#include "ops/metrics.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace plaza::ops {
namespace {

TEST(MetricsRegistry, RendersCountersWithHelpTypeAndLabels) {
  Registry registry;
  auto& requests =
      registry.AddCounter("requests_total", "Requests answered.", {"route", "method", "status"});
  requests.WithLabels({"/p/{id}", "GET", "200"}).Inc();
  requests.WithLabels({"/p/{id}", "GET", "200"}).Inc(2);
  EXPECT_EQ(registry.Render(),
            "# HELP requests_total Requests answered.\n"
            "# TYPE requests_total counter\n"
            "requests_total{route=\"/p/{id}\",method=\"GET\",status=\"200\"} 3\n");
}

TEST(MetricsRegistry, SortsSeriesByLabelValues) {
  Registry registry;
  auto& c = registry.AddCounter("c_total", "c", {"k"});
  c.WithLabels({"b"}).Inc();
  c.WithLabels({"a"}).Inc();
  std::string text = registry.Render();
  EXPECT_LT(text.find("k=\"a\""), text.find("k=\"b\"")) << text;
}

TEST(MetricsRegistry, EscapesLabelValuesAndHelp) {
  Registry registry;
  registry.AddCounter("c_total", "line one\nback\\slash", {"v"})
      .WithLabels({"quote\" back\\ nl\n"})
      .Inc();
  EXPECT_EQ(registry.Render(),
            "# HELP c_total line one\\nback\\\\slash\n"
            "# TYPE c_total counter\n"
            "c_total{v=\"quote\\\" back\\\\ nl\\n\"} 1\n");
}

TEST(MetricsRegistry, RendersGaugesAndCallbacks) {
  Registry registry;
  registry.AddGauge("open_connections", "Open.").WithLabels({}).Set(3);
  registry.AddGaugeCallback("pool_in_use", "In use.", [] { return 1.5; });
  EXPECT_EQ(registry.Render(),
            "# HELP open_connections Open.\n# TYPE open_connections gauge\nopen_connections 3\n"
            "# HELP pool_in_use In use.\n# TYPE pool_in_use gauge\npool_in_use 1.5\n");
}

TEST(MetricsRegistry, RendersHistogramsCumulatively) {
  Registry registry;
  auto& latency = registry.AddHistogram("latency_seconds", "Latency.", {"route"}, {0.1, 1});
  auto& h = latency.WithLabels({"/"});
  h.Observe(0.05);
  h.Observe(0.1);  // bounds are inclusive
  h.Observe(0.5);
  h.Observe(7);
  EXPECT_EQ(registry.Render(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{route=\"/\",le=\"0.1\"} 2\n"
            "latency_seconds_bucket{route=\"/\",le=\"1\"} 3\n"
            "latency_seconds_bucket{route=\"/\",le=\"+Inf\"} 4\n"
            "latency_seconds_sum{route=\"/\"} 7.65\n"
            "latency_seconds_count{route=\"/\"} 4\n");
}

TEST(MetricsRegistry, RendersSpecialFloats) {
  Registry registry;
  registry.AddGaugeCallback("inf", "i", [] { return 1.0 / 0.0; });
  EXPECT_NE(registry.Render().find("inf +Inf\n"), std::string::npos);
}

TEST(MetricsRegistry, SameRegistrationReturnsTheSameFamily) {
  Registry registry;
  auto& a = registry.AddCounter("c_total", "c", {"k"});
  auto& b = registry.AddCounter("c_total", "c", {"k"});
  EXPECT_EQ(&a, &b);
  EXPECT_EQ(&a.WithLabels({"x"}), &b.WithLabels({"x"}));
}

TEST(MetricsRegistry, RejectsConflictsAndBadNames) {
  Registry registry;
  registry.AddCounter("c_total", "c", {"k"});
  EXPECT_THROW(registry.AddGauge("c_total", "c", {"k"}), std::invalid_argument);
  EXPECT_THROW(registry.AddCounter("c_total", "c", {"other"}), std::invalid_argument);
  EXPECT_THROW(registry.AddCounter("1bad", "c"), std::invalid_argument);
  EXPECT_THROW(registry.AddCounter("ok_total", "c", {"bad-label"}), std::invalid_argument);
  EXPECT_THROW(registry.AddHistogram("h", "h", {}, {1, 0.5}), std::invalid_argument);
  EXPECT_THROW(registry.AddCounter("c_total", "c", {"k"}).WithLabels({"a", "b"}),
               std::invalid_argument);
}

TEST(MetricsRegistry, CountsFromManyThreads) {
  Registry registry;
  auto& counter = registry.AddCounter("c_total", "c").WithLabels({});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) counter.Inc();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter.Value(), 40000u);
}

}  // namespace
}  // namespace plaza::ops
