#include "http/static_files.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include "http/encoding.hpp"

namespace plaza::http {
namespace {

// A stand-in for the embedded assets.
const web::Asset kCss{"static/plaza.css", "text/css; charset=utf-8", "body{}", "\"abc123\""};

const web::Asset kRobots{"static/robots.txt", "text/plain; charset=utf-8", "User-agent: *\n",
                         "\"r0b075\""};

// Large and repetitive enough for gzip to pay.
const std::string kJsText = [] {
  std::string s;
  for (int i = 0; i < 100; ++i) s += "function f" + std::to_string(i) + "() { return 1; }\n";
  return s;
}();
const web::Asset kJs{"static/plaza.js", "application/javascript; charset=utf-8", kJsText,
                     "\"js1\""};

const web::Asset* FindTestAsset(std::string_view path) {
  if (path == kCss.path) return &kCss;
  if (path == kRobots.path) return &kRobots;
  return path == kJs.path ? &kJs : nullptr;
}

std::string Gunzip(std::string_view gz) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return "<inflateInit2 failed>";
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  stream.avail_in = static_cast<uInt>(gz.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return rc == Z_STREAM_END ? out : "<inflate failed>";
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

TEST_F(StaticFilesTest, CompressedForClientsThatAcceptGzip) {
  Response gz = Get("/static/plaza.js", "v=1", {{"accept-encoding", "gzip, deflate, br"}});
  EXPECT_EQ(gz.status, 200);
  EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(gz, "Vary"), "Accept-Encoding");
  EXPECT_EQ(Gunzip(gz.body_view), kJsText);
  Response again = Get("/static/plaza.js", "v=1", {{"accept-encoding", "gzip"}});
  EXPECT_EQ(again.body_view.data(), gz.body_view.data());  // compressed once, not per request

  Response plain = Get("/static/plaza.js", "v=1");
  EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(plain, "Vary"), "Accept-Encoding");
  EXPECT_EQ(plain.body_view, kJsText);
  // Two representations, two validators; each revalidates against its own.
  EXPECT_NE(HeaderOf(gz, "ETag"), HeaderOf(plain, "ETag"));
  EXPECT_EQ(Get("/static/plaza.js", "",
                {{"accept-encoding", "gzip"}, {"if-none-match", HeaderOf(gz, "ETag")}})
                .status,
            304);
}

TEST_F(StaticFilesTest, TinyFilesStayIdentity) {
  Response css = Get("/static/plaza.css", "", {{"accept-encoding", "gzip"}});
  EXPECT_EQ(HeaderOf(css, "Content-Encoding"), "");
  EXPECT_EQ(css.body_view, "body{}");
}

TEST(AcceptEncoding, GzipUnlessRefused) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("deflate, GZIP;q=0.5, br"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000, *"));  // named and refused: * does not bring it back
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("gzipx"));
}

TEST(GzipCompress, RoundTrips) {
  const std::string text(5000, 'a');
  const std::string gz = GzipCompress(text);
  EXPECT_LT(gz.size(), 100u);
  EXPECT_EQ(Gunzip(gz), text);
}

}  // namespace
}  // namespace plaza::http
