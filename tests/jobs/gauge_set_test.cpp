// Registry::AddGaugeSetCallback, the labelled callback gauge added for plaza_jobs{kind,state}.

#include <gtest/gtest.h>

#include <stdexcept>

#include "ops/metrics.hpp"

namespace plaza::ops {
namespace {

TEST(MetricsGaugeSet, RendersOneSeriesPerSampleReadAtRenderTime) {
  Registry registry;
  double queued = 3;
  registry.AddGaugeSetCallback("plaza_jobs", "Jobs", {"kind", "state"}, [&queued] {
    return std::vector<GaugeSample>{{{"summary", "queued"}, queued}, {{"a\"b", "dead"}, 1}};
  });
  queued = 4;
  std::string text = registry.Render();
  EXPECT_NE(text.find("# TYPE plaza_jobs gauge\n"), std::string::npos) << text;
  EXPECT_NE(text.find("plaza_jobs{kind=\"summary\",state=\"queued\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("plaza_jobs{kind=\"a\\\"b\",state=\"dead\"} 1\n"), std::string::npos);
}

TEST(MetricsGaugeSet, LeavesOutSamplesWithTheWrongNumberOfLabels) {
  Registry registry;
  registry.AddGaugeSetCallback("plaza_jobs", "Jobs", {"kind", "state"}, [] {
    return std::vector<GaugeSample>{{{"summary"}, 1}, {{"summary", "done"}, 2}};
  });
  std::string text = registry.Render();
  EXPECT_EQ(text.find("plaza_jobs{kind=\"summary\"}"), std::string::npos) << text;
  EXPECT_NE(text.find("plaza_jobs{kind=\"summary\",state=\"done\"} 2\n"), std::string::npos);
}

TEST(MetricsGaugeSet, RegisteringTheNameTwiceThrows) {
  Registry registry;
  auto none = [] { return std::vector<GaugeSample>{}; };
  registry.AddGaugeSetCallback("plaza_jobs", "Jobs", {"kind"}, none);
  EXPECT_THROW(registry.AddGaugeSetCallback("plaza_jobs", "Jobs", {"kind"}, none),
               std::invalid_argument);
  EXPECT_THROW(registry.AddGaugeSetCallback("bad name", "Jobs", {"kind"}, none),
               std::invalid_argument);
}

}  // namespace
}  // namespace plaza::ops
