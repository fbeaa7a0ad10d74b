#include "http/message.hpp"

#include <gtest/gtest.h>

namespace plaza::http {
namespace {

Request WithHeaders(std::vector<std::pair<std::string, std::string>> headers) {
  Request request;
  request.headers = std::move(headers);
  return request;
}

TEST(RequestHeader, FindsTheFirstByLowerCaseName) {
  Request request = WithHeaders({{"accept", "a"}, {"accept", "b"}});
  EXPECT_EQ(request.Header("accept"), "a");
  EXPECT_EQ(request.Header("missing"), "");
}

TEST(RequestCookie, ReadsOneCookieAmongSeveral) {
  Request request = WithHeaders({{"cookie", "a=1; plaza_session=abc123;b=2"}});
  EXPECT_EQ(request.Cookie("plaza_session"), "abc123");
  EXPECT_EQ(request.Cookie("b"), "2");
  EXPECT_EQ(request.Cookie("missing"), std::nullopt);
}

TEST(RequestCookie, LooksInEveryCookieHeader) {
  Request request = WithHeaders({{"cookie", "a=1"}, {"cookie", "b=2"}});
  EXPECT_EQ(request.Cookie("b"), "2");
}

TEST(RequestCookie, StripsQuotesAndKeepsEqualsInValues) {
  Request request = WithHeaders({{"cookie", "q=\"x y\"; t=a=b"}});
  EXPECT_EQ(request.Cookie("q"), "x y");
  EXPECT_EQ(request.Cookie("t"), "a=b");
}

TEST(RequestCookie, NameMustMatchExactly) {
  Request request = WithHeaders({{"cookie", "xsession=1"}});
  EXPECT_EQ(request.Cookie("session"), std::nullopt);
}

TEST(RequestQuery, DecodesPercentAndPlus) {
  Request request;
  request.query = "q=caf%C3%A9+au+lait&lang=fr";
  EXPECT_EQ(request.Query("q"), "café au lait");
  EXPECT_EQ(request.Query("lang"), "fr");
  EXPECT_EQ(request.Query("missing"), std::nullopt);
}

TEST(RequestQuery, DecodesEncodedNames) {
  Request request;
  request.query = "a%5Bb%5D=1";
  EXPECT_EQ(request.Query("a[b]"), "1");
}

TEST(RequestQuery, ParameterWithoutValueIsEmpty) {
  Request request;
  request.query = "v&x=1";
  EXPECT_EQ(request.Query("v"), "");
}

TEST(RequestQuery, FirstOccurrenceWins) {
  Request request;
  request.query = "x=1&x=2";
  EXPECT_EQ(request.Query("x"), "1");
}

TEST(RequestQuery, MalformedEscapeCountsAsAbsent) {
  Request request;
  request.query = "q=100%";
  EXPECT_EQ(request.Query("q"), std::nullopt);
}

TEST(RequestFormFields, ParsesUrlEncodedFields) {
  Request request = WithHeaders({{"content-type", "application/x-www-form-urlencoded"}});
  request.body = "title=Hello+world&body=a%26b%3Dc&empty=";
  auto fields = request.FormFields();
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->at("title"), "Hello world");
  EXPECT_EQ(fields->at("body"), "a&b=c");
  EXPECT_EQ(fields->at("empty"), "");
}

TEST(RequestFormValues, ReadsEveryValueOfARepeatedField) {
  Request request = WithHeaders({{"content-type", "application/x-www-form-urlencoded"}});
  request.body = "tokens=BTC&title=T&tokens=ETH&tok%65ns=SOL+X&tokensx=NO&tokens=";
  EXPECT_EQ(request.FormFields()->at("tokens"), "BTC");  // the first of duplicates
  EXPECT_EQ(request.FormValues("tokens"), (std::vector<std::string>{"BTC", "ETH", "SOL X", ""}));
  EXPECT_TRUE(request.FormValues("missing").empty());
}

TEST(RequestFormFields, AcceptsACharsetParameterAndAMissingContentType) {
  Request with_charset =
      WithHeaders({{"content-type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8"}});
  with_charset.body = "a=1";
  EXPECT_TRUE(with_charset.FormFields());
  Request bare;
  bare.body = "a=1";
  EXPECT_TRUE(bare.FormFields());
}

TEST(RequestFormFields, RejectsAnotherContentType) {
  Request request = WithHeaders({{"content-type", "application/json"}});
  request.body = "{}";
  auto fields = request.FormFields();
  ASSERT_FALSE(fields);
  EXPECT_EQ(fields.error().code, Errc::kInvalidArgument);
}

TEST(RequestFormFields, RejectsMalformedEscapes) {
  Request request;
  request.body = "title=%zz";
  auto fields = request.FormFields();
  ASSERT_FALSE(fields);
  EXPECT_EQ(fields.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(fields.error().field, "title");
}

TEST(RequestFormFields, RejectsInvalidUtf8NamingTheField) {
  Request request;
  request.body = "body=%C3%28";
  auto fields = request.FormFields();
  ASSERT_FALSE(fields);
  EXPECT_EQ(fields.error().field, "body");
}

TEST(RequestFormFields, CapsTheNumberOfFields) {
  Request request;
  for (int i = 0; i < 65; ++i) request.body += "f" + std::to_string(i) + "=1&";
  auto fields = request.FormFields();
  ASSERT_FALSE(fields);
  EXPECT_EQ(fields.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(fields.error().limit, 64);
}

TEST(RequestFormFields, FirstOfDuplicatesWins) {
  Request request;
  request.body = "a=1&a=2";
  auto fields = request.FormFields();
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->at("a"), "1");
}

TEST(RequestBearerToken, ReadsTheTokenCaseInsensitively) {
  EXPECT_EQ(WithHeaders({{"authorization", "Bearer abc.def"}}).BearerToken(), "abc.def");
  EXPECT_EQ(WithHeaders({{"authorization", "bearer   tok  "}}).BearerToken(), "tok");
}

TEST(RequestBearerToken, IgnoresOtherSchemesAndJunk) {
  EXPECT_EQ(WithHeaders({{"authorization", "Basic dXNlcjpw"}}).BearerToken(), "");
  EXPECT_EQ(WithHeaders({{"authorization", "Bearer"}}).BearerToken(), "");
  EXPECT_EQ(WithHeaders({{"authorization", "Bearertok"}}).BearerToken(), "");
  EXPECT_EQ(WithHeaders({{"authorization", "Bearer a b"}}).BearerToken(), "");
  EXPECT_EQ(WithHeaders({}).BearerToken(), "");
}

TEST(StatusFor, MapsEveryCode) {
  EXPECT_EQ(StatusFor(Errc::kInvalidArgument), 400);
  EXPECT_EQ(StatusFor(Errc::kUnauthenticated), 401);
  EXPECT_EQ(StatusFor(Errc::kForbidden), 403);
  EXPECT_EQ(StatusFor(Errc::kNotFound), 404);
  EXPECT_EQ(StatusFor(Errc::kGone), 410);
  EXPECT_EQ(StatusFor(Errc::kConflict), 409);
  EXPECT_EQ(StatusFor(Errc::kPayloadTooLarge), 413);
  EXPECT_EQ(StatusFor(Errc::kLimitExceeded), 422);
  EXPECT_EQ(StatusFor(Errc::kRateLimited), 429);
  EXPECT_EQ(StatusFor(Errc::kUnavailable), 503);
  EXPECT_EQ(StatusFor(Errc::kInternal), 500);
}

TEST(ErrorResponse, HasTheDesignShape) {
  Error error{Errc::kLimitExceeded, "title too long", "title", 200, std::nullopt};
  Response response = ErrorResponse(error);
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(
      response.body,
      R"({"error":{"code":"limit_exceeded","message":"title too long","field":"title","limit":200}})");
}

TEST(ErrorResponse, OmitsFieldAndLimitWhenAbsent) {
  Response response = ErrorResponse(Error{Errc::kNotFound, "no such post", {}, {}, {}});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, R"({"error":{"code":"not_found","message":"no such post"}})");
}

TEST(ErrorResponse, EscapesTheMessage) {
  Response response = ErrorResponse(Error{Errc::kInvalidArgument, "bad \"x\"\n\\", {}, {}, {}});
  EXPECT_EQ(response.body, R"({"error":{"code":"invalid_argument","message":"bad \"x\"\n\\"}})");
}

TEST(ErrorResponse, KeepsTheJsonValidWithInvalidUtf8) {
  Response response = ErrorResponse(Error{Errc::kInvalidArgument, "bad \xC3(", {}, {}, {}});
  EXPECT_NE(response.body.find("bad \xEF\xBF\xBD("), std::string::npos) << response.body;
}

TEST(ErrorResponse, RateLimitedCarriesRetryAfter) {
  Error error{Errc::kRateLimited, "slow down", {}, std::nullopt, 30};
  Response response = ErrorResponse(error);
  EXPECT_EQ(response.status, 429);
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Retry-After");
  EXPECT_EQ(response.headers[0].second, "30");
}

TEST(ErrorResponse, RateLimitedWithoutADelayStillCarriesRetryAfter) {
  Response response = ErrorResponse(Error{Errc::kRateLimited, "slow down", {}, {}, {}});
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Retry-After");
}

TEST(JsonResponse, SetsStatusTypeAndBody) {
  Response response = JsonResponse(201, R"({"post":{}})");
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body, R"({"post":{}})");
}

TEST(Redirect, SetsLocationWithoutABody) {
  Response response = Redirect(303, "/p/1-hello");
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(response.body, "");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Location");
  EXPECT_EQ(response.headers[0].second, "/p/1-hello");
}

}  // namespace
}  // namespace plaza::http
