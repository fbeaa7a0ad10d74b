#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store_contract.hpp"

namespace plaza::storage_test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr Timestamp kMinute = 60 * kMicrosPerSecond;
constexpr Timestamp kHour = 60 * kMinute;

class MarketStoreContract : public StoreContract {
 protected:
  MarketStore& markets() { return store().markets(); }

  static Asset MakeAsset(const std::string& symbol, int decimals = 2) {
    return Asset{symbol, "Name of " + symbol, decimals, {}, "https://ex.test/trade/{SYMBOL}_USDT"};
  }

  Ticker MakeTicker(const std::string& symbol, const std::string& last, Timestamp at) {
    return Ticker{symbol, last, "0.92", "1000", at, "demo"};
  }

  Post EditPost(const Post& post, std::vector<std::string> cashtags) {
    clock_.Advance(std::chrono::seconds(1));
    PostEdit edit;
    edit.post_id = post.id;
    edit.expected_revision = post.revision;
    edit.content = Content("edited", std::move(cashtags));
    edit.edited_at = clock_.Now();
    return Must(posts().Edit(edit));
  }

  static std::vector<std::string> Symbols(const std::vector<Asset>& assets) {
    std::vector<std::string> out;
    for (const auto& a : assets) out.push_back(a.symbol);
    return out;
  }
  static std::vector<std::string> Prices(const std::vector<PostTokenPrice>& tokens) {
    std::vector<std::string> out;
    for (const auto& t : tokens) out.push_back(t.symbol + "=" + t.price_at_post.value_or("none"));
    return out;
  }
};

TEST_P(MarketStoreContract, PutsListsAndRemovesAssets) {
  Asset btc = MakeAsset("BTC");
  btc.aliases = {"XBT", "BITCOIN"};
  ASSERT_TRUE(markets().PutAsset(btc));
  ASSERT_TRUE(markets().PutAsset(MakeAsset("1INCH", 4)));
  auto assets = Must(markets().Assets());
  EXPECT_THAT(Symbols(assets), ElementsAre("1INCH", "BTC"));
  EXPECT_EQ(assets[1].aliases, (std::vector<std::string>{"XBT", "BITCOIN"}));
  EXPECT_EQ(assets[0].decimals, 4);
  EXPECT_EQ(assets[1].trade_url, "https://ex.test/trade/{SYMBOL}_USDT");

  btc.name = "Bitcoin";
  ASSERT_TRUE(markets().PutAsset(btc));
  EXPECT_EQ(Must(markets().Assets())[1].name, "Bitcoin");

  ASSERT_TRUE(markets().RemoveAsset("BTC"));
  EXPECT_THAT(Symbols(Must(markets().Assets())), ElementsAre("1INCH"));
  auto again = markets().RemoveAsset("BTC");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::kNotFound);
}

TEST_P(MarketStoreContract, SeedingKeepsWhatIsStored) {
  Asset edited = MakeAsset("BTC");
  edited.name = "Edited by the operator";
  ASSERT_TRUE(markets().PutAsset(edited));
  EXPECT_EQ(Must(markets().SeedAssets({MakeAsset("BTC"), MakeAsset("ETH")})), 1);
  auto assets = Must(markets().Assets());
  EXPECT_THAT(Symbols(assets), ElementsAre("BTC", "ETH"));
  EXPECT_EQ(assets[0].name, "Edited by the operator");
}

TEST_P(MarketStoreContract, RefusesBadAssets) {
  for (const char* symbol : {"", "btc", "ABCDEFGHIJK", "B\xD0\xA1"}) {
    auto s = markets().PutAsset(MakeAsset(symbol));
    ASSERT_FALSE(s) << symbol;
    EXPECT_EQ(s.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(s.error().field, "symbol");
  }
  Asset bad_decimals = MakeAsset("BTC", 19);
  EXPECT_FALSE(markets().PutAsset(bad_decimals));
  EXPECT_THAT(Must(markets().Assets()), IsEmpty());
}

TEST_P(MarketStoreContract, KeepsTickersExactlyAndIgnoresOlderOnes) {
  const std::string thirty = "0.000000000000000000000000000001";
  const std::string digits38 = "12345678901234567890.123456789012345678";
  ASSERT_TRUE(markets().PutTicker(MakeTicker("PEPE", thirty, 10 * kMinute)));
  ASSERT_TRUE(markets().PutTicker(MakeTicker("BTC", digits38, 10 * kMinute)));
  auto pepe = Must(markets().GetTicker("PEPE"));
  ASSERT_TRUE(pepe);
  EXPECT_EQ(pepe->last, thirty);
  EXPECT_EQ(pepe->change_24h, "0.92");
  EXPECT_EQ(pepe->source, "demo");
  EXPECT_EQ(Must(markets().GetTicker("BTC"))->last, digits38);

  ASSERT_TRUE(markets().PutTicker(MakeTicker("BTC", "1", 9 * kMinute)));  // older: ignored
  EXPECT_EQ(Must(markets().GetTicker("BTC"))->last, digits38);
  ASSERT_TRUE(markets().PutTicker(MakeTicker("BTC", "2", 11 * kMinute)));
  EXPECT_EQ(Must(markets().GetTicker("BTC"))->last, "2");
  EXPECT_FALSE(Must(markets().GetTicker("ETH")));
  EXPECT_EQ(Must(markets().Tickers()).size(), 2u);
}

TEST_P(MarketStoreContract, RecordsOpenAndCloseOfEachMinute) {
  const Timestamp base = 1000 * kHour;
  ASSERT_TRUE(markets().PutTicker(MakeTicker("BTC", "100", base + 1 * kMicrosPerSecond)));
  ASSERT_TRUE(markets().PutTicker(MakeTicker("BTC", "101", base + 30 * kMicrosPerSecond)));
  ASSERT_TRUE(markets().PutTicker(MakeTicker("BTC", "102", base + kMinute + 5)));
  auto history = Must(markets().History("BTC", HistoryResolution::kMinute, 0));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].bucket, base);
  EXPECT_EQ(history[0].open, "100");
  EXPECT_EQ(history[0].close, "101");
  EXPECT_EQ(history[1].bucket, base + kMinute);
  EXPECT_EQ(history[1].close, "102");
  EXPECT_THAT(Must(markets().History("BTC", HistoryResolution::kMinute, base + 1)),
              testing::SizeIs(1));
}

TEST_P(MarketStoreContract, DownsamplesOldMinutesIntoHoursAndForgetsOldHours) {
  const Timestamp base = 10'000 * kHour;
  // Two hours of minutes, long ago, and one recent minute.
  for (int m = 0; m < 120; m += 30) {
    ASSERT_TRUE(markets().PutTicker(
        MakeTicker("BTC", std::to_string(100 + m), base + m * kMinute + kMicrosPerSecond)));
  }
  const Timestamp now = base + 30 * kHour;
  ASSERT_TRUE(markets().PutTicker(MakeTicker("BTC", "500", now - kMinute)));
  auto counts = Must(markets().Downsample(now));
  EXPECT_EQ(counts.minutes_removed, 4);
  auto hours = Must(markets().History("BTC", HistoryResolution::kHour, 0));
  ASSERT_EQ(hours.size(), 2u);
  EXPECT_EQ(hours[0].bucket, base);
  EXPECT_EQ(hours[0].open, "100");
  EXPECT_EQ(hours[0].close, "130");
  EXPECT_EQ(hours[1].open, "160");
  EXPECT_EQ(hours[1].close, "190");
  EXPECT_THAT(Must(markets().History("BTC", HistoryResolution::kMinute, 0)), testing::SizeIs(1));
  // Again: nothing more to do.
  EXPECT_EQ(Must(markets().Downsample(now)).minutes_removed, 0);
  // 91 days later the hours go too.
  auto later = Must(markets().Downsample(now + 91 * 24 * kHour));
  // The recent minute was folded into its hour first; every hour is older than 90 days now.
  EXPECT_EQ(later.hours_removed, 3);
}

TEST_P(MarketStoreContract, StoresThePriceWithEachTokenOfAPost) {
  const User author = AddUser("carol");
  ASSERT_TRUE(markets().PutTicker(MakeTicker("BTC", "67012.5", clock_.Now())));
  const Post post = AddPost(author.id, "first", {"BTC", "ETH"});
  EXPECT_THAT(Prices(Must(markets().PostTokens(post.id, 1))),
              ElementsAre("BTC=67012.5", "ETH=none"));

  // Prices move; an edit keeps the first price of BTC, keeps ETH without one (it had none when
  // tagged), and snapshots SOL, added now.
  ASSERT_TRUE(markets().PutTicker(MakeTicker("BTC", "70000", clock_.Now() + 1)));
  ASSERT_TRUE(markets().PutTicker(MakeTicker("ETH", "3000", clock_.Now() + 1)));
  ASSERT_TRUE(markets().PutTicker(MakeTicker("SOL", "150.25", clock_.Now() + 1)));
  const Post edited = EditPost(post, {"SOL", "BTC", "ETH"});
  EXPECT_THAT(Prices(Must(markets().PostTokens(post.id, edited.revision))),
              ElementsAre("SOL=150.25", "BTC=67012.5", "ETH=none"));

  EXPECT_THAT(Prices(Must(markets().AuthorTokens(author.id))),
              ElementsAre("SOL=150.25", "BTC=67012.5", "ETH=none"));
  EXPECT_THAT(Must(markets().PostsTagging("SOL", 10)), ElementsAre(post.id));
  EXPECT_THAT(Must(markets().PostsTagging("DOGE", 10)), IsEmpty());
}

TEST_P(MarketStoreContract, ReextractionKeepsKnownPricesAndAddsNoneForNewTokens) {
  const User author = AddUser("dave");
  ASSERT_TRUE(markets().PutTicker(MakeTicker("BTC", "100", clock_.Now())));
  const Post post = AddPost(author.id, "tagged", {"BTC"});
  ASSERT_TRUE(markets().PutTicker(MakeTicker("XRP", "2.5", clock_.Now() + 1)));
  ASSERT_TRUE(markets().SetPostTokens(post.id, 1, {"XRP", "BTC"}));
  EXPECT_THAT(Prices(Must(markets().PostTokens(post.id, 1))), ElementsAre("XRP=none", "BTC=100"));
  const Post reread = Must(posts().Get(post.id));
  EXPECT_THAT(reread.cashtags, ElementsAre("XRP", "BTC"));
  EXPECT_THAT(Must(markets().PostsTagging("XRP", 10)), ElementsAre(post.id));
  ASSERT_TRUE(markets().SetPostTokens(post.id, 1, {}));
  EXPECT_THAT(Must(markets().PostTokens(post.id, 1)), IsEmpty());
  EXPECT_THAT(Must(posts().Get(post.id)).cashtags, IsEmpty());
}

TEST_P(MarketStoreContract, LeavesDeletedPostsOutOfTheRecord) {
  const User author = AddUser("erin");
  ASSERT_TRUE(markets().PutTicker(MakeTicker("BTC", "100", clock_.Now())));
  const Post post = AddPost(author.id, "tagged", {"BTC"});
  ASSERT_TRUE(posts().Delete(post.id, clock_.Now()));
  EXPECT_THAT(Must(markets().AuthorTokens(author.id)), IsEmpty());
  EXPECT_THAT(Must(markets().PostsTagging("BTC", 10)), IsEmpty());
}

// Attached tokens (docs/markets.md) are stored with their revision, apart from post_tokens: the
// revision's chips (its cashtags, then the attached tokens it does not mention).
TEST_P(MarketStoreContract, AttachedTokensAreStoredWithEachRevision) {
  const User author = AddUser("fay");
  ASSERT_TRUE(markets().PutTicker(MakeTicker("ETH", "3000", clock_.Now())));
  NewPost input = MakePost(author.id, "tagged", {"BTC", "ETH"});
  input.content.tokens = {"ETH", "SOL"};
  const Post created = Must(posts().Create(input));
  EXPECT_EQ(created.tokens, (std::vector<std::string>{"ETH", "SOL"}));
  EXPECT_EQ(Must(posts().Get(created.id)).tokens, created.tokens);
  EXPECT_EQ(Must(posts().List(std::nullopt, 10, std::nullopt)).items.at(0).tokens, created.tokens);
  // An attached token gets its price at post like a cashtag.
  EXPECT_THAT(Prices(Must(markets().PostTokens(created.id, 1))),
              ElementsAre("BTC=none", "ETH=3000"));

  clock_.Advance(std::chrono::seconds(1));
  PostEdit edit;
  edit.post_id = created.id;
  edit.expected_revision = 1;
  edit.content = Content("edited", {"DOGE"});
  edit.edited_at = clock_.Now();
  const Post edited = Must(posts().Edit(edit));
  EXPECT_TRUE(edited.tokens.empty());
  const auto revisions = Must(posts().Revisions(created.id));
  ASSERT_EQ(revisions.size(), 2u);
  EXPECT_EQ(revisions[0].tokens, (std::vector<std::string>{"ETH", "SOL"}));
  EXPECT_TRUE(revisions[1].tokens.empty());
}

TEST_P(MarketStoreContract, ReplacingTheTokensOfARevisionKeepsItsAttachedOnes) {
  const User author = AddUser("gus");
  NewPost input = MakePost(author.id, "tagged", {"BTC", "ETH"});
  input.content.tokens = {"ETH"};
  const Post created = Must(posts().Create(input));
  ASSERT_TRUE(markets().SetPostTokens(created.id, 1, {"SOL"}));
  const Post got = Must(posts().Get(created.id));
  EXPECT_EQ(got.cashtags, (std::vector<std::string>{"SOL"}));
  EXPECT_EQ(got.tokens, (std::vector<std::string>{"ETH"}));
}

TEST_P(MarketStoreContract, RefusesAnAttachedTokenThatIsNotASymbol) {
  const User author = AddUser("hal");
  for (const std::string bad : {"BT,C", "", "btc", "ABCDEFGHIJK"}) {
    NewPost input = MakePost(author.id, "tagged");
    input.content.tokens = {bad};
    auto created = posts().Create(input);
    ASSERT_FALSE(created) << bad;
    EXPECT_EQ(created.error().code, Errc::kInvalidArgument);
    EXPECT_EQ(created.error().field, "tokens");
  }
  EXPECT_EQ(Must(posts().Count()), 0);
}

PLAZA_STORE_CONTRACT(MarketStoreContract);

}  // namespace
}  // namespace plaza::storage_test
