#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "i18n/catalog.hpp"
#include "storage/post_store.hpp"
#include "storage/social_store.hpp"
#include "storage/user_store.hpp"
#include "summarize/summary_view.hpp"

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
};

/// A form being shown again after an error.
struct FormState {
  std::vector<std::pair<std::string, std::string>> values;  // field → value to refill
  std::string error;  // already localized message, "" for none
  std::string error_field;
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
std::string RenderHome(const PageContext& ctx, const std::vector<PostCard>& posts,
                       const std::optional<std::string>& next_cursor);
/// The home page's "following" tab for a signed-in reader: posts by the people they follow and
/// their reposts ("reposted by", with the quote), newest first.
std::string RenderFollowingHome(const PageContext& ctx, const std::vector<FeedItem>& items,
                                const std::optional<std::string>& next_cursor);
/// The post page with every element of the reference page (DESIGN.md §2).
/// `summary` is the state of the post's summary (pending by default). `events_since` is the event
/// id the page is current with: the page's script resumes the live stream from it, so an event
/// published while the page travelled is not missed.
std::string RenderPost(const PageContext& ctx, const Post& post,
                       const summarize::SummaryView& summary = {}, std::uint64_t events_since = 0,
                       const PostSocialView& social = {});
/// "Summary · extractive", "AI summary · {model}": the engine label under a summary.
std::string SummaryEngineLabel(const Catalog& catalog, const std::string& engine);
std::string RenderProfile(const PageContext& ctx, const User& user,
                          const std::vector<PostCard>& posts,
                          const std::optional<std::string>& next_cursor,
                          const ProfileSocialView& social = {});
/// A profile's followers or following list (newest first), with the profile's header.
std::string RenderPeople(const PageContext& ctx, const User& user, PeopleList list,
                         const std::vector<FollowEntry>& people,
                         const std::optional<std::string>& next_cursor,
                         const ProfileSocialView& social);
/// The compose form; with `editing` set it edits that post (carrying its revision).
std::string RenderCompose(const PageContext& ctx, const std::optional<Post>& editing,
                          const FormState& form);
std::string RenderLogin(const PageContext& ctx, const FormState& form);
std::string RenderRegister(const PageContext& ctx, const FormState& form);
/// 404, 410 and 500 pages (any other status renders a generic error page).
std::string RenderError(const PageContext& ctx, int status);

/// The share/promo QR code for `url` as a standalone SVG element (libqrencode).
std::string QrSvg(std::string_view url);

}  // namespace plaza::web
