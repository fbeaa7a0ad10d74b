#include "web/pages.hpp"

#include <regex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "i18n/locales.hpp"
#include "sample_data.hpp"
#include "web/assets.hpp"
#include "web/html.hpp"

namespace plaza::web {
namespace {

using testing::CardsOf;
using testing::Contains;
using testing::Context;
using testing::SampleAuthor;
using testing::SamplePost;
using testing::SampleReader;
using testing::SampleSite;

std::string TestId(std::string_view id) { return StrCat("data-testid=\"", id, "\""); }

std::size_t PositionOf(const std::string& html, std::string_view id) {
  return html.find(TestId(id));
}

// Every page any test renders, with hostile text in every field a stranger controls.
std::vector<std::string> AllPages() {
  SiteSettings site = SampleSite();
  Post post = SamplePost();
  post.title = "<script>alert(1)</script>";
  User evil = SampleAuthor();
  evil.display_name = "\"onmouseover=alert(1) x=\"";
  evil.bio = "<style>body{}</style>";
  FormState form{{{"title", "<b>t</b>"},
                  {"body", "</textarea><script>x()</script>"},
                  {"handle", "\"><img src=x onerror=alert(1)>"}},
                 "<i>bad</i>",
                 "title"};
  std::vector<std::string> pages;
  for (const std::optional<User>& viewer : {std::optional<User>(), std::optional<User>(evil)}) {
    PageContext ctx = Context(site, "en", viewer);
    pages.push_back(RenderPost(ctx, post));
    pages.push_back(RenderHome(ctx, CardsOf({post, post}), std::string("c\"ur<sor")));
    pages.push_back(RenderHome(ctx, {}, std::nullopt));
    pages.push_back(RenderProfile(ctx, evil, CardsOf({post}), std::nullopt));
    pages.push_back(RenderCompose(ctx, std::nullopt, form));
    pages.push_back(RenderCompose(ctx, post, form));
    pages.push_back(RenderLogin(ctx, form));
    pages.push_back(RenderRegister(ctx, form));
    for (int status : {404, 410, 500, 403}) pages.push_back(RenderError(ctx, status));
  }
  return pages;
}

TEST(RenderPost, HoldsEveryContractTestId) {
  SiteSettings site = SampleSite();
  std::string html = RenderPost(Context(site, "en", SampleAuthor()), SamplePost());
  for (std::string_view id : {"site-header",         "nav-home",
                              "nav-compose",         "nav-logout",
                              "viewer-handle",       "footer",
                              "community-links",     "language-switcher",
                              "current-locale",      "post-article",
                              "post-author",         "post-time",
                              "post-edited",         "post-title",
                              "summary-box",         "summary-robot",
                              "summary-text",        "post-body",
                              "token-chips",         "token-chip",
                              "view-original",       "translated-from",
                              "disclaimer",          "action-bar",
                              "action-reward",       "action-comment",
                              "action-repost",       "action-share",
                              "action-reward-count", "action-comment-count",
                              "action-repost-count", "action-share-count",
                              "comment-composer",    "comment-input",
                              "comment-counter",     "comment-submit",
                              "comment-list",        "comments-empty",
                              "pin-action",          "post-edit",
                              "post-delete",         "promo-block",
                              "promo-text",          "promo-qr",
                              "promo-caption"}) {
    EXPECT_TRUE(Contains(html, TestId(id))) << id;
  }
  for (const auto& l : Locales()) {
    EXPECT_TRUE(Contains(html, TestId(StrCat("lang-", l.tag)))) << l.tag;
  }
}

TEST(RenderPost, KeepsTheReferencePagesOrder) {
  SiteSettings site = SampleSite();
  std::string html = RenderPost(Context(site, "en", SampleAuthor()), SamplePost());
  std::vector<std::string_view> order = {
      "post-title",     "summary-box",     "post-body",        "token-chips",
      "view-original",  "disclaimer",      "action-reward",    "action-comment",
      "action-repost",  "action-share",    "comment-composer", "comment-counter",
      "comments-empty", "pin-action",      "promo-text",       "promo-qr",
      "promo-caption",  "community-links", "current-locale",   "language-switcher"};
  std::size_t last = 0;
  for (std::string_view id : order) {
    std::size_t at = PositionOf(html, id);
    ASSERT_NE(at, std::string::npos) << id;
    EXPECT_GT(at, last) << id << " is out of order";
    last = at;
  }
}

TEST(RenderPost, APendingSummaryShowsTheRobotAndWaits) {
  SiteSettings site = SampleSite();
  std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost(), {}, 1234);
  EXPECT_TRUE(Contains(html, "data-state=\"pending\""));
  EXPECT_TRUE(Contains(html, "data-events-since=\"1234\""));
  EXPECT_TRUE(Contains(html, "Generating summary…"));
  EXPECT_TRUE(Contains(html, TestId("summary-robot")));
}

TEST(RenderPost, AReadySummaryShowsItsTextAndEngine) {
  SiteSettings site = SampleSite();
  summarize::SummaryView view;
  view.state = summarize::SummaryState::kReady;
  view.text = "First <b>sentence</b>.\nSecond sentence.";
  view.lang = "en";
  view.engine = "llm:qwen2.5-7b";
  view.revision = 1;
  std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost(), view, 1);
  EXPECT_TRUE(Contains(html, "data-state=\"ready\""));
  EXPECT_FALSE(Contains(html, "Generating summary…"));
  // A settled box listens for nothing: no per-process event id in the page.
  EXPECT_FALSE(Contains(html, "data-events-since"));
  // Plain text, escaped, sentences in one paragraph.
  EXPECT_TRUE(Contains(html, "First &lt;b&gt;sentence&lt;/b&gt;. Second sentence."));
  EXPECT_TRUE(Contains(html, "AI summary · qwen2.5-7b"));
  view.engine = "extractive";
  html = RenderPost(Context(site, "en", std::nullopt), SamplePost(), view, 1);
  EXPECT_TRUE(Contains(html, "Summary · extractive"));
}

TEST(RenderPost, AnUpdatingSummaryShowsThePreviousTextAndSaysSo) {
  SiteSettings site = SampleSite();
  summarize::SummaryView view;
  view.state = summarize::SummaryState::kUpdating;
  view.text = "The older summary.";
  view.engine = "extractive";
  std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost(), view, 1);
  EXPECT_TRUE(Contains(html, "data-state=\"updating\""));
  EXPECT_TRUE(Contains(html, "The older summary."));
  EXPECT_TRUE(Contains(html, "Updating the summary…"));
}

TEST(RenderPost, NoBoxWithoutASummaryToCome) {
  SiteSettings site = SampleSite();
  for (auto state : {summarize::SummaryState::kNone, summarize::SummaryState::kFailed}) {
    summarize::SummaryView view;
    view.state = state;
    std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost(), view, 1);
    EXPECT_FALSE(Contains(html, TestId("summary-box"))) << summarize::SummaryStateName(state);
  }
}

TEST(RenderPost, EscapesAScriptInTheTitle) {
  SiteSettings site = SampleSite();
  Post post = SamplePost();
  post.title = "<script>alert(1)</script>";
  std::string html = RenderPost(Context(site, "en", std::nullopt), post);
  EXPECT_FALSE(Contains(html, "<script>alert(1)"));
  EXPECT_TRUE(Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
}

TEST(RenderPost, EscapesQuotesInTheDisplayName) {
  SiteSettings site = SampleSite();
  Post post = SamplePost();
  post.author_display_name = "\"onmouseover=alert(1) x=\"";
  std::string html = RenderPost(Context(site, "en", std::nullopt), post);
  EXPECT_FALSE(Contains(html, "\"onmouseover="));
  EXPECT_TRUE(Contains(html, "&quot;onmouseover=alert(1) x=&quot;"));
}

TEST(RenderPost, ShowsTheStoredBodyHtmlAsIs) {
  SiteSettings site = SampleSite();
  std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost());
  EXPECT_TRUE(Contains(html, "<strong>200 MW</strong>"));
}

// Values of a kilobyte and more skip kainjow's line buffer (templates.cpp, RenderContext): they
// must still land exactly where their tag is, once, with the text around them intact.
TEST(RenderPost, PastesALargeBodyAndCommentListInPlace) {
  SiteSettings site = SampleSite();
  Post post = SamplePost();
  post.body_html = StrCat("<p>", std::string(5000, 'x'), "</p>");
  PostConversation conversation;
  for (int i = 1; i <= 60; ++i) {
    Comment c;
    c.id = i;
    c.post_id = post.id;
    c.thread_id = i;
    c.author_handle = "reader";
    c.body = StrCat("comment number ", std::to_string(i));
    c.lang = "en";
    conversation.comments.push_back(c);
  }
  std::string html =
      RenderPost(Context(site, "en", std::nullopt), post, {}, 0, nullptr, false, &conversation);
  EXPECT_TRUE(Contains(html, StrCat(TestId("post-body"), ">", post.body_html, "</div>")));
  const std::size_t list = PositionOf(html, "comment-list");
  const std::size_t list_end = html.find("</ul>", list);
  ASSERT_NE(list, std::string::npos);
  std::size_t at = list;
  for (int i = 1; i <= 60; ++i) {
    const std::string id = StrCat("id=\"c-", std::to_string(i), "\"");
    const std::size_t found = html.find(id, at);
    ASSERT_NE(found, std::string::npos) << id;
    EXPECT_LT(found, list_end) << id;
    EXPECT_EQ(html.find(id, found + 1), std::string::npos) << id;
    at = found;
  }
  EXPECT_EQ(html.find("</html>"), html.rfind("</html>"));
  EXPECT_NE(html.find("</html>", list_end), std::string::npos);
  EXPECT_EQ(html, RenderPost(Context(site, "en", std::nullopt), post, {}, 0, nullptr, false,
                             &conversation));
}

TEST(RenderPost, SetsLangAndDirFromTheLocale) {
  SiteSettings site = SampleSite();
  // With the digits the page's script writes numbers with (i18n/numbers.hpp).
  EXPECT_TRUE(Contains(RenderPost(Context(site, "en", std::nullopt), SamplePost()),
                       "<html lang=\"en\" dir=\"ltr\" data-digits=\"0123456789\" "
                       "data-digit-group=\",\">"));
  EXPECT_TRUE(Contains(RenderPost(Context(site, "ar", std::nullopt), SamplePost()),
                       "<html lang=\"ar\" dir=\"rtl\" data-digits=\"٠١٢٣٤٥٦٧٨٩\" "
                       "data-digit-group=\"٬\">"));
  EXPECT_TRUE(Contains(RenderPost(Context(site, "zh-TW", std::nullopt), SamplePost()),
                       "<html lang=\"zh-TW\" dir=\"ltr\" data-digits=\"0123456789\""));
}

TEST(RenderPost, MarksThePostsContentLanguage) {
  SiteSettings site = SampleSite();
  Post post = SamplePost();
  post.lang = "zh-Hant";
  EXPECT_TRUE(Contains(RenderPost(Context(site, "en", std::nullopt), post), "lang=\"zh-Hant\""));
}

TEST(RenderPost, ListsTheThirteenLocalesInOrderMarkingTheCurrentOne) {
  SiteSettings site = SampleSite();
  std::string html = RenderPost(Context(site, "fr", std::nullopt), SamplePost());
  std::size_t last = PositionOf(html, "language-switcher");
  ASSERT_NE(last, std::string::npos);
  for (const auto& l : Locales()) {
    std::string tag(l.tag);
    std::string link = StrCat("href=\"?lang=", tag, "\" lang=\"", tag, "\" hreflang=\"", tag, "\"");
    std::size_t at = html.find(link, last);
    ASSERT_NE(at, std::string::npos) << tag;
    std::size_t name_at = html.find(StrCat(">", l.name, "</a>"), at);
    EXPECT_NE(name_at, std::string::npos) << l.name;
    last = name_at;
  }
  EXPECT_TRUE(Contains(html, "hreflang=\"fr\" aria-current=\"true\">Français (Afrique)</a>"));
  std::regex current("aria-current=\"true\"");
  EXPECT_EQ(std::distance(std::sregex_iterator(html.begin(), html.end(), current),
                          std::sregex_iterator()),
            1);
}

TEST(RenderPost, ShowsTimeAsRfc3339WithALocalizedFallback) {
  SiteSettings site = SampleSite();
  std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost());
  EXPECT_TRUE(Contains(html, "datetime=\"2026-11-28T21:36:02Z\">Nov 28, 2026"));
}

TEST(RenderPost, MarksEditedPostsOnly) {
  SiteSettings site = SampleSite();
  Post post = SamplePost();
  EXPECT_TRUE(Contains(RenderPost(Context(site, "en", std::nullopt), post), TestId("post-edited")));
  post.edited_at = 0;
  EXPECT_FALSE(
      Contains(RenderPost(Context(site, "en", std::nullopt), post), TestId("post-edited")));
}

TEST(RenderPost, ShowsTheGeneratingSummaryPlaceholder) {
  SiteSettings site = SampleSite();
  std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost());
  EXPECT_TRUE(Contains(html, TestId("summary-text") + ">Generating summary…</p>"));
}

TEST(RenderPost, LinksOneChipPerCashtagWithoutPrices) {
  SiteSettings site = SampleSite();
  std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost());
  EXPECT_TRUE(Contains(html, "href=\"/t/TRUMP\""));
  EXPECT_TRUE(Contains(html, "href=\"/t/BTC\""));
  EXPECT_TRUE(Contains(html, "<span class=\"chip-change\" data-change></span>"));
  Post none = SamplePost();
  none.cashtags.clear();
  EXPECT_FALSE(
      Contains(RenderPost(Context(site, "en", std::nullopt), none), TestId("token-chips")));
}

// The chips the markets module makes: TRUMP live and up since the post, BTC stale, DOGE before
// its first price.
PostChipsView SampleChips(const std::string& locale) {
  PostChipsView view;
  Ticker trump{"TRUMP", "12.207", "0.92", "1000", 1'000'000'000, "demo"};
  Ticker btc{"BTC", "67012.5", "-1.5", "10", 1'000'000'000, "demo"};
  view.chips = std::make_shared<const std::vector<markets::ChipView>>(std::vector{
      markets::MakeChip("TRUMP", trump, false, 120'000'000, 3, std::string("10.87"), locale),
      markets::MakeChip("BTC", btc, true, 120'000'000, 2, std::nullopt, locale)});
  view.demo = true;
  return view;
}

// `view` with its first chip made from `trump` (a new vector, as ChipBoard::ForPost makes one
// when a value changes).
PostChipsView WithTrump(PostChipsView view, const Ticker& trump, const std::string& locale) {
  std::vector<markets::ChipView> chips = *view.chips;
  chips[0] = markets::MakeChip("TRUMP", trump, false, 120'000'000, 3, std::string("10.87"), locale);
  view.chips = std::make_shared<const std::vector<markets::ChipView>>(std::move(chips));
  return view;
}

TEST(RenderPost, RendersChipValuesForTheReadersLocale) {
  SiteSettings site = SampleSite();
  const PostChipsView chips = SampleChips("fr");
  std::string html = RenderPost(Context(site, "fr", std::nullopt), SamplePost(), {}, 0, nullptr,
                                false, nullptr, {}, &chips);
  // TRUMP: up, live, French percent, its since-post figure in the expanded view.
  EXPECT_TRUE(Contains(html,
                       "<a class=\"chip is-up\" data-testid=\"token-chip\" "
                       "data-symbol=\"TRUMP\" data-stale=\"false\" "
                       "data-stale-at=\"1970-01-01T00:18:40Z\" href=\"/t/TRUMP\">"))
      << html;
  EXPECT_TRUE(Contains(html, "data-change>+0,92\u00a0%</span>"));
  EXPECT_TRUE(Contains(html, "<span data-price>12,207</span>"));
  EXPECT_TRUE(Contains(html,
                       "<span data-testid=\"chip-since\">depuis la publication : "
                       "+12,30\u00a0%</span>"))
      << html;
  EXPECT_TRUE(Contains(html, "<details class=\"chip-details\""));
  // BTC: stale, greyed and marked, never shown as live; no price at post, no since figure.
  EXPECT_TRUE(Contains(html,
                       "<a class=\"chip is-down is-stale\" data-testid=\"token-chip\" "
                       "data-symbol=\"BTC\" data-stale=\"true\""));
  EXPECT_EQ(html.find("chip-since", html.find("data-symbol=\"BTC\"")), std::string::npos);
  EXPECT_TRUE(Contains(html, TestId("demo-prices") + ">prix de démonstration</p>"));
  EXPECT_FALSE(Contains(html, "up-is-red"));
}

// The post page's chips are memoized per revision and locale; new values must show at once.
TEST(RenderPost, NewChipValuesShowOnAPostAlreadyRendered) {
  SiteSettings site = SampleSite();
  const auto ctx = Context(site, "en", std::nullopt);
  const PostChipsView before = SampleChips("en");
  Ticker trump{"TRUMP", "9.783", "-3.1", "1000", 1'000'000'000, "demo"};
  const PostChipsView after = WithTrump(before, trump, "en");
  const std::string first =
      RenderPost(ctx, SamplePost(), {}, 0, nullptr, false, nullptr, {}, &before);
  EXPECT_EQ(RenderPost(ctx, SamplePost(), {}, 0, nullptr, false, nullptr, {}, &before), first);
  const std::string second =
      RenderPost(ctx, SamplePost(), {}, 0, nullptr, false, nullptr, {}, &after);
  EXPECT_TRUE(Contains(first, "data-change>+0.92%</span>"));
  EXPECT_TRUE(Contains(second, "data-change>-3.10%</span>")) << second;
  EXPECT_TRUE(Contains(second, "<span data-price>9.783</span>"));
  EXPECT_TRUE(Contains(second, "since post: -10.00%")) << second;
  EXPECT_FALSE(Contains(second, "+0.92%"));
  // The same post in another locale, and without the markets module (symbols only).
  const PostChipsView french = WithTrump(SampleChips("fr"), trump, "fr");
  EXPECT_TRUE(Contains(RenderPost(Context(site, "fr", std::nullopt), SamplePost(), {}, 0, nullptr,
                                  false, nullptr, {}, &french),
                       "data-change>-3,10\u00a0%</span>"));
  const std::string bare = RenderPost(ctx, SamplePost());
  EXPECT_TRUE(Contains(bare, "data-symbol=\"TRUMP\""));
  EXPECT_FALSE(Contains(bare, "-3.10%"));
  EXPECT_FALSE(Contains(bare, TestId("demo-prices")));
  // The chips vector the page kept its list for, under other templates, other colours, or for
  // a post with other cashtags: each renders its own list.
  EXPECT_TRUE(Contains(RenderPost(Context(site, "fr", std::nullopt), SamplePost(), {}, 0, nullptr,
                                  false, nullptr, {}, &after),
                       "prix de démonstration"));
  PostChipsView red = after;
  red.up_is_red = true;
  EXPECT_TRUE(Contains(RenderPost(ctx, SamplePost(), {}, 0, nullptr, false, nullptr, {}, &red),
                       "class=\"chips up-is-red\""));
  Post other = SamplePost();
  other.cashtags = {"TRUMP", "ETH"};
  const std::string eth = RenderPost(ctx, other, {}, 0, nullptr, false, nullptr, {}, &after);
  EXPECT_TRUE(Contains(eth, "data-symbol=\"ETH\"")) << eth;
  EXPECT_FALSE(Contains(eth, "data-symbol=\"BTC\""));
}

TEST(RenderPost, ShowsADashBeforeTheFirstPriceAndTheOperatorsColours) {
  SiteSettings site = SampleSite();
  PostChipsView chips;
  chips.chips = std::make_shared<const std::vector<markets::ChipView>>(std::vector{
      markets::MakeChip("TRUMP", std::nullopt, false, 120'000'000, 3, std::nullopt, "en"),
      markets::MakeChip("BTC", std::nullopt, false, 120'000'000, 2, std::nullopt, "en")});
  chips.up_is_red = true;
  std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost(), {}, 0, nullptr,
                                false, nullptr, {}, &chips);
  EXPECT_TRUE(Contains(html, "class=\"chips up-is-red\""));
  EXPECT_TRUE(Contains(html, "data-change>\u2014</span>"));
  EXPECT_FALSE(Contains(html, "data-stale-at"));
  EXPECT_FALSE(Contains(html, TestId("demo-prices")));
}

TEST(RenderPost, KeepsTheTranslationBarHiddenForNow) {
  SiteSettings site = SampleSite();
  std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost());
  EXPECT_TRUE(Contains(html, "<div class=\"translation-bar\" hidden>"));
}

TEST(RenderPost, ShowsTheDefaultDisclaimerWithTheSiteName) {
  SiteSettings site = SampleSite();
  site.site_name = "Acme <Square>";
  std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost());
  std::size_t at = PositionOf(html, "disclaimer");
  ASSERT_NE(at, std::string::npos);
  EXPECT_NE(html.find("Acme &lt;Square&gt; does not verify", at), std::string::npos);
}

TEST(RenderPost, ShowsTheOperatorsDisclaimerEscaped) {
  SiteSettings site = SampleSite();
  site.disclaimer = "Not advice. <b>Really</b>.";
  std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost());
  EXPECT_TRUE(Contains(html, TestId("disclaimer") + ">Not advice. &lt;b&gt;Really&lt;/b&gt;.</p>"));
}

TEST(RenderPost, RendersActionsWithTheirCounts) {
  SiteSettings site = SampleSite();
  Post post = SamplePost();
  post.counts.tips = 1234;
  post.counts.comments = 7;
  std::string html = RenderPost(Context(site, "en", SampleReader()), post);
  EXPECT_TRUE(Contains(html, TestId("action-reward-count") + ">1,234</span>"));
  EXPECT_TRUE(Contains(html, TestId("action-comment-count") + " data-count=\"comments\">7</span>"));
  // Sharing is a sheet that opens without script (a <details>), never a disabled button.
  EXPECT_TRUE(Contains(html, TestId("share-sheet")));
  EXPECT_FALSE(Contains(html, TestId("action-share") + " disabled"));
  // No aria-disabled anywhere: `disabled` says it all (the Nu HTML Checker flags the pair).
  EXPECT_FALSE(Contains(html, "aria-disabled"));
}

TEST(RenderPost, LocksTheComposerForAnonymousReaders) {
  SiteSettings site = SampleSite();
  std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost());
  EXPECT_TRUE(Contains(html, "aria-describedby=\"comment-counter\" disabled>"));
  EXPECT_TRUE(Contains(html, "href=\"/login?next=%2Fp%2F42-musk-ego-strikes-again\""));
  EXPECT_TRUE(Contains(html, "Log in to comment"));
  EXPECT_TRUE(Contains(html, TestId("comment-counter") + " aria-label=\"Characters used\">0/400<"));
  EXPECT_TRUE(Contains(html, TestId("nav-login")));
  EXPECT_FALSE(Contains(html, TestId("nav-logout")));
}

TEST(RenderPost, OpensTheComposerForSignedInReaders) {
  SiteSettings site = SampleSite();
  std::string html = RenderPost(Context(site, "en", SampleReader()), SamplePost());
  EXPECT_TRUE(Contains(html, "aria-describedby=\"comment-counter\">"));
  EXPECT_FALSE(Contains(html, "Log in to comment"));
  // The page's script disables it while the text is blank or over a limit; without script the
  // server answers for it.
  EXPECT_TRUE(Contains(html, TestId("comment-submit") + ">"));
}

TEST(RenderPost, ShowsAuthorControlsOnlyToTheAuthor) {
  SiteSettings site = SampleSite();
  std::string reader = RenderPost(Context(site, "en", SampleReader()), SamplePost());
  EXPECT_FALSE(Contains(reader, TestId("pin-action")));
  EXPECT_FALSE(Contains(reader, TestId("post-edit")));
  EXPECT_FALSE(Contains(reader, TestId("post-delete")));
  std::string author = RenderPost(Context(site, "en", SampleAuthor()), SamplePost());
  EXPECT_TRUE(Contains(author, "href=\"/compose?edit=42\""));
  EXPECT_TRUE(Contains(author,
                       "action=\"/p/42/delete\"><input type=\"hidden\" name=\"csrf\" "
                       "value=\"csrf-token-123\">"));
  // The author pins through a form (it works without script).
  EXPECT_TRUE(Contains(author, "action=\"/p/42/pin\""));
  EXPECT_TRUE(Contains(author, TestId("pin-action") + " aria-pressed=\"false\""));
}

TEST(RenderPost, OmitsThePromoWithoutAUrl) {
  SiteSettings site = SampleSite();
  site.promo_url.clear();
  EXPECT_FALSE(
      Contains(RenderPost(Context(site, "en", std::nullopt), SamplePost()), TestId("promo-block")));
}

TEST(RenderPost, ShowsThePromoWithItsQrCode) {
  SiteSettings site = SampleSite();
  std::string html = RenderPost(Context(site, "en", std::nullopt), SamplePost());
  EXPECT_TRUE(Contains(html, TestId("promo-text") + ">Trade crypto anywhere, anytime</p>"));
  EXPECT_TRUE(Contains(html, "<svg data-testid=\"promo-qr\" xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(Contains(html, "Scan to open Plaza on your phone"));
  site.promo_text = "Custom <call>";
  EXPECT_TRUE(Contains(RenderPost(Context(site, "en", std::nullopt), SamplePost()),
                       ">Custom &lt;call&gt;</p>"));
}

TEST(RenderPost, RendersTheSamePageFromManyThreads) {
  SiteSettings site = SampleSite();
  Post post = SamplePost();
  PageContext ctx = Context(site, "en", SampleReader());
  const std::string expected = RenderPost(ctx, post);
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (RenderPost(ctx, post) != expected) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(RenderPages, HaveNoInlineScriptsOrStyles) {
  std::regex inline_script("<script(?![^>]*\\bsrc=)[^>]*>", std::regex::icase);
  std::regex style_element("<style", std::regex::icase);
  std::regex style_attribute("\\sstyle\\s*=", std::regex::icase);
  std::regex handler_attribute("<[^>]*\\son[a-z]+\\s*=", std::regex::icase);
  // Quoted attribute values are inert text (escaped refills may read "onerror=" in them).
  std::regex quoted_value("=\"[^\"]*\"");
  for (const std::string& page : AllPages()) {
    std::string html = std::regex_replace(page, quoted_value, "=\"\"");
    EXPECT_FALSE(std::regex_search(html, inline_script)) << html;
    EXPECT_FALSE(std::regex_search(html, style_element));
    EXPECT_FALSE(std::regex_search(html, style_attribute));
    EXPECT_FALSE(std::regex_search(html, handler_attribute)) << html;
    EXPECT_FALSE(Contains(html, "javascript:"));
  }
}

TEST(RenderPages, StartWithTheDoctype) {
  for (const std::string& html : AllPages()) {
    EXPECT_TRUE(html.starts_with("<!doctype html>\n<html lang=\"en\" dir=\"ltr\" data-digits="))
        << html.substr(0, 80);
  }
}

TEST(RenderPages, LoadTheVersionedStaticFiles) {
  std::string v(StaticVersion());
  for (const std::string& html : AllPages()) {
    EXPECT_TRUE(
        Contains(html, StrCat("<link rel=\"stylesheet\" href=\"/static/plaza.css?v=", v, "\">")));
    EXPECT_TRUE(
        Contains(html, StrCat("<script src=\"/static/plaza.js?v=", v, "\" defer></script>")));
  }
}

TEST(RenderPages, ShowEveryPageTestIdOnEveryPage) {
  for (const std::string& html : AllPages()) {
    for (std::string_view id : {"site-header", "nav-home", "nav-compose", "footer",
                                "community-links", "language-switcher", "current-locale"}) {
      EXPECT_TRUE(Contains(html, TestId(id))) << id;
    }
  }
}

TEST(RenderHome, ListsCardsLinkingToPermalinks) {
  SiteSettings site = SampleSite();
  Post other = SamplePost();
  other.id = 43;
  other.slug = "";
  std::string html =
      RenderHome(Context(site, "en", std::nullopt, "/"), CardsOf({SamplePost(), other}), "abc/=+");
  EXPECT_TRUE(Contains(html, TestId("post-list")));
  EXPECT_TRUE(Contains(html, TestId("post-card-title") + " href=\"/p/42-musk-ego-strikes-again\""));
  EXPECT_TRUE(Contains(html, TestId("post-card-title") + " href=\"/p/43\""));
  EXPECT_TRUE(Contains(html, "href=\"?cursor=abc%2F%3D%2B\""));
  EXPECT_TRUE(Contains(html, TestId("next-page")));
  EXPECT_TRUE(Contains(html, "<p class=\"excerpt\">Typical Elon: another tantrum"));
  EXPECT_FALSE(Contains(html, TestId("empty-feed")));
}

TEST(RenderHome, CardExcerptOfACutHeadSaysTheTextGoesOn) {
  SiteSettings site = SampleSite();
  PostCard card = testing::CardOf(SamplePost());
  card.id = 9001;  // cards are memoized per post and revision: ids no other test renders
  // Mostly markup: the head holds less text than an excerpt, and ends inside an entity.
  card.html_head = "<p><a href=\"https://example.com/a-long-address\">Funding</a> flips &am";
  card.html_cut = true;
  std::string html = RenderHome(Context(site, "en", std::nullopt, "/"), {card}, std::nullopt);
  EXPECT_TRUE(Contains(html, "<p class=\"excerpt\">Funding flips…</p>")) << html;

  card.id = 9002;
  card.html_cut = false;
  card.html_head = "<p>Funding flips</p>";
  html = RenderHome(Context(site, "en", std::nullopt, "/"), {card}, std::nullopt);
  EXPECT_TRUE(Contains(html, "<p class=\"excerpt\">Funding flips</p>")) << html;
}

TEST(RenderHome, ShowsAnEmptyStateWithoutPosts) {
  SiteSettings site = SampleSite();
  std::string html = RenderHome(Context(site, "en", std::nullopt, "/"), {}, std::nullopt);
  EXPECT_TRUE(Contains(html, TestId("empty-feed")));
  EXPECT_FALSE(Contains(html, TestId("post-list")));
  EXPECT_FALSE(Contains(html, TestId("next-page")));
}

TEST(RenderProfile, ShowsTheUserAndTheirPosts) {
  SiteSettings site = SampleSite();
  std::string html = RenderProfile(Context(site, "en", std::nullopt, "/u/marta_k"), SampleAuthor(),
                                   CardsOf({SamplePost()}), std::nullopt);
  EXPECT_TRUE(Contains(html, TestId("profile-header")));
  EXPECT_TRUE(Contains(html, TestId("profile-display-name") + " dir=\"auto\">Marta Kowalska</h1>"));
  EXPECT_TRUE(Contains(html, TestId("profile-handle") + " dir=\"ltr\">@marta_k</p>"));
  EXPECT_TRUE(Contains(html, TestId("post-card")));
}

TEST(RenderCompose, RefillsValuesEscapedAndShowsTheError) {
  SiteSettings site = SampleSite();
  FormState form{{{"title", "<b>bold</b>"}, {"body", "</textarea><script>x()</script>"}},
                 "Please give your post a title.",
                 "title"};
  std::string html =
      RenderCompose(Context(site, "en", SampleReader(), "/compose"), std::nullopt, form);
  EXPECT_TRUE(Contains(html, "value=\"&lt;b&gt;bold&lt;/b&gt;\""));
  EXPECT_TRUE(Contains(html, "&lt;/textarea&gt;&lt;script&gt;x()&lt;/script&gt;</textarea>"));
  EXPECT_TRUE(
      Contains(html, TestId("form-error") + " role=\"alert\">Please give your post a title."));
  EXPECT_TRUE(Contains(
      html, "name=\"title\" type=\"text\" dir=\"auto\" value=\"&lt;b&gt;bold&lt;/b&gt;\""));
  EXPECT_TRUE(Contains(html, "aria-invalid=\"true\" aria-describedby=\"form-error\""));
  EXPECT_TRUE(Contains(html, "<input type=\"hidden\" name=\"csrf\" value=\"csrf-token-123\">"));
  EXPECT_FALSE(Contains(html, "name=\"post_id\""));
}

TEST(RenderCompose, OffersDetectionAndTheTwelveContentLanguages) {
  SiteSettings site = SampleSite();
  std::string html =
      RenderCompose(Context(site, "en", SampleReader(), "/compose"), std::nullopt, {});
  EXPECT_TRUE(Contains(html, "<option value=\"\">Detect automatically</option>"));
  for (const auto& l : ContentLanguages()) {
    std::string option =
        StrCat("<option value=\"", l.code, "\" lang=\"", l.code, "\">", l.name, "</option>");
    EXPECT_TRUE(Contains(html, option)) << l.code;
  }
  EXPECT_FALSE(Contains(html, TestId("form-error")));
}

TEST(RenderCompose, EditsAPostCarryingItsRevision) {
  SiteSettings site = SampleSite();
  Post post = SamplePost();
  post.lang_source = LangSource::kAuthor;
  post.lang = "fr";
  std::string html = RenderCompose(Context(site, "en", SampleAuthor(), "/compose"), post, {});
  EXPECT_TRUE(Contains(html, "<input type=\"hidden\" name=\"post_id\" value=\"42\">"));
  EXPECT_TRUE(Contains(html, "<input type=\"hidden\" name=\"revision\" value=\"2\">"));
  EXPECT_TRUE(Contains(html, "value=\"Musk&apos;s ego strikes again"));
  EXPECT_TRUE(Contains(html, "<option value=\"fr\" lang=\"fr\" selected>"));
}

TEST(RenderLogin, CarriesNextAndRefillsTheHandle) {
  SiteSettings site = SampleSite();
  FormState form{{{"handle", "\"><x"}, {"next", "/p/1?a=\"b"}, {"password", "secret"}},
                 "The handle or password is not right.",
                 "password"};
  std::string html = RenderLogin(Context(site, "en", std::nullopt, "/login"), form);
  EXPECT_TRUE(Contains(html, TestId("login-form")));
  EXPECT_TRUE(Contains(html, "name=\"next\" value=\"/p/1?a=&quot;b\""));
  EXPECT_TRUE(Contains(html, "value=\"&quot;&gt;&lt;x\""));
  EXPECT_FALSE(Contains(html, "secret"));
  EXPECT_TRUE(Contains(html, TestId("form-error")));
}

TEST(RenderRegister, RefillsEverythingButThePassword) {
  SiteSettings site = SampleSite();
  FormState form{{{"handle", "new_one"}, {"display_name", "New One"}, {"password", "hunter22"}},
                 "That handle is already taken. Please choose another one.",
                 "handle"};
  std::string html = RenderRegister(Context(site, "en", std::nullopt, "/register"), form);
  EXPECT_TRUE(Contains(html, TestId("register-form")));
  EXPECT_TRUE(Contains(html, "value=\"new_one\""));
  EXPECT_TRUE(Contains(html, "value=\"New One\""));
  EXPECT_FALSE(Contains(html, "hunter22"));
}

TEST(RenderError, ShowsStatusAndLocalizedText) {
  SiteSettings site = SampleSite();
  PageContext ctx = Context(site, "en", std::nullopt, "/nope");
  std::string not_found = RenderError(ctx, 404);
  EXPECT_TRUE(Contains(not_found, TestId("error-page")));
  EXPECT_TRUE(Contains(not_found, TestId("error-status") + ">404</p>"));
  EXPECT_TRUE(Contains(not_found, "Page not found"));
  EXPECT_TRUE(Contains(RenderError(ctx, 410), "This post is no longer available"));
  EXPECT_TRUE(Contains(RenderError(ctx, 500), TestId("error-status") + ">500</p>"));
  EXPECT_TRUE(Contains(RenderError(ctx, 418), "Your request could not be completed."));
}

TEST(Templates, UseOnlyMessagesTheEnglishCatalogHas) {
  const Catalog& en = testing::SharedCatalogs().For("en");
  std::regex directive("\\[\\[([^\\]|@=]+)[^\\]]*\\]\\]");
  int checked = 0;
  for (const Asset& asset : AllAssets()) {
    if (!asset.path.starts_with("templates/")) continue;
    std::string text(asset.body);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), directive);
         it != std::sregex_iterator(); ++it) {
      EXPECT_TRUE(en.Has((*it)[1].str())) << asset.path << ": " << (*it)[1].str();
      ++checked;
    }
  }
  EXPECT_GT(checked, 50);
}

TEST(Templates, HoldNoUserVisibleTextOutsideTheCatalog) {
  // Text between tags must be a mustache tag or a message directive, never literal words.
  std::regex text_node(">\\s*([A-Za-z][A-Za-z ,.'!?]{2,})\\s*<");
  for (const Asset& asset : AllAssets()) {
    if (!asset.path.starts_with("templates/")) continue;
    std::string text(asset.body);
    std::smatch m;
    EXPECT_FALSE(std::regex_search(text, m, text_node)) << asset.path << ": " << m[1].str();
  }
}

}  // namespace
}  // namespace plaza::web
