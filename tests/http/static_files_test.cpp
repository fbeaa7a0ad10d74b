#include "http/static_files.hpp"

#include <gtest/gtest.h>

namespace plaza::http {
namespace {

// A stand-in for the embedded assets.
const web::Asset kCss{"static/plaza.css", "text/css; charset=utf-8", "body{}", "\"abc123\""};

const web::Asset kRobots{"static/robots.txt", "text/plain; charset=utf-8", "User-agent: *\n",
                         "\"r0b075\""};

const web::Asset* FindTestAsset(std::string_view path) {
  if (path == kCss.path) return &kCss;
  if (path == kRobots.path) return &kRobots;
  return nullptr;
}

std::string HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [n, v] : response.headers) {
    if (n == name) return v;
  }
  return {};
}

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() { AddStaticRoute(router_, FindTestAsset); }

  Response Get(std::string_view path, std::string query = {},
               std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request request;
    request.method = "GET";
    request.path = std::string(path);
    request.query = std::move(query);
    request.headers = std::move(headers);
    RouteMatch match = router_.Match("GET", path, request.params);
    EXPECT_NE(match.endpoint, nullptr);
    return match.endpoint->fast(request);
  }

  Router router_;
};

TEST_F(StaticFilesTest, ServesTheAssetWithoutCopying) {
  Response response = Get("/static/plaza.css");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(response.body_view.data(), kCss.body.data());
  EXPECT_EQ(HeaderOf(response, "ETag"), "\"abc123\"");
}

TEST_F(StaticFilesTest, UnversionedUrlsAreCachedBriefly) {
  EXPECT_EQ(HeaderOf(Get("/static/plaza.css"), "Cache-Control"), "public, max-age=300");
}

TEST_F(StaticFilesTest, VersionedUrlsAreImmutable) {
  EXPECT_EQ(HeaderOf(Get("/static/plaza.css", "v=deadbeef"), "Cache-Control"),
            "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, MatchingIfNoneMatchGets304) {
  Response response = Get("/static/plaza.css", {}, {{"if-none-match", "W/\"x\", \"abc123\""}});
  EXPECT_EQ(response.status, 304);
  EXPECT_TRUE(response.body_view.empty());
  EXPECT_EQ(HeaderOf(response, "ETag"), "\"abc123\"");
}

TEST_F(StaticFilesTest, WildcardIfNoneMatchGets304) {
  EXPECT_EQ(Get("/static/plaza.css", {}, {{"if-none-match", "*"}}).status, 304);
}

TEST_F(StaticFilesTest, StaleIfNoneMatchGetsTheFile) {
  EXPECT_EQ(Get("/static/plaza.css", {}, {{"if-none-match", "\"old\""}}).status, 200);
}

TEST_F(StaticFilesTest, RobotsTxtIsServedAtTheRoot) {
  Response response = Get("/robots.txt");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(response.body_view.data(), kRobots.body.data());
}

TEST_F(StaticFilesTest, UnknownFileGets404) { EXPECT_EQ(Get("/static/missing.js").status, 404); }

}  // namespace
}  // namespace plaza::http
