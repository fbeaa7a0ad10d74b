#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "i18n/catalog.hpp"
#include "markets/chips.hpp"
#include "storage/comment_store.hpp"
#include "storage/market_store.hpp"
#include "storage/notification_store.hpp"
#include "storage/post_store.hpp"
#include "storage/social_store.hpp"
#include "storage/user_store.hpp"
#include "summarize/summary_view.hpp"
#include "translation/translation_view.hpp"

namespace plaza::web {

/// Operator settings that pages show. Empty texts fall back to the locale catalog's defaults.
struct SiteSettings {
  std::string site_name = "Plaza";
  std::string base_url = "http://127.0.0.1:8080";  // public base URL, no trailing slash
  std::string disclaimer;                          // "" = the catalog's localized default
  std::string promo_text;                          // "" = the catalog's localized default
  std::string promo_url;                           // "" = no promo block
};

/// What every page needs to know about the request.
struct PageContext {
  const Catalog& catalog;
  std::string locale;  // UI locale tag
  const SiteSettings& site;
  std::optional<User> viewer;  // logged-in user, if any
  std::string csrf;            // token for forms; "" for anonymous pages without forms
  std::string path;            // path of this page (for the language switcher, login return)
  std::string asset_version;   // appended to /static/ URLs for cache busting
  std::int64_t unread_notifications = 0;  // the viewer's, for the header badge
};

/// A form being shown again after an error.
struct FormState {
  std::vector<std::pair<std::string, std::string>> values;  // field → value to refill
  std::string error;  // already localized message, "" for none
  std::string error_field;
  std::optional<std::vector<std::string>> tokens = std::nullopt;  // ticked (compose), if sent
};

/// The path of a post's page: /p/{id}-{slug} (or /p/{id} without a slug).
std::string PostPath(std::int64_t id, std::string_view slug);
std::string PostPath(const Post& post);
std::string PostPath(const PostCard& card);

/// What a post page shows of the reader's reposts, shares and pins (docs/conversation.md). An
/// anonymous page (the cached one) shows the defaults.
struct PostSocialView {
  bool reposted = false;
  std::string quote;    // the reader's quote, "" for none
  bool pinned = false;  // pinned to its author's profile
};

/// What a profile shows besides its posts: follow counts, pins, the viewer's follow button.
struct ProfileSocialView {
  FollowCounts counts;
  std::vector<PostCard> pinned;
  bool viewer_follows = false;
};

/// Which list of people a profile page shows instead of its posts.
enum class PeopleList { kFollowers, kFollowing };

/// List pages render cards (PostStore::ListCards): a card's excerpt is cut from the head of the
/// post's HTML (kCardHtmlHeadBytes); when that head holds less text than an excerpt and the
/// HTML goes on, the card shows the text found there followed by "…".
/// The chips of a page of cards (the home feed) as the markets module made them in one batch
/// (markets::ChipBoard::ForSymbols): one per distinct symbol of the page, without the change
/// since the post. Without them cards show their symbols only.
struct FeedChipsView {
  std::vector<markets::ChipView> chips;
  bool demo = false;       // demo-feed prices: the page says "demo prices"
  bool up_is_red = false;  // the operator's colours (markets.up_color)
};
std::string RenderHome(const PageContext& ctx, const std::vector<PostCard>& posts,
                       const std::optional<std::string>& next_cursor,
                       const FeedChipsView* chips = nullptr);
/// The home page's "following" tab for a signed-in reader: posts by the people they follow and
/// their reposts ("reposted by", with the quote), newest first.
/// `chips`: the values of the cards' chips, as on RenderHome.
std::string RenderFollowingHome(const PageContext& ctx, const std::vector<FeedItem>& items,
                                const std::optional<std::string>& next_cursor,
                                const FeedChipsView* chips = nullptr);
/// A page of comments as a reader who is not signed in sees it, rendered and kept per (locale's
/// templates, post, page) under the stamp of the conversation it shows (docs/conversation.md,
/// "The kept page of comments").
struct KeptComments {
  std::string stamp;
  std::string next_cursor;
  bool any = false;  // the page shows comments
  std::string html;
};
/// The page of comments kept for `ctx`'s templates, `post_id` and `cursor` under `stamp`, or
/// null. Thread-safe.
std::shared_ptr<const KeptComments> KeptCommentsFor(const PageContext& ctx, std::int64_t post_id,
                                                    const std::string& cursor,
                                                    const std::string& stamp);
/// The post page with every element of the reference page (DESIGN.md §2).
/// `summary` is the state of the post's summary (pending by default). `events_since` is the event
/// id the page is current with: the page's script resumes the live stream from it, so an event
/// published while the page travelled is not missed.
/// `translation` is what the reader's language gets (translations module; null: the original,
/// no bar); `show_original` (?original=1) shows the original even when a translation is ready.
/// Either way the other version travels in the page for the toggle.
///
/// `conversation` (comments_view.cpp) is the first page of comments and the viewer's likes;
/// without it the page shows the empty state.
struct PostConversation {
  std::vector<Comment> comments;
  std::string cursor;                        // the page of comments shown ("" = the first)
  std::string next_cursor;                   // "" when this page is the last
  std::vector<std::int64_t> liked_comments;  // by the viewer, ascending
  bool post_liked = false;
  std::string form_token;     // the composer's one-time token (signed-in viewers)
  std::string comment_error;  // ?comment_error= of a refused form post ("" = none)
  // Each comment's translation for the reader (same order as `comments`; empty: none).
  std::vector<translation::TextTranslationView> translations;
  // For a reader who is not signed in: the conversation's stamp (the post's conversation
  // version and what else the comments show; "" = keep nothing), and the page of comments kept
  // under it, shown as is (then `comments` and `translations` are not read).
  std::string stamp;
  std::shared_ptr<const KeptComments> kept;
};
/// The token chips under a post as the markets module made them (market_views.cpp,
/// docs/markets.md); without them (no markets module) chips show their symbols only.
struct PostChipsView {
  // In the order of the post's cashtags; never null. The page keeps the chip list it rendered
  // from this vector per thread (market_views.cpp): a vector is never changed once shared.
  std::shared_ptr<const std::vector<markets::ChipView>> chips;
  bool demo = false;       // demo-feed prices: labelled "demo prices"
  bool up_is_red = false;  // the operator's colours (markets.up_color)
};
std::string RenderPost(const PageContext& ctx, const Post& post,
                       const summarize::SummaryView& summary = {}, std::uint64_t events_since = 0,
                       const translation::TranslationView* translation = nullptr,
                       bool show_original = false, const PostConversation* conversation = nullptr,
                       const PostSocialView& social = {}, const PostChipsView* chips = nullptr);
/// "Summary · extractive", "AI summary · {model}": the engine label under a summary.
std::string SummaryEngineLabel(const Catalog& catalog, const std::string& engine);
/// `record`: the author's record of tagged posts (markets module); none shows no record.
/// `chips`: the values of the chips on its cards (pins and posts), as on RenderHome.
std::string RenderProfile(const PageContext& ctx, const User& user,
                          const std::vector<PostCard>& posts,
                          const std::optional<std::string>& next_cursor,
                          const ProfileSocialView& social = {},
                          const markets::AuthorRecord* record = nullptr,
                          const FeedChipsView* chips = nullptr);

/// What the token page /t/{SYMBOL} shows (market_views.cpp).
struct TokenPageView {
  Asset asset;
  markets::ChipView chip;  // price and 24-hour change now
  std::string trade_url;   // "" = no trade link
  std::string chart_24h;   // SVG elements (markets::PriceChartSvg)
  std::string chart_30d;
  std::vector<Post> posts;  // the latest posts that tag it
  bool demo = false;
  bool up_is_red = false;
};
std::string RenderToken(const PageContext& ctx, const TokenPageView& view);
/// A profile's followers or following list (newest first), with the profile's header.
std::string RenderPeople(const PageContext& ctx, const User& user, PeopleList list,
                         const std::vector<FollowEntry>& people,
                         const std::optional<std::string>& next_cursor,
                         const ProfileSocialView& social);
/// The compose form; with `editing` set it edits that post (carrying its revision). `assets`
/// (the registry) are offered as tokens to attach; none offers no choice.
std::string RenderCompose(const PageContext& ctx, const std::optional<Post>& editing,
                          const FormState& form, const std::vector<plaza::Asset>& assets = {});
std::string RenderLogin(const PageContext& ctx, const FormState& form);
std::string RenderRegister(const PageContext& ctx, const FormState& form);
/// One line of the list of sessions on the settings page.
struct SessionRow {
  std::string id;  // public id (never the token's hash)
  bool api_token = false;
  Timestamp created_at = 0;
  Timestamp last_seen_at = 0;
  std::string device;
  std::string address;
  bool current = false;
};

/// What the settings page shows besides the user: the sessions, the forms' errors and a notice.
struct SettingsState {
  std::vector<SessionRow> sessions;
  FormState profile;   // the profile form after a failed save (values and error)
  FormState password;  // the password form after a failed change (error only)
  std::string notice;  // already localized ("Settings saved"), "" for none
};

/// /settings: display name, bio, interface language, sessions and API tokens, password.
std::string RenderSettings(const PageContext& ctx, const User& user, const SettingsState& state);
/// 404, 410 and 500 pages (any other status renders a generic error page).
std::string RenderError(const PageContext& ctx, int status);

/// One notification as the notifications page shows it, with its sentence already localized.
struct NotificationItem {
  Notification notification;
  std::string text;
};
/// The viewer's notifications (comments_view.cpp).
std::string RenderNotifications(const PageContext& ctx, const std::vector<NotificationItem>& items,
                                const std::string& next_cursor);

/// The share/promo QR code for `url` as a standalone SVG element (libqrencode).
std::string QrSvg(std::string_view url);

}  // namespace plaza::web
