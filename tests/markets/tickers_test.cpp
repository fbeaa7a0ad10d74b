// The ticker service against a real SQLite store with a manual clock: checks on what feeds send,
// staleness, the coalescing publisher, the feed runner's backoff, chips per locale, and the
// re-extraction of cashtags when the registry changes.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/rate_limiter.hpp"
#include "markets/chips.hpp"
#include "markets/feed.hpp"
#include "markets/feed_runner.hpp"
#include "markets/module.hpp"
#include "markets/publisher.hpp"
#include "markets/tickers.hpp"
#include "posts/posts.hpp"
#include "scratch_database.hpp"

namespace plaza::markets {
namespace {

using storage_test::Must;

constexpr Timestamp kSecond = kMicrosPerSecond;

class TickersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Must(storage_test::ScratchDatabase::Sqlite());
    store_ = Must(db_->Open());
    Must(store_->Migrate());
    for (const auto& a : MarketsOptions::DefaultAssets())
      Must(store_->markets().PutAsset(ToAsset(a)));
    tickers_ = std::make_unique<TickerService>(store_->markets(), clock_, 120 * kSecond,
                                               [this](const Ticker& t) { accepted_.push_back(t); });
    Must(tickers_->Load());
  }

  static Tick T(const std::string& symbol, const std::string& last,
                const std::string& change = "0.92", const std::string& volume = "10") {
    return Tick{symbol, last, change, volume, "test"};
  }

  ManualClock clock_;
  std::unique_ptr<storage_test::ScratchDatabase> db_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<TickerService> tickers_;
  std::vector<Ticker> accepted_;
};

TEST_F(TickersTest, StoresGoodTicksExactly) {
  ASSERT_TRUE(tickers_->Apply(T("TRUMP", "10.870000000000000000000000000001")));
  auto latest = tickers_->Latest("TRUMP");
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->last, "10.870000000000000000000000000001");
  EXPECT_EQ(latest->updated_at, clock_.Now());
  EXPECT_EQ(Must(store_->markets().GetTicker("TRUMP"))->last, latest->last);
  EXPECT_EQ(accepted_.size(), 1u);
}

// Bad input of issue 9: refused, logged by the runner, and the last good value kept.
TEST_F(TickersTest, RefusesBadValuesAndKeepsTheLastGoodOne) {
  ASSERT_TRUE(tickers_->Apply(T("BTC", "67012.5")));
  const std::vector<Tick> bad = {
      T("BTC", "-1"),
      T("BTC", "0"),
      T("BTC", "NaN"),
      T("BTC", "inf"),
      T("BTC", "1234567890123456789012345678901234567890"),  // 40 significant digits
      T("BTC", "1", "NaN"),
      T("BTC", "1", "-Infinity"),
      T("BTC", "1", "0.92", "-5"),
      T("BTC", ""),
  };
  for (const Tick& tick : bad) {
    auto applied = tickers_->Apply(tick);
    ASSERT_FALSE(applied) << tick.last << " " << tick.change_24h << " " << tick.volume_24h;
    EXPECT_EQ(applied.error().code, Errc::kInvalidArgument);
  }
  EXPECT_EQ(tickers_->Latest("BTC")->last, "67012.5");
  EXPECT_EQ(Must(store_->markets().GetTicker("BTC"))->last, "67012.5");
  EXPECT_EQ(accepted_.size(), 1u);
}

TEST_F(TickersTest, IgnoresSymbolsOutsideTheRegistry) {
  auto applied = tickers_->Apply(T("SHIB", "0.00001"));
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, Errc::kNotFound);
  EXPECT_FALSE(Must(store_->markets().GetTicker("SHIB")));
}

TEST_F(TickersTest, APriceGoesStaleAfterTheLimitAndStaysStale) {
  ASSERT_TRUE(tickers_->Apply(T("TRUMP", "10.87")));
  EXPECT_FALSE(MakeChip(*tickers_, "TRUMP", 3, std::nullopt, "fr").stale);
  clock_.Advance(std::chrono::seconds(120));
  EXPECT_FALSE(MakeChip(*tickers_, "TRUMP", 3, std::nullopt, "fr").stale);
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_TRUE(MakeChip(*tickers_, "TRUMP", 3, std::nullopt, "fr").stale);
  clock_.Advance(std::chrono::hours(1));  // a feed that sends nothing for an hour
  const ChipView chip = MakeChip(*tickers_, "TRUMP", 3, std::nullopt, "fr");
  EXPECT_TRUE(chip.stale);
  EXPECT_EQ(chip.last, "10.87");  // the last value, shown greyed
  ASSERT_TRUE(tickers_->Apply(T("TRUMP", "10.9")));
  EXPECT_FALSE(MakeChip(*tickers_, "TRUMP", 3, std::nullopt, "fr").stale);
}

TEST_F(TickersTest, ChipsShowADashBeforeTheFirstPrice) {
  const ChipView chip = MakeChip(*tickers_, "XRP", 4, std::string("2.1"), "en");
  EXPECT_FALSE(chip.has_price);
  EXPECT_EQ(chip.change_text, "\u2014");
  EXPECT_FALSE(chip.change_since_post);
  EXPECT_NE(ChipJson(chip).find("\"last\":null"), std::string::npos);
}

TEST_F(TickersTest, ChipsFormatForTheLocaleWithTheChangeSinceThePost) {
  ASSERT_TRUE(tickers_->Apply(T("TRUMP", "12.207", "0.92")));
  const ChipView fr = MakeChip(*tickers_, "TRUMP", 3, std::string("10.87"), "fr");
  EXPECT_EQ(fr.change_text, "+0,92\u00a0%");
  EXPECT_EQ(fr.price_text, "12,207");
  EXPECT_EQ(fr.change_since_post, "12.30");
  EXPECT_EQ(fr.since_text, "+12,30\u00a0%");
  EXPECT_EQ(fr.direction, 1);
  const ChipView en = MakeChip(*tickers_, "TRUMP", 3, std::nullopt, "en");
  EXPECT_EQ(en.change_text, "+0.92%");
  EXPECT_FALSE(en.change_since_post);
  const std::string json = ChipJson(fr);
  EXPECT_NE(json.find("\"last\":\"12.207\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"change_since_post\":\"12.30\""), std::string::npos) << json;
}

TEST_F(TickersTest, TheBoardShowsEachPostsChipsWithThePriceSinceThePost) {
  InMemoryRateLimiter limiter(clock_, RateLimit{100, 60});
  Posts posts(*store_, clock_, limiter);
  const User author = Must(store_->users().Create(
      NewUser{"bea", "Bea", "$argon2id$not-a-real-hash", Role::kMember, clock_.Now()}));
  ASSERT_TRUE(tickers_->Apply(T("TRUMP", "10", "0.92")));
  // Published with a TRUMP price and no XRP price.
  const Post post = Must(posts.Create(
      author, PostInput{std::string("On $TRUMP"), std::string("and $XRP"), std::nullopt}));
  ASSERT_TRUE(tickers_->Apply(T("TRUMP", "11.23", "-1.5")));
  ASSERT_TRUE(tickers_->Apply(T("XRP", "2.5")));
  const ChipBoard board(*tickers_, store_->markets(), true, false);
  std::vector<ChipView> chips = *Must(board.ForPost(post.id, post.revision, post.cashtags, "fr"));
  ASSERT_EQ(chips.size(), 2u);
  EXPECT_EQ(chips[0].symbol, "TRUMP");
  EXPECT_EQ(chips[0].change_text, "-1,50\u00a0%");
  EXPECT_EQ(chips[0].since_text, "+12,30\u00a0%");
  EXPECT_EQ(chips[0].stale_at(), clock_.Now() + 120 * kSecond);
  EXPECT_EQ(chips[1].symbol, "XRP");
  EXPECT_TRUE(chips[1].has_price);
  EXPECT_FALSE(chips[1].change_since_post) << "no price at publish, no since-post figure";
  EXPECT_EQ(FirstStaleAt(chips), clock_.Now() + 120 * kSecond);
  // An edit that adds a tag snapshots its price then.
  ASSERT_TRUE(tickers_->Apply(T("BTC", "100")));
  const Post edited = Must(posts.Edit(
      author, post.id, post.revision,
      PostInput{std::string("On $TRUMP and $BTC"), std::string("and $XRP"), std::nullopt}));
  ASSERT_TRUE(tickers_->Apply(T("BTC", "110")));
  chips = *Must(board.ForPost(edited.id, edited.revision, edited.cashtags, "en"));
  ASSERT_EQ(chips.size(), 3u);
  EXPECT_EQ(chips[1].symbol, "BTC");
  EXPECT_EQ(chips[1].change_since_post, "10.00");
  EXPECT_EQ(chips[0].change_since_post, "12.30") << "TRUMP keeps its price at publish";
  // The chips are kept per thread, the same vector while nothing changes (pages key their own
  // memo on it); a new price gives a new vector with new since-post figures, in each locale.
  const auto kept = Must(board.ForPost(edited.id, edited.revision, edited.cashtags, "en"));
  EXPECT_EQ(Must(board.ForPost(edited.id, edited.revision, edited.cashtags, "en")), kept);
  ASSERT_TRUE(tickers_->Apply(T("TRUMP", "10.5", "-1.5")));
  const auto ticked = Must(board.ForPost(edited.id, edited.revision, edited.cashtags, "en"));
  EXPECT_NE(ticked, kept);
  chips = *ticked;
  EXPECT_EQ(chips[0].change_since_post, "5.00");
  EXPECT_EQ(chips[0].since_text, "+5.00%");
  chips = *Must(board.ForPost(edited.id, edited.revision, edited.cashtags, "fr"));
  EXPECT_EQ(chips[0].since_text, "+5,00\u00a0%");
  // Stale chips do not bound a cached page.
  clock_.Advance(std::chrono::seconds(121));
  const auto stale = Must(board.ForPost(edited.id, edited.revision, edited.cashtags, "en"));
  EXPECT_NE(stale, ticked) << "a chip turned stale: the kept vector is no longer current";
  chips = *stale;
  EXPECT_TRUE(chips[0].stale);
  EXPECT_EQ(FirstStaleAt(chips), 0);
}

TEST_F(TickersTest, TheRecordIsTheMedianChangeSincePostingOverLivePairs) {
  InMemoryRateLimiter limiter(clock_, RateLimit{100, 60});
  Posts posts(*store_, clock_, limiter);
  const User author = Must(store_->users().Create(
      NewUser{"cai", "Cai", "$argon2id$not-a-real-hash", Role::kMember, clock_.Now()}));
  const ChipBoard board(*tickers_, store_->markets(), false, false);
  EXPECT_EQ(Must(board.ForAuthor(author.id, "en")).tagged_posts, 0);
  auto publish = [&](const std::string& title) {
    return Must(posts.Create(author, PostInput{title, std::string("body"), std::nullopt}));
  };
  publish("$XRP before any price");  // tagged, no pair
  ASSERT_TRUE(tickers_->Apply(T("BTC", "100")));
  ASSERT_TRUE(tickers_->Apply(T("ETH", "10")));
  publish("$BTC and $ETH");
  ASSERT_TRUE(tickers_->Apply(T("BTC", "50")));
  const Post gone = publish("$BTC again");  // at 50, deleted below: out of the record
  publish("no tags");
  ASSERT_TRUE(tickers_->Apply(T("BTC", "120")));  // +20 % and +140 % since
  ASSERT_TRUE(tickers_->Apply(T("ETH", "9")));    // -10 % since
  AuthorRecord record = Must(board.ForAuthor(author.id, "fr"));
  EXPECT_EQ(record.tagged_posts, 3);
  EXPECT_EQ(record.pairs, 3);
  EXPECT_EQ(record.median->ToFixed(2), "20.00");
  EXPECT_EQ(record.median_text, "+20,00\u00a0%");
  ASSERT_TRUE(posts.Delete(author, gone.id));
  record = Must(board.ForAuthor(author.id, "en"));
  EXPECT_EQ(record.tagged_posts, 2);
  EXPECT_EQ(record.pairs, 2);
  EXPECT_EQ(record.median->ToFixed(2), "5.00");  // (20 + -10) / 2
}

TEST_F(TickersTest, TheDemoStartsWithAMonthOfHistoryEndingWhereItsFeedGoesOn) {
  EXPECT_EQ(Must(SeedDemoPrices(store_->markets(), 9, clock_.Now())), 8);
  EXPECT_EQ(Must(SeedDemoPrices(store_->markets(), 9, clock_.Now())), 0) << "seeded once";
  const auto trump = Must(store_->markets().GetTicker("TRUMP"));
  ASSERT_TRUE(trump);
  EXPECT_EQ(trump->updated_at, clock_.Now());
  const auto day = Must(store_->markets().History(
      "TRUMP", HistoryResolution::kMinute, clock_.Now() - 24 * 3600 * kSecond - 60 * kSecond));
  EXPECT_EQ(day.size(), 49u);  // every 30 minutes, both ends
  const auto month = Must(store_->markets().History(
      "TRUMP", HistoryResolution::kMinute, clock_.Now() - 30 * 24 * 3600 * kSecond - 60 * kSecond));
  EXPECT_EQ(month.size(), 49u + 58u);  // then every 12 hours
  // The price stored for now is the demo feed's first step from its start (10.870), where the
  // live feed goes on from: no jump.
  DemoFeed feed(9);
  const auto first = Must(feed.Poll({"BTC", "ETH", "SOL", "DOGE", "TRUMP", "GT", "USDT", "XRP"}));
  EXPECT_EQ(first[4].symbol, "TRUMP");
  EXPECT_EQ(first[4].last, trump->last);
}

TEST(CoalescingPublisher, SendsEachSymbolAtMostOncePerSecondWithItsNewestValue) {
  ManualClock clock;
  std::vector<std::string> sent;
  CoalescingPublisher publisher(clock, kSecond,
                                [&](const Ticker& t) { sent.push_back(t.symbol + "=" + t.last); });
  auto tick = [](const std::string& symbol, const std::string& last) {
    return Ticker{symbol, last, "0", "0", 0, "test"};
  };
  publisher.Offer(tick("BTC", "1"));  // first: at once
  for (int i = 2; i <= 10; ++i) {     // ten a second
    clock.Advance(std::chrono::milliseconds(100));
    publisher.Offer(tick("BTC", std::to_string(i)));
    EXPECT_TRUE(publisher.Flush().has_value());  // pending, due later
    EXPECT_EQ(sent.size(), 1u) << "held back within the second";
  }
  publisher.Offer(tick("ETH", "5"));  // another symbol is not held back by BTC
  EXPECT_EQ(sent, (std::vector<std::string>{"BTC=1", "ETH=5"}));
  auto due = publisher.Flush();
  ASSERT_TRUE(due);
  EXPECT_EQ(*due, clock.Now() + 100'000);  // one second after BTC=1 went out
  clock.Advance(std::chrono::milliseconds(100));
  EXPECT_FALSE(publisher.Flush());
  EXPECT_EQ(sent, (std::vector<std::string>{"BTC=1", "ETH=5", "BTC=10"}));  // the newest only
  EXPECT_EQ(publisher.published(), 3u);
  EXPECT_FALSE(publisher.Flush());  // nothing pending
}

// A feed that fails a given number of times, then answers.
class FlakyFeed final : public PriceFeed {
 public:
  explicit FlakyFeed(int failures) : failures_(failures) {}
  std::string_view name() const override { return "flaky"; }
  Result<std::vector<Tick>> Poll(const std::vector<std::string>&) override {
    if (failures_-- > 0) return Fail(Errc::kUnavailable, "HTTP 429");
    return std::vector<Tick>{Tick{"BTC", "100", "1", "1", "flaky"},
                             Tick{"ETH", "NaN", "1", "1", "flaky"}};
  }

 private:
  int failures_;
};

TEST_F(TickersTest, TheRunnerBacksOffWhileTheFeedFailsAndKeepsGoodTicks) {
  CoalescingPublisher publisher(clock_, kSecond, {});
  FeedRunner runner(std::make_unique<FlakyFeed>(8), *tickers_, publisher,
                    std::chrono::milliseconds(1000));
  std::vector<long> waits;
  for (int i = 0; i < 9; ++i) waits.push_back(static_cast<long>(runner.PollOnce().count()));
  EXPECT_EQ(waits, (std::vector<long>{2000, 4000, 8000, 16000, 32000, 64000, 64000, 64000, 1000}));
  EXPECT_EQ(tickers_->Latest("BTC")->last, "100");
  EXPECT_FALSE(tickers_->Latest("ETH"));  // NaN refused
}

TEST_F(TickersTest, ReextractionFollowsTheRegistry) {
  InMemoryRateLimiter limiter(clock_, RateLimit{100, 60});
  Posts posts(*store_, clock_, limiter);
  const User author = Must(store_->users().Create(
      NewUser{"ann", "Ann", "$argon2id$not-a-real-hash", Role::kMember, clock_.Now()}));
  ASSERT_TRUE(tickers_->Apply(T("BTC", "100")));
  const Post post =
      Must(posts.Create(author, PostInput{std::string("Watching $btc"),
                                          std::string("$1INCH and $PEPE, $100K"), std::nullopt}));
  EXPECT_EQ(post.cashtags, (std::vector<std::string>{"BTC"}));  // registry symbols only
  Must(store_->markets().PutAsset(Asset{"PEPE", "Pepe", 8, {}, ""}));
  Must(store_->markets().PutAsset(Asset{"1INCH", "1inch", 4, {}, ""}));
  EXPECT_EQ(Must(ReextractCashtags(*store_)), 1);
  auto tokens = Must(store_->markets().PostTokens(post.id, 1));
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].symbol, "BTC");
  EXPECT_EQ(tokens[0].price_at_post, "100");
  EXPECT_EQ(tokens[1].symbol, "1INCH");
  EXPECT_FALSE(tokens[1].price_at_post);
  EXPECT_EQ(tokens[2].symbol, "PEPE");
  EXPECT_EQ(Must(ReextractCashtags(*store_)), 0);  // nothing changed since
}

}  // namespace
}  // namespace plaza::markets
