#include "http/wire.hpp"

#include <gtest/gtest.h>

#include "http/encoding.hpp"

namespace plaza::http {
namespace {

TEST(PercentDecode, DecodesEscapesAndOptionallyPlus) {
  EXPECT_EQ(PercentDecode("a%20b+c", PlusAs::kPlus), "a b+c");
  EXPECT_EQ(PercentDecode("a%20b+c", PlusAs::kSpace), "a b c");
  EXPECT_EQ(PercentDecode("%e2%82%AC", PlusAs::kPlus), "\xE2\x82\xAC");
}

TEST(PercentDecode, RejectsTruncatedOrNonHexEscapes) {
  EXPECT_EQ(PercentDecode("%", PlusAs::kPlus), std::nullopt);
  EXPECT_EQ(PercentDecode("%4", PlusAs::kPlus), std::nullopt);
  EXPECT_EQ(PercentDecode("%4g", PlusAs::kPlus), std::nullopt);
}

TEST(ParseTarget, SplitsPathAndQuery) {
  std::string path, query;
  ASSERT_TRUE(ParseTarget("/p/1-x?lang=fr&v=2", path, query));
  EXPECT_EQ(path, "/p/1-x");
  EXPECT_EQ(query, "lang=fr&v=2");
}

TEST(ParseTarget, DecodesThePathButNotThePlus) {
  std::string path, query;
  ASSERT_TRUE(ParseTarget("/u/caf%C3%A9+x", path, query));
  EXPECT_EQ(path, "/u/caf\xC3\xA9+x");
  EXPECT_EQ(query, "");
}

TEST(ParseTarget, AcceptsAbsoluteForm) {
  std::string path, query;
  ASSERT_TRUE(ParseTarget("http://example.com:8080/a/b?c=d", path, query));
  EXPECT_EQ(path, "/a/b");
  EXPECT_EQ(query, "c=d");
  ASSERT_TRUE(ParseTarget("https://example.com", path, query));
  EXPECT_EQ(path, "/");
}

TEST(ParseTarget, RejectsOtherForms) {
  std::string path, query;
  EXPECT_FALSE(ParseTarget("*", path, query));
  EXPECT_FALSE(ParseTarget("example.com:443", path, query));
  EXPECT_FALSE(ParseTarget("ftp://x/y", path, query));
  EXPECT_FALSE(ParseTarget("", path, query));
}

TEST(ParseTarget, RejectsDangerousPaths) {
  std::string path, query;
  EXPECT_FALSE(ParseTarget("/a/%00b", path, query));
  EXPECT_FALSE(ParseTarget("/a%0Ab", path, query));
  EXPECT_FALSE(ParseTarget("/a/%C3%28", path, query));
  EXPECT_FALSE(ParseTarget("/static/../x", path, query));
  EXPECT_FALSE(ParseTarget("/static/%2E%2E/x", path, query));
  EXPECT_FALSE(ParseTarget("/a/.", path, query));
  EXPECT_FALSE(ParseTarget("/a/%zz", path, query));
  EXPECT_TRUE(ParseTarget("/a/..b/.c", path, query));
}

TEST(CachedHttpDate, HasTheImfFixdateShape) {
  std::string_view date = CachedHttpDate();
  ASSERT_EQ(date.size(), 29u) << date;
  EXPECT_EQ(date.substr(3, 2), ", ");
  EXPECT_EQ(date.substr(25), " GMT");
}

TEST(NewRequestId, IsTwelveHexDigitsAndChanges) {
  std::string a, b;
  NewRequestId(a);
  NewRequestId(b);
  EXPECT_EQ(a.size(), 12u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

std::string Head(const Response& response, HeadOptions options = {"abc", true, false}) {
  std::string out;
  EXPECT_TRUE(WriteResponseHead(response, options, out));
  return out;
}

TEST(WriteResponseHead, WritesStatusLengthTypeAndRequestId) {
  Response response;
  response.body = "hello";
  std::string head = Head(response);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200 OK\r\nDate: ")) << head;
  EXPECT_NE(head.find("\r\nServer: plaza\r\n"), std::string::npos);
  EXPECT_NE(head.find("\r\nContent-Type: text/html; charset=utf-8\r\n"), std::string::npos);
  EXPECT_NE(head.find("\r\nContent-Length: 5\r\n"), std::string::npos);
  EXPECT_NE(head.find("\r\nX-Request-Id: abc\r\n"), std::string::npos);
  EXPECT_TRUE(head.ends_with("\r\n\r\n"));
  EXPECT_EQ(head.find("Connection:"), std::string::npos);
}

TEST(WriteResponseHead, CountsTheBodyView) {
  Response response;
  response.body_view = "static bytes";
  EXPECT_NE(Head(response).find("\r\nContent-Length: 12\r\n"), std::string::npos);
}

TEST(WriteResponseHead, SaysConnectionCloseOrKeepAliveForHttp10) {
  Response response;
  EXPECT_NE(Head(response, {"r", false, false}).find("\r\nConnection: close\r\n"),
            std::string::npos);
  EXPECT_NE(Head(response, {"r", true, true}).find("\r\nConnection: keep-alive\r\n"),
            std::string::npos);
}

TEST(WriteResponseHead, AddsSecurityHeadersUnlessSet) {
  Response response;
  response.Header("x-frame-options", "SAMEORIGIN");
  std::string head = Head(response);
  EXPECT_NE(head.find(std::string("\r\nContent-Security-Policy: ") +
                      std::string(kContentSecurityPolicy) + "\r\n"),
            std::string::npos);
  EXPECT_NE(head.find("\r\nX-Content-Type-Options: nosniff\r\n"), std::string::npos);
  EXPECT_NE(head.find("\r\nReferrer-Policy: strict-origin-when-cross-origin\r\n"),
            std::string::npos);
  EXPECT_NE(head.find("\r\nx-frame-options: SAMEORIGIN\r\n"), std::string::npos);
  EXPECT_EQ(head.find("X-Frame-Options: DENY"), std::string::npos);
}

TEST(WriteResponseHead, IgnoresHeadersTheServerOwns) {
  Response response;
  response.Header("Content-Length", "999").Header("Connection", "upgrade").Header("Date", "x");
  std::string head = Head(response);
  EXPECT_EQ(head.find("999"), std::string::npos);
  EXPECT_EQ(head.find("upgrade"), std::string::npos);
  EXPECT_EQ(head.find("Date: x"), std::string::npos);
}

TEST(WriteResponseHead, NotModifiedHasNoLengthOrType) {
  Response response;
  response.status = 304;
  response.Header("ETag", "\"e\"");
  std::string head = Head(response);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 304 Not Modified\r\n"));
  EXPECT_EQ(head.find("\r\nContent-Length"), std::string::npos);
  EXPECT_EQ(head.find("\r\nContent-Type"), std::string::npos);
  EXPECT_NE(head.find("\r\nETag: \"e\"\r\n"), std::string::npos);
}

TEST(WriteResponseHead, RefusesHeaderInjection) {
  std::string out;
  Response bad_value;
  bad_value.Header("X-A", "1\r\nSet-Cookie: x=1");
  EXPECT_FALSE(WriteResponseHead(bad_value, {}, out));
  Response bad_name;
  bad_name.Header("X A", "1");
  EXPECT_FALSE(WriteResponseHead(bad_name, {}, out));
  Response bad_type;
  bad_type.content_type = "text/html\nX: y";
  EXPECT_FALSE(WriteResponseHead(bad_type, {}, out));
  Response bad_status;
  bad_status.status = 42;
  EXPECT_FALSE(WriteResponseHead(bad_status, {}, out));
}

TEST(IpAddress, ParsesBothFamiliesAndUnmapsV4) {
  EXPECT_EQ(IpAddress::Parse("192.0.2.1")->ToString(), "192.0.2.1");
  EXPECT_EQ(IpAddress::Parse("2001:db8::1")->ToString(), "2001:db8::1");
  auto mapped = IpAddress::Parse("::ffff:192.0.2.1");
  ASSERT_TRUE(mapped);
  EXPECT_TRUE(mapped->v4);
  EXPECT_EQ(mapped->ToString(), "192.0.2.1");
  EXPECT_FALSE(IpAddress::Parse("192.0.2"));
  EXPECT_FALSE(IpAddress::Parse("not an address"));
}

TEST(TrustedProxies, ParsesAddressesAndRanges) {
  auto proxies = TrustedProxies::Parse({"10.0.0.0/8", "::1", "fd00::/8", "192.0.2.7"});
  ASSERT_TRUE(proxies);
  EXPECT_TRUE(proxies->Contains(*IpAddress::Parse("10.200.3.4")));
  EXPECT_FALSE(proxies->Contains(*IpAddress::Parse("11.0.0.1")));
  EXPECT_TRUE(proxies->Contains(*IpAddress::Parse("::1")));
  EXPECT_TRUE(proxies->Contains(*IpAddress::Parse("fd12::5")));
  EXPECT_TRUE(proxies->Contains(*IpAddress::Parse("192.0.2.7")));
  EXPECT_FALSE(proxies->Contains(*IpAddress::Parse("192.0.2.8")));
}

TEST(TrustedProxies, PrefixLengthsNotOnAByteBoundaryWork) {
  auto proxies = TrustedProxies::Parse({"172.16.0.0/12"});
  ASSERT_TRUE(proxies);
  EXPECT_TRUE(proxies->Contains(*IpAddress::Parse("172.31.255.255")));
  EXPECT_FALSE(proxies->Contains(*IpAddress::Parse("172.32.0.0")));
}

TEST(TrustedProxies, RejectsGarbageNamingTheEntry) {
  for (const char* bad : {"10.0.0.0/33", "nope", "10.0.0.0/", "::1/129", "10.0.0.0/8x"}) {
    auto proxies = TrustedProxies::Parse({bad});
    ASSERT_FALSE(proxies) << bad;
    EXPECT_NE(proxies.error().message.find(bad), std::string::npos);
  }
}

TEST(TrustedProxies, UntrustedPeerIsTheClient) {
  auto proxies = TrustedProxies::Parse({"10.0.0.1"});
  EXPECT_EQ(proxies->ClientAddress("203.0.113.9", {"198.51.100.1"}), "203.0.113.9");
}

TEST(TrustedProxies, TakesTheRightMostUntrustedForwardedAddress) {
  auto proxies = TrustedProxies::Parse({"10.0.0.0/8"});
  // The left-most entry is whatever the client claimed; only the proxies' additions count.
  EXPECT_EQ(proxies->ClientAddress("10.0.0.1", {"1.1.1.1, 203.0.113.9, 10.0.0.2"}), "203.0.113.9");
}

TEST(TrustedProxies, WalksMultipleHeadersInOrder) {
  auto proxies = TrustedProxies::Parse({"10.0.0.0/8"});
  EXPECT_EQ(proxies->ClientAddress("10.0.0.1", {"203.0.113.9", "10.0.0.3"}), "203.0.113.9");
}

TEST(TrustedProxies, AcceptsPortsAndBrackets) {
  auto proxies = TrustedProxies::Parse({"10.0.0.0/8"});
  EXPECT_EQ(proxies->ClientAddress("10.0.0.1", {"203.0.113.9:5555"}), "203.0.113.9");
  EXPECT_EQ(proxies->ClientAddress("10.0.0.1", {"[2001:db8::7]:443"}), "2001:db8::7");
}

TEST(TrustedProxies, GarbageStopsAtTheLastTrustedHop) {
  auto proxies = TrustedProxies::Parse({"10.0.0.0/8"});
  EXPECT_EQ(proxies->ClientAddress("10.0.0.1", {"evil, 10.0.0.2"}), "10.0.0.2");
  EXPECT_EQ(proxies->ClientAddress("10.0.0.1", {}), "10.0.0.1");
}

TEST(TransferCodingStatus, AcceptsOnlyASingleChunked) {
  EXPECT_EQ(TransferCodingStatus("chunked"), 0);
  EXPECT_EQ(TransferCodingStatus(" Chunked "), 0);
  EXPECT_EQ(TransferCodingStatus(", chunked,"), 0);  // empty list elements do not count
}

TEST(TransferCodingStatus, RefusesAFinalCodingOtherThanChunkedWith400) {
  for (const char* codings :
       {"xchunked", "gzip", "identity", "chunked, identity", "chunked, gzip", "chunked;x=1", ""}) {
    EXPECT_EQ(TransferCodingStatus(codings), 400) << codings;
  }
}

TEST(TransferCodingStatus, RefusesMalformedListsAndChunkedTwiceWith400) {
  EXPECT_EQ(TransferCodingStatus("\"chunked\""), 400);
  EXPECT_EQ(TransferCodingStatus("chunked, chunked"), 400);
  EXPECT_EQ(TransferCodingStatus("gz ip, chunked"), 400);
}

TEST(TransferCodingStatus, AnswersUnimplementedCodingsBeforeAFinalChunkedWith501) {
  EXPECT_EQ(TransferCodingStatus("gzip, chunked"), 501);
  EXPECT_EQ(TransferCodingStatus("gzip;q=1,chunked"), 501);
}

using Finding = RequestHeadCheck::Finding;

TEST(RequestHeadCheck, PassesAWellFormedHeadFedInPieces) {
  RequestHeadCheck check(100);
  std::string_view head = "GET / HTTP/1.1\r\nHost: x\r\nA: b c\r\n\r\n";
  for (char c : head) EXPECT_EQ(check.Feed(std::string_view(&c, 1)), Finding::kNone);
  EXPECT_TRUE(check.request_line_done());
}

TEST(RequestHeadCheck, FindsObsFold) {
  EXPECT_EQ(RequestHeadCheck(100).Feed("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n"), Finding::kObsFold);
  EXPECT_EQ(RequestHeadCheck(100).Feed("GET / HTTP/1.1\r\nA:\r\n\tc\r\n"), Finding::kObsFold);
}

TEST(RequestHeadCheck, IgnoresWhatFollowsTheHead) {
  // A body may hold anything, folds and bare LFs included.
  EXPECT_EQ(RequestHeadCheck(100).Feed("GET / HTTP/1.1\r\nA: b\r\n\r\n x\ny"), Finding::kNone);
}

TEST(RequestHeadCheck, FindsBareLfAndBareCr) {
  EXPECT_EQ(RequestHeadCheck(100).Feed("GET / HTTP/1.1\nHost: x"), Finding::kBadLineEnding);
  EXPECT_EQ(RequestHeadCheck(100).Feed("GET / HTTP/1.1\r\nHost: x\n"), Finding::kBadLineEnding);
  EXPECT_EQ(RequestHeadCheck(100).Feed("GET / HTTP/1.1\rHost: x"), Finding::kBadLineEnding);
}

TEST(RequestHeadCheck, FindsARequestLineOverTheLimit) {
  RequestHeadCheck check(10);
  EXPECT_EQ(check.Feed("GET /12345"), Finding::kNone);  // 10 bytes: at the limit
  EXPECT_EQ(check.Feed("6"), Finding::kRequestLineTooLong);
  EXPECT_FALSE(check.request_line_done());
  // Long header fields are the header limit's business, not the request line's.
  EXPECT_EQ(RequestHeadCheck(16).Feed("GET / HTTP/1.1\r\nX: " + std::string(50, 'a')),
            Finding::kNone);
}

TEST(FindBareLf, FindsOnlyLfWithoutCr) {
  EXPECT_EQ(FindBareLf("5\r\nab\r\n"), std::string_view::npos);
  EXPECT_EQ(FindBareLf("5\nab"), 1u);
  EXPECT_EQ(FindBareLf("\nab"), 0u);
  // Scanning in pieces: the CR before `from` still counts.
  EXPECT_EQ(FindBareLf("5\r\n", 2), std::string_view::npos);
  EXPECT_EQ(FindBareLf("5\r\n3\n", 3), 4u);
}

TEST(IpAddress, KnowsLoopback) {
  EXPECT_TRUE(IpAddress::Parse("127.0.0.1")->IsLoopback());
  EXPECT_TRUE(IpAddress::Parse("127.8.0.2")->IsLoopback());
  EXPECT_TRUE(IpAddress::Parse("::1")->IsLoopback());
  EXPECT_TRUE(IpAddress::Parse("::ffff:127.0.0.1")->IsLoopback());
  EXPECT_FALSE(IpAddress::Parse("10.0.0.1")->IsLoopback());
  EXPECT_FALSE(IpAddress::Parse("::2")->IsLoopback());
}

}  // namespace
}  // namespace plaza::http
