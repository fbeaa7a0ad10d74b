// Tokens an author attaches from the registry (docs/markets.md), through the posts service and the
// re-extraction job, on every backend: they are validated against the registry, stored apart
// from the cashtags of the text, and kept when the registry changes or the body is edited.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "contract/store_contract.hpp"
#include "core/rate_limiter.hpp"
#include "markets/module.hpp"
#include "markets/registry.hpp"
#include "posts/posts.hpp"

namespace plaza::markets {
namespace {

using storage_test::Must;
using Symbols = std::vector<std::string>;

class AttachedTokens : public storage_test::StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    for (const auto& asset : MarketsOptions::DefaultAssets()) {
      Must(store().markets().PutAsset(ToAsset(asset)));
    }
    author_ = AddUser("ann");
    posts_ = std::make_unique<Posts>(store(), clock_, limiter_);
  }

  Result<Post> Publish(const std::string& body, std::optional<Symbols> tokens) {
    return posts_->Create(author_, PostInput{std::string("A post"), body, std::nullopt, tokens});
  }

  Result<Post> EditPost(const Post& post, std::optional<std::string> body,
                        std::optional<Symbols> tokens) {
    clock_.Advance(std::chrono::seconds(1));
    return posts_->Edit(author_, post.id, post.revision,
                        PostInput{std::nullopt, std::move(body), std::nullopt, std::move(tokens)});
  }

  Post Reread(const Post& post) { return Must(store().posts().Get(post.id)); }

  InMemoryRateLimiter limiter_{clock_, RateLimit{1000, 60}};
  std::unique_ptr<Posts> posts_;
  User author_;
};

TEST_P(AttachedTokens, ChipsShowTheCashtagsThenTheAttachedTokensTheTextDoesNotName) {
  const Post post = Must(Publish("Long $BTC and $doge", Symbols{"eth", "XBT", "SOL", "ETH"}));
  // Aliases and case resolve to the registry's symbols, repeats go.
  EXPECT_EQ(post.tokens, (Symbols{"ETH", "BTC", "SOL"}));
  EXPECT_EQ(post.cashtags, (Symbols{"BTC", "DOGE", "ETH", "SOL"}));
  const PostCard card = Must(posts_->LatestCards("", 10)).items.at(0);
  EXPECT_EQ(card.cashtags, post.cashtags);
}

TEST_P(AttachedTokens, SurviveReextractionWhenTheRegistryChanges) {
  const Post post = Must(Publish("Watching $PEPE and $BTC", Symbols{"ETH"}));
  EXPECT_EQ(post.cashtags, (Symbols{"BTC", "ETH"}));  // PEPE is not in the registry yet

  Must(store().markets().PutAsset(Asset{"PEPE", "Pepe", 8, {}, ""}));
  EXPECT_EQ(Must(ReextractCashtags(store())), 1);
  EXPECT_EQ(Reread(post).cashtags, (Symbols{"PEPE", "BTC", "ETH"}));
  EXPECT_EQ(Reread(post).tokens, (Symbols{"ETH"}));

  // An attached asset that leaves the registry leaves the chips, and comes back with it.
  Must(store().markets().RemoveAsset("ETH"));
  EXPECT_EQ(Must(ReextractCashtags(store())), 1);
  EXPECT_EQ(Reread(post).cashtags, (Symbols{"PEPE", "BTC"}));
  EXPECT_EQ(Reread(post).tokens, (Symbols{"ETH"}));
  Must(store().markets().PutAsset(Asset{"ETH", "Ethereum", 2, {}, ""}));
  EXPECT_EQ(Must(ReextractCashtags(store())), 1);
  EXPECT_EQ(Reread(post).cashtags, (Symbols{"PEPE", "BTC", "ETH"}));
  EXPECT_EQ(Must(ReextractCashtags(store())), 0);
}

TEST_P(AttachedTokens, SurviveEditsOfTheBodyAndChangeOnlyWhenTheEditSendsThem) {
  Must(store().markets().PutTicker(Ticker{"ETH", "3000", "1.5", "10", clock_.Now(), "test"}));
  const Post post = Must(Publish("About $BTC", Symbols{"ETH"}));

  const Post body_edit = Must(EditPost(post, std::string("Now about $SOL"), std::nullopt));
  EXPECT_EQ(body_edit.tokens, (Symbols{"ETH"}));
  EXPECT_EQ(body_edit.cashtags, (Symbols{"SOL", "ETH"}));
  // The attached token keeps the price it was published at.
  const auto tokens = Must(store().markets().PostTokens(post.id, body_edit.revision));
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[1].symbol, "ETH");
  EXPECT_EQ(tokens[1].price_at_post, "3000");

  const Post replaced = Must(EditPost(body_edit, std::nullopt, Symbols{"doge"}));
  EXPECT_EQ(replaced.tokens, (Symbols{"DOGE"}));
  EXPECT_EQ(replaced.cashtags, (Symbols{"SOL", "DOGE"}));

  const Post cleared = Must(EditPost(replaced, std::nullopt, Symbols{}));
  EXPECT_TRUE(cleared.tokens.empty());
  EXPECT_EQ(cleared.cashtags, (Symbols{"SOL"}));
}

TEST_P(AttachedTokens, RefusesUnknownTokensAndMoreThanTheCap) {
  auto unknown = Publish("Hello", Symbols{"BTC", "NOSUCH"});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(unknown.error().field, "tokens");
  EXPECT_NE(unknown.error().message.find("NOSUCH"), std::string::npos);

  for (const std::string bad : {"", "$BTC", "BT C", "BTС" /* Cyrillic С */}) {
    auto refused = Publish("Hello", Symbols{bad});
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().field, "tokens");
  }

  Symbols six{"BTC", "ETH", "SOL", "DOGE", "GT", "XRP"};
  ASSERT_EQ(six.size(), kMaxAttachedTokens + 1);
  auto too_many = Publish("Hello", six);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(too_many.error().field, "tokens");
  EXPECT_EQ(too_many.error().limit, static_cast<long long>(kMaxAttachedTokens));
  six.pop_back();
  EXPECT_TRUE(Publish("Hello", six));
  EXPECT_EQ(Must(store().posts().Count()), 1);
}

PLAZA_STORE_CONTRACT(AttachedTokens);

}  // namespace
}  // namespace plaza::markets
