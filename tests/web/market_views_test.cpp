// The markets parts of list pages and forms (docs/markets.md): chips with values on the cards
// of the home feed, profiles and the following feed, rendered by the post page's chip
// template, and the compose form's tokens.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "markets/chips.hpp"
#include "sample_data.hpp"
#include "web/pages.hpp"

namespace plaza::web {
namespace {

using testing::CardsOf;
using testing::Contains;
using testing::Context;
using testing::Count;
using testing::SampleAuthor;
using testing::SamplePost;
using testing::SampleReader;
using testing::SampleSite;

// The sample post tags TRUMP and BTC: TRUMP live at `change`, BTC stale.
FeedChipsView FeedChips(const std::string& change, const std::string& locale) {
  FeedChipsView view;
  Ticker trump{"TRUMP", "12.207", change, "1000", 1'000'000'000, "demo"};
  Ticker btc{"BTC", "67012.5", "-1.5", "10", 1'000'000'000, "demo"};
  view.chips.push_back(
      markets::MakeChip("TRUMP", trump, false, 120'000'000, 3, std::nullopt, locale));
  view.chips.push_back(markets::MakeChip("BTC", btc, true, 120'000'000, 2, std::nullopt, locale));
  view.demo = true;
  return view;
}

TEST(HomeChips, CardsShowTheChipsOfThePostPageWithValuesAndWithoutTheExpandedView) {
  SiteSettings site = SampleSite();
  const FeedChipsView chips = FeedChips("0.92", "fr");
  const std::string html = RenderHome(Context(site, "fr", std::nullopt, "/"),
                                      CardsOf({SamplePost(), SamplePost()}), std::nullopt, &chips);
  EXPECT_TRUE(Contains(html,
                       "<a class=\"chip is-up\" data-testid=\"token-chip\" "
                       "data-symbol=\"TRUMP\" data-stale=\"false\" "
                       "data-stale-at=\"1970-01-01T00:18:40Z\" href=\"/t/TRUMP\">"))
      << html;
  EXPECT_EQ(Count(html, "data-change>+0,92\u00a0%</span>"), 2u);  // both cards
  EXPECT_TRUE(Contains(html,
                       "<a class=\"chip is-down is-stale\" data-testid=\"token-chip\" "
                       "data-symbol=\"BTC\" data-stale=\"true\""));
  EXPECT_TRUE(Contains(html, "<ul class=\"chips chips-sm\""));
  EXPECT_FALSE(Contains(html, "chip-details"));
  EXPECT_FALSE(Contains(html, "<!--chips-->"));
  EXPECT_EQ(Count(html, "data-testid=\"demo-prices\""), 1u);
}

// Cards are memoized per revision; their chips must not be.
TEST(HomeChips, NewValuesShowOnCardsAlreadyRendered) {
  SiteSettings site = SampleSite();
  const auto ctx = Context(site, "en", std::nullopt, "/");
  const FeedChipsView up = FeedChips("0.92", "en");
  const FeedChipsView down = FeedChips("-2.5", "en");
  const std::string first = RenderHome(ctx, CardsOf({SamplePost()}), std::nullopt, &up);
  const std::string second = RenderHome(ctx, CardsOf({SamplePost()}), std::nullopt, &down);
  EXPECT_TRUE(Contains(first, "data-change>+0.92%</span>"));
  EXPECT_TRUE(Contains(second, "data-change>-2.50%</span>")) << second;
  EXPECT_FALSE(Contains(second, "+0.92%"));
  // Without the markets module, symbols only, and no demo label.
  const std::string bare = RenderHome(ctx, CardsOf({SamplePost()}), std::nullopt);
  EXPECT_TRUE(Contains(bare, "data-symbol=\"TRUMP\""));
  EXPECT_TRUE(Contains(bare, "<span class=\"chip-change\" data-change></span>"));
  EXPECT_FALSE(Contains(bare, "data-testid=\"demo-prices\""));
}

// Profiles (pins and posts) and the following feed (posts and reposts) show the same values.
TEST(HomeChips, ProfilesAndTheFollowingFeedShowChipValuesToo) {
  SiteSettings site = SampleSite();
  const FeedChipsView chips = FeedChips("0.92", "en");
  ProfileSocialView social;
  social.pinned = CardsOf({SamplePost()});
  const std::string profile =
      RenderProfile(Context(site, "en", std::nullopt, "/u/marta_k"), SampleAuthor(),
                    CardsOf({SamplePost()}), std::nullopt, social, nullptr, &chips);
  EXPECT_EQ(Count(profile, "data-change>+0.92%</span>"), 2u) << profile;  // the pin and the post
  EXPECT_EQ(Count(profile, "data-testid=\"demo-prices\""), 1u);

  std::vector<FeedItem> items(2);
  items[0].post = CardsOf({SamplePost()})[0];
  items[1].post = items[0].post;
  items[1].repost = Repost{7, items[1].post.id, UserRef{9, "bo", "Bo"}, "", 1'000'000'000};
  const std::string following =
      RenderFollowingHome(Context(site, "en", SampleReader(), "/"), items, std::nullopt, &chips);
  EXPECT_EQ(Count(following, "data-change>+0.92%</span>"), 2u) << following;
  EXPECT_EQ(Count(following, "data-testid=\"demo-prices\""), 1u);
  // Without the markets module: symbols only, no label.
  const std::string bare =
      RenderFollowingHome(Context(site, "en", SampleReader(), "/"), items, std::nullopt);
  EXPECT_EQ(Count(bare, "data-symbol=\"TRUMP\""), 2u);
  EXPECT_FALSE(Contains(bare, "+0.92%"));
  EXPECT_FALSE(Contains(bare, "data-testid=\"demo-prices\""));
}

TEST(ComposeTokens, OffersTheRegistryWithThePostsTokensTicked) {
  SiteSettings site = SampleSite();
  const auto ctx = Context(site, "en", SampleAuthor(), "/compose");
  const std::vector<plaza::Asset> assets = {plaza::Asset{"BTC", "Bitcoin", 2, {"XBT"}, ""},
                                            plaza::Asset{"ETH", "Ethereum", 2, {}, ""}};
  Post post = SamplePost();
  post.tokens = {"ETH"};
  std::string html = RenderCompose(ctx, post, {}, assets);
  EXPECT_TRUE(
      Contains(html, "<fieldset class=\"field token-picker\" data-testid=\"compose-tokens\""));
  EXPECT_TRUE(Contains(html, "<input type=\"hidden\" name=\"tokens_field\" value=\"1\">"));
  EXPECT_TRUE(Contains(html,
                       "<input type=\"checkbox\" id=\"compose-token-ETH\" "
                       "data-testid=\"compose-token\" name=\"tokens\" value=\"ETH\" checked>"))
      << html;
  EXPECT_TRUE(Contains(html,
                       "<input type=\"checkbox\" id=\"compose-token-BTC\" "
                       "data-testid=\"compose-token\" name=\"tokens\" value=\"BTC\">"));
  EXPECT_TRUE(Contains(html, "(at most 5)"));

  // A form shown again after an error keeps what was ticked, not what is stored.
  FormState form;
  form.tokens = std::vector<std::string>{"BTC"};
  form.error = "Too many tokens: choose at most 5.";
  form.error_field = "tokens";
  html = RenderCompose(ctx, post, form, assets);
  EXPECT_TRUE(Contains(html, "value=\"BTC\" checked>"));
  EXPECT_FALSE(Contains(html, "value=\"ETH\" checked>"));
  EXPECT_TRUE(Contains(html, "aria-describedby=\"compose-tokens-hint form-error\""));

  // No registry, no choice.
  EXPECT_FALSE(Contains(RenderCompose(ctx, post, {}), "compose-tokens"));
}

}  // namespace
}  // namespace plaza::web
