// The exchange adapters against local servers that answer in Gate's and Binance's documented
// formats (tests/outgoing's LocalServer: 127.0.0.1, port 0), broken answers included: missing
// fields, numbers as strings and as numbers, 429, 500, time-outs, a URL outside the configured
// base. Then the demo and CSV feeds.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "markets/feed.hpp"
#include "outgoing/local_server.hpp"

namespace plaza::markets {
namespace {

using outgoing::testing::LocalServer;

const std::vector<std::string> kSymbols = {"BTC", "ETH", "TRUMP"};

http::Response Json(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

outgoing::OutgoingOptions FastOptions() {
  outgoing::OutgoingOptions o;
  o.connect_timeout_ms = 2'000;
  o.timeout_ms = 2'000;
  return o;
}

std::unique_ptr<ExchangeFeed> Feed(ExchangeFeed::Kind kind, const std::string& base,
                                   outgoing::OutgoingOptions options = FastOptions()) {
  auto feed = ExchangeFeed::Create(kind, base, options);
  // A test that cannot make its feed stops here rather than crash.
  if (!feed) throw std::runtime_error("ExchangeFeed::Create: " + feed.error().message);
  return std::move(*feed);
}

TEST(GateFeed, ReadsTheDocumentedSpotTickers) {
  LocalServer server;
  server.Answer([](const outgoing::testing::SeenRequest& seen) {
    if (seen.path != "/api/v4/spot/tickers") return Json(404, "{}");
    return Json(200, R"([
      {"currency_pair":"BTC_USDT","last":"67012.5","lowest_ask":"67012.6","change_percentage":"0.92",
       "base_volume":"1234.5678","quote_volume":"82000000"},
      {"currency_pair":"ETH_BTC","last":"0.05","change_percentage":"1","base_volume":"1"},
      {"currency_pair":"TRUMP_USDT","last":10.87,"change_percentage":-3.5,"base_volume":12345},
      {"currency_pair":"SHIB_USDT","last":"0.00001","change_percentage":"0","base_volume":"1"}
    ])");
  });
  auto feed = Feed(ExchangeFeed::Kind::kGate, server.url());
  auto ticks = feed->Poll(kSymbols);
  ASSERT_TRUE(ticks) << ticks.error().message;
  ASSERT_EQ(ticks->size(), 2u);
  EXPECT_EQ((*ticks)[0].symbol, "BTC");
  EXPECT_EQ((*ticks)[0].last, "67012.5");
  EXPECT_EQ((*ticks)[0].change_24h, "0.92");
  EXPECT_EQ((*ticks)[0].volume_24h, "1234.5678");
  EXPECT_EQ((*ticks)[0].source, "gate");
  // Numbers as JSON numbers keep their source text: no double in between.
  EXPECT_EQ((*ticks)[1].symbol, "TRUMP");
  EXPECT_EQ((*ticks)[1].last, "10.87");
  EXPECT_EQ((*ticks)[1].change_24h, "-3.5");
}

TEST(GateFeed, KeepsAllDigitsOfJsonNumbers) {
  auto ticks =
      ParseGateTickers(R"([{"currency_pair":"BTC_USDT","last":0.000000000000000000000000000001,)"
                       R"("change_percentage":1.2345678901234567890123,"base_volume":1e3}])",
                       kSymbols);
  ASSERT_TRUE(ticks);
  ASSERT_EQ(ticks->size(), 1u);
  EXPECT_EQ((*ticks)[0].last, "0.000000000000000000000000000001");
  EXPECT_EQ((*ticks)[0].change_24h, "1.2345678901234567890123");
  EXPECT_EQ((*ticks)[0].volume_24h, "1e3");
}

TEST(GateFeed, SkipsObjectsWithoutAPairOrAPrice) {
  auto ticks = ParseGateTickers(
      R"([{"last":"1"},{"currency_pair":"BTC_USDT"},{"currency_pair":"ETH_USDT","last":null},)"
      R"({"currency_pair":"TRUMP_USDT","last":"10","nested":{"last":"x"},"list":[1,2]}])",
      kSymbols);
  ASSERT_TRUE(ticks);
  ASSERT_EQ(ticks->size(), 1u);
  EXPECT_EQ((*ticks)[0].symbol, "TRUMP");
  EXPECT_EQ((*ticks)[0].change_24h, "");  // missing: the ticker service reads it as 0
}

TEST(GateFeed, RefusesAnswersThatAreNotArraysOfObjects) {
  for (const char* body : {"", "{}", "[1,2]", "[[{}]]", "{\"label\":\"INVALID\"}", "[{", "null"}) {
    auto ticks = ParseGateTickers(body, kSymbols);
    EXPECT_FALSE(ticks) << body;
  }
}

TEST(GateFeed, ReportsRateLimitsAndServerErrorsAsUnavailable) {
  LocalServer server;
  for (int status : {429, 500, 503}) {
    server.Answer([status](const outgoing::testing::SeenRequest&) {
      return Json(status, R"({"label":"TOO_MANY_REQUESTS"})");
    });
    auto feed = Feed(ExchangeFeed::Kind::kGate, server.url());
    auto ticks = feed->Poll(kSymbols);
    ASSERT_FALSE(ticks) << status;
    EXPECT_EQ(ticks.error().code, Errc::kUnavailable);
    EXPECT_NE(ticks.error().message.find(std::to_string(status)), std::string::npos);
  }
}

TEST(GateFeed, TimesOut) {
  LocalServer server;
  server.HoldAnswers();
  outgoing::OutgoingOptions options = FastOptions();
  options.connect_timeout_ms = 300;
  options.timeout_ms = 300;
  auto feed = Feed(ExchangeFeed::Kind::kGate, server.url(), options);
  auto ticks = feed->Poll(kSymbols);
  server.Release();
  ASSERT_FALSE(ticks);
  EXPECT_EQ(ticks.error().code, Errc::kUnavailable);
  EXPECT_NE(ticks.error().message.find("timeout"), std::string::npos) << ticks.error().message;
}

TEST(GateFeed, RefusesAnUnreachableServer) {
  auto feed = Feed(ExchangeFeed::Kind::kGate,
                   "http://127.0.0.1:" + std::to_string(outgoing::testing::ClosedPort()));
  auto ticks = feed->Poll(kSymbols);
  ASSERT_FALSE(ticks);
  EXPECT_EQ(ticks.error().code, Errc::kUnavailable);
}

TEST(BinanceFeed, ReadsTheDocumented24HourTickers) {
  LocalServer server;
  server.Answer([](const outgoing::testing::SeenRequest& seen) {
    if (seen.path != "/api/v3/ticker/24hr") return Json(404, "{}");
    return Json(200, R"([
      {"symbol":"BTCUSDT","priceChange":"600.1","priceChangePercent":"0.904","lastPrice":"67012.50000000",
       "volume":"1234.56000000","quoteVolume":"1"},
      {"symbol":"ETHBTC","lastPrice":"0.05","priceChangePercent":"1","volume":"1"},
      {"symbol":"ETHUSDT","lastPrice":3480.2,"priceChangePercent":-1.25,"volume":100}
    ])");
  });
  auto feed = Feed(ExchangeFeed::Kind::kBinance, server.url());
  auto ticks = feed->Poll(kSymbols);
  ASSERT_TRUE(ticks) << ticks.error().message;
  ASSERT_EQ(ticks->size(), 2u);
  EXPECT_EQ((*ticks)[0].symbol, "BTC");
  EXPECT_EQ((*ticks)[0].last, "67012.50000000");
  EXPECT_EQ((*ticks)[0].change_24h, "0.904");
  EXPECT_EQ((*ticks)[0].source, "binance");
  EXPECT_EQ((*ticks)[1].symbol, "ETH");
  EXPECT_EQ((*ticks)[1].last, "3480.2");
}

TEST(ExchangeFeed, NeverLeavesItsConfiguredBaseUrl) {
  LocalServer server;
  // The base names a path; the feed's request goes below it, and a base elsewhere is refused by
  // the client before any connection.
  auto feed = Feed(ExchangeFeed::Kind::kGate, server.url() + "/only-here");
  auto ticks = feed->Poll(kSymbols);
  ASSERT_TRUE(!ticks || ticks->empty());
  for (const auto& seen : server.requests()) EXPECT_EQ(seen.path.rfind("/only-here/", 0), 0u);
  auto bad = ExchangeFeed::Create(ExchangeFeed::Kind::kGate, "ftp://example.com", FastOptions());
  EXPECT_FALSE(bad);
}

TEST(DemoFeed, WalksTheSameWayForTheSameSeed) {
  DemoFeed a(7), b(7), c(8);
  std::vector<std::string> prices_a, prices_b, prices_c;
  for (int i = 0; i < 20; ++i) {
    prices_a.push_back(a.Poll({"BTC", "TRUMP"})->at(1).last);
    prices_b.push_back(b.Poll({"BTC", "TRUMP"})->at(1).last);
    prices_c.push_back(c.Poll({"BTC", "TRUMP"})->at(1).last);
  }
  EXPECT_EQ(prices_a, prices_b);
  EXPECT_NE(prices_a, prices_c);
  // Each step moves at most 0.4 %, and every value is a valid positive decimal.
  for (std::size_t i = 1; i < prices_a.size(); ++i) {
    auto before = *Decimal::Parse(prices_a[i - 1]);
    auto after = *Decimal::Parse(prices_a[i]);
    auto change = *Decimal::PercentChange(before, after, 4);
    EXPECT_LE(change, *Decimal::Parse("0.41"));
    EXPECT_GE(change, *Decimal::Parse("-0.41"));
  }
}

TEST(CsvReplayFeed, ReplaysLinesGroupedByTimestamp) {
  auto feed = CsvReplayFeed::FromText(
      "timestamp,symbol,price\n1,BTC,100\n1,eth,10\n2,BTC,110.5\n\n3,DOGE,1\n");
  ASSERT_TRUE(feed) << feed.error().message;
  auto first = (*feed)->Poll(kSymbols);
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[1].symbol, "ETH");
  auto second = (*feed)->Poll(kSymbols);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].last, "110.5");
  EXPECT_EQ((*second)[0].change_24h, "10.5");      // from the file's first BTC price
  EXPECT_TRUE((*feed)->Poll(kSymbols)->empty());   // DOGE is not asked for
  EXPECT_EQ((*feed)->Poll(kSymbols)->size(), 2u);  // starts again
}

TEST(CsvReplayFeed, RefusesBadLinesNamingThem) {
  auto bad = CsvReplayFeed::FromText("1,BTC,100\n2,BTC,NaN\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 2"), std::string::npos);
  EXPECT_FALSE(CsvReplayFeed::FromText("1,BTC,-5\n"));
  EXPECT_FALSE(CsvReplayFeed::FromText("1;BTC;5\n"));
  EXPECT_FALSE(CsvReplayFeed::FromText(""));
  EXPECT_FALSE(CsvReplayFeed::Open("/nonexistent/prices.csv"));
}

}  // namespace
}  // namespace plaza::markets
