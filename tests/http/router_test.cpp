#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace plaza::http {
namespace {

FastHandler Answer(std::string text) {
  return [text](Request&) {
    Response response;
    response.body = text;
    return response;
  };
}

class RouterTest : public ::testing::Test {
 protected:
  // The pattern of the endpoint that `method path` reaches, or "" when none does.
  std::string Matched(std::string_view method, std::string_view path) {
    RouteMatch match = router_.Match(method, path, params_);
    return match.endpoint == nullptr ? "" : match.endpoint->pattern;
  }

  Router router_;
  std::map<std::string, std::string, std::less<>> params_;
};

TEST_F(RouterTest, MatchesTheRoot) {
  router_.Add("GET", "/", Answer("root"));
  EXPECT_EQ(Matched("GET", "/"), "/");
  EXPECT_EQ(Matched("GET", "/x"), "");
}

TEST_F(RouterTest, MatchesLiteralSegmentsExactly) {
  router_.Add("GET", "/login", Answer("login"));
  EXPECT_EQ(Matched("GET", "/login"), "/login");
  EXPECT_EQ(Matched("GET", "/login/"), "");
  EXPECT_EQ(Matched("GET", "/logins"), "");
  EXPECT_EQ(Matched("GET", "/Login"), "");
}

TEST_F(RouterTest, CapturesParameters) {
  router_.Add("GET", "/u/{handle}/posts/{id}", Answer("x"));
  EXPECT_EQ(Matched("GET", "/u/alice/posts/42"), "/u/{handle}/posts/{id}");
  EXPECT_EQ(params_.at("handle"), "alice");
  EXPECT_EQ(params_.at("id"), "42");
}

TEST_F(RouterTest, ParameterHoldsAWholeSegmentThatTheHandlerCanSplit) {
  router_.Add("GET", "/p/{id_slug}", Answer("post"));
  EXPECT_EQ(Matched("GET", "/p/12-hello-world"), "/p/{id_slug}");
  EXPECT_EQ(params_.at("id_slug"), "12-hello-world");
}

TEST_F(RouterTest, ParameterNeverMatchesAnEmptySegment) {
  router_.Add("GET", "/u/{handle}", Answer("x"));
  EXPECT_EQ(Matched("GET", "/u/"), "");
  EXPECT_EQ(Matched("GET", "/u"), "");
}

TEST_F(RouterTest, CatchAllTakesTheRestOfThePath) {
  router_.Add("GET", "/static/{rest...}", Answer("static"));
  EXPECT_EQ(Matched("GET", "/static/css/plaza.css"), "/static/{rest...}");
  EXPECT_EQ(params_.at("rest"), "css/plaza.css");
  EXPECT_EQ(Matched("GET", "/static/"), "/static/{rest...}");
  EXPECT_EQ(params_.at("rest"), "");
  EXPECT_EQ(Matched("GET", "/static"), "");
}

TEST_F(RouterTest, LiteralBeatsParameterWhichBeatsCatchAll) {
  router_.Add("GET", "/p/{rest...}", Answer("rest"));
  router_.Add("GET", "/p/{id}", Answer("param"));
  router_.Add("GET", "/p/new", Answer("literal"));
  EXPECT_EQ(Matched("GET", "/p/new"), "/p/new");
  EXPECT_EQ(Matched("GET", "/p/7"), "/p/{id}");
  EXPECT_EQ(Matched("GET", "/p/7/comments"), "/p/{rest...}");
}

TEST_F(RouterTest, BacktracksFromALiteralThatLeadsNowhere) {
  router_.Add("GET", "/p/new/edit", Answer("a"));
  router_.Add("GET", "/p/{id}/delete", Answer("b"));
  EXPECT_EQ(Matched("GET", "/p/new/delete"), "/p/{id}/delete");
  EXPECT_EQ(params_.at("id"), "new");
}

TEST_F(RouterTest, HeadFallsBackToGet) {
  router_.Add("GET", "/x", Answer("get"));
  EXPECT_EQ(Matched("HEAD", "/x"), "/x");
}

TEST_F(RouterTest, WrongMethodReportsTheAllowedOnes) {
  router_.Add("GET", "/compose", Answer("form"));
  router_.Add("POST", "/compose", Answer("submit"));
  RouteMatch match = router_.Match("DELETE", "/compose", params_);
  EXPECT_EQ(match.endpoint, nullptr);
  EXPECT_EQ(match.allow, "GET, POST, HEAD");
}

TEST_F(RouterTest, UnknownPathHasNoAllow) {
  router_.Add("GET", "/compose", Answer("form"));
  RouteMatch match = router_.Match("GET", "/nowhere", params_);
  EXPECT_EQ(match.endpoint, nullptr);
  EXPECT_EQ(match.allow, "");
}

TEST_F(RouterTest, AMethodOnALessSpecificRouteStillMatches) {
  router_.Add("GET", "/p/new", Answer("form"));
  router_.Add("POST", "/p/{id}", Answer("update"));
  EXPECT_EQ(Matched("POST", "/p/new"), "/p/{id}");
}

TEST_F(RouterTest, ClearsParametersOfThePreviousMatch) {
  router_.Add("GET", "/u/{handle}", Answer("x"));
  router_.Add("GET", "/about", Answer("y"));
  Matched("GET", "/u/alice");
  Matched("GET", "/about");
  EXPECT_TRUE(params_.empty());
}

TEST_F(RouterTest, ListsRoutesInRegistrationOrder) {
  router_.Add("GET", "/", Answer("a"));
  router_.Add("POST", "/api/v1/posts", Answer("b"));
  auto routes = router_.Routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].method, "GET");
  EXPECT_EQ(routes[0].pattern, "/");
  EXPECT_EQ(routes[1].method, "POST");
  EXPECT_EQ(routes[1].pattern, "/api/v1/posts");
}

TEST_F(RouterTest, RejectsMalformedPatterns) {
  EXPECT_THROW(router_.Add("GET", "nope", Answer("x")), std::invalid_argument);
  EXPECT_THROW(router_.Add("GET", "/a//b", Answer("x")), std::invalid_argument);
  EXPECT_THROW(router_.Add("GET", "/p/{id", Answer("x")), std::invalid_argument);
  EXPECT_THROW(router_.Add("GET", "/p/{id}-{slug}", Answer("x")), std::invalid_argument);
  EXPECT_THROW(router_.Add("GET", "/s/{rest...}/x", Answer("x")), std::invalid_argument);
  EXPECT_THROW(router_.Add("GET", "/p/{a}/{a}", Answer("x")), std::invalid_argument);
}

TEST_F(RouterTest, RejectsADuplicateRoute) {
  router_.Add("GET", "/p/{id}", Answer("x"));
  EXPECT_THROW(router_.Add("GET", "/p/{other}", Answer("y")), std::invalid_argument);
}

TEST_F(RouterTest, ParametersOfTheSameShapeMayHaveDifferentNamesPerMethod) {
  router_.Add("GET", "/p/{id}", Answer("x"));
  router_.Add("POST", "/p/{post_id}", Answer("y"));
  Matched("POST", "/p/3");
  EXPECT_EQ(params_.at("post_id"), "3");
}

TEST(DefaultErrorPage, CarriesTheUiContractTestIds) {
  Response page = DefaultErrorPage(Request{}, 404);
  EXPECT_EQ(page.status, 404);
  EXPECT_NE(page.body.find("data-testid=\"error-page\""), std::string::npos);
  EXPECT_NE(page.body.find("data-testid=\"error-status\">404<"), std::string::npos);
}

}  // namespace
}  // namespace plaza::http
