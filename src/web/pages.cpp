#include "web/pages.hpp"

#include <algorithm>
#include <array>
#include <iterator>

#include "i18n/datetime.hpp"
#include "i18n/language_names.hpp"
#include "i18n/locales.hpp"
#include "posts/permissions.hpp"
#include "web/assets.hpp"
#include "web/html.hpp"
#include "web/market_views.hpp"
#include "web/templates.hpp"

namespace plaza::web {

// comments_view.cpp: the action bar's like and comment state, the composer and the comments.
void AddConversation(kainjow::mustache::data& d, const PageContext& ctx, const Post& post,
                     const PostConversation* conversation);

namespace {

using kainjow::mustache::data;

constexpr std::size_t kExcerptCodePoints = 240;
constexpr std::size_t kDescriptionCodePoints = 160;
constexpr std::size_t kPageSizeHint = std::size_t{16} * 1024;

std::string DisplayName(const std::string& display_name, const std::string& handle) {
  return display_name.empty() ? handle : display_name;
}

// Formatting a date is a few ICU calls; popular posts are rendered over and over, so each
// thread remembers its recent results (direct-mapped, no locking).
std::string FormatTime(const PageContext& ctx, Timestamp t) {
  struct Entry {
    std::uint64_t catalog_id = 0;
    Timestamp t = 0;
    std::string locale;
    std::string text;
  };
  constexpr std::size_t kEntries = 64;
  thread_local std::array<Entry, kEntries> cache;
  std::uint64_t id = ctx.catalog.id();
  Entry& e = cache[static_cast<std::size_t>((static_cast<std::uint64_t>(t) / kMicrosPerSecond) ^
                                            (id * 0x9E3779B97F4A7C15ULL)) %
                   kEntries];
  if (e.catalog_id != id || e.t != t || e.locale != ctx.locale) {
    e.text = ctx.catalog.Format("time.utc", {{"datetime", FormatDateTimeUtc(ctx.locale, t)}});
    e.catalog_id = id;
    e.t = t;
    e.locale = ctx.locale;
  }
  return e.text;
}

std::string FormatCount(const PageContext& ctx, const PageTemplates& templates, std::int64_t n) {
  if (const std::string* small = templates.SmallCount(n)) return *small;
  return ctx.catalog.Format("action.count", {{"count", n}});
}

const std::string* FormValue(const FormState& form, std::string_view field) {
  for (const auto& [name, value] : form.values) {
    if (name == field) return &value;
  }
  return nullptr;
}

std::string FormValueOr(const FormState& form, std::string_view field,
                        const std::string& fallback) {
  const std::string* v = FormValue(form, field);
  return v != nullptr ? *v : fallback;
}

// What the layout needs on every page.
data BaseData(const PageContext& ctx, const std::string& page_title,
              const std::string& description) {
  data d;
  d["page_title"] = data(page_title);
  d["description"] =
      data(description.empty() ? ctx.catalog.Format("site.description") : description);
  d["v"] = data(ctx.asset_version.empty() ? std::string(StaticVersion()) : ctx.asset_version);
  d["csrf"] = data(ctx.csrf);
  d["next_enc"] = data(UrlEncode(ctx.path.empty() ? "/" : ctx.path));
  if (ctx.viewer) {
    d["viewer"] = data(true);
    d["viewer_handle"] = data(ctx.viewer->handle);
    d["viewer_initial"] =
        data(AvatarInitial(DisplayName(ctx.viewer->display_name, ctx.viewer->handle)));
    d["unread"] = data(std::to_string(ctx.unread_notifications));
    d["has_unread"] = data(ctx.unread_notifications > 0);
  } else {
    d["viewer"] = data(false);
  }
  return d;
}

std::string ContentLang(const std::string& lang) {
  return lang.empty() || lang == "und" ? std::string() : lang;
}

// A card's excerpt, cut from the head of the post's HTML (see RenderHome).
std::string CardExcerpt(const PostCard& card) {
  std::string_view head = card.html_head;
  if (card.html_cut) {
    // An entity cut in two at the end of the head would read as text: drop its start.
    constexpr std::size_t kLongestEntity = 12;
    std::size_t amp = head.rfind('&');
    if (amp != std::string_view::npos && head.size() - amp < kLongestEntity &&
        head.find(';', amp) == std::string_view::npos) {
      head = head.substr(0, amp);
    }
  }
  std::string excerpt = ExcerptFromHtml(head, kExcerptCodePoints);
  constexpr std::string_view kEllipsis = "…";
  if (card.html_cut && !excerpt.empty() && !excerpt.ends_with(kEllipsis)) excerpt += kEllipsis;
  return excerpt;
}

// `chips_html`: the card's chip list, or kCardChipsSlot for a card memoized without its values.
data CardData(const PageContext& ctx, const PostCard& post, std::string chips_html) {
  data card;
  card["author_handle"] = data(post.author_handle);
  card["author_display_name"] = data(DisplayName(post.author_display_name, post.author_handle));
  card["author_initial"] =
      data(AvatarInitial(DisplayName(post.author_display_name, post.author_handle)));
  card["created_rfc3339"] = data(FormatRfc3339(post.created_at));
  card["created_display"] = data(FormatTime(ctx, post.created_at));
  card["url"] = data(PostPath(post));
  card["title"] = data(post.title);
  std::string excerpt = CardExcerpt(post);
  // Keys are always set: a missing one would be looked up in the page around the card.
  card["excerpt"] = excerpt.empty() ? data(false) : data(excerpt);
  card["post_lang"] = data(ContentLang(post.lang));
  card["chips_html"] = data(std::move(chips_html));
  card["repost"] = data(false);  // set only for a feed's repost (RenderFollowingHome)
  return card;
}

std::shared_ptr<const PageTemplates> Templates(const PageContext& ctx) {
  return TemplatesFor(ctx.catalog, ctx.locale, ctx.site);
}

// A card depends on the post's revision (title, body, language, cashtags), its author's names,
// its creation time and the templates (locale, catalog, site): the memo key names the first
// three, the templates hold the memo. A card's excerpt and date cost more than the rest of a
// list page, and a feed shows the same cards to every reader. Chips carry prices that move, so
// the memo holds kCardChipsSlot in their place and each list renders them anew, once per distinct
// list of symbols on the page, with the values in `chips` (symbols alone without them).
std::string CardsHtml(const PageContext& ctx, const PageTemplates& templates,
                      const std::vector<PostCard>& posts, const FeedChipsView* chips = nullptr) {
  std::string html;
  html.reserve(posts.size() * 1024);
  std::vector<std::pair<const std::vector<std::string>*, std::string>> chip_lists;
  for (const auto& post : posts) {
    std::string key = StrCat(std::to_string(post.id), ":", std::to_string(post.revision), ":",
                             std::to_string(post.created_at), ":", post.author_handle, ":",
                             post.author_display_name);
    std::shared_ptr<const std::string> card = templates.Fragment(key);
    if (!card) {
      card = std::make_shared<const std::string>(templates.Render(
          PageKind::kCard,
          CardData(ctx, post, post.cashtags.empty() ? std::string() : std::string(kCardChipsSlot)),
          2048));
      templates.KeepFragment(std::move(key), card);
    }
    const std::size_t slot = post.cashtags.empty() ? std::string::npos : card->find(kCardChipsSlot);
    if (slot == std::string::npos) {
      html += *card;
      continue;
    }
    auto list = std::find_if(chip_lists.begin(), chip_lists.end(),
                             [&](const auto& made) { return *made.first == post.cashtags; });
    if (list == chip_lists.end()) {
      chip_lists.emplace_back(&post.cashtags, CardChipsHtml(ctx, templates, post.cashtags, chips));
      list = std::prev(chip_lists.end());
    }
    html.append(*card, 0, slot);
    html += list->second;
    html.append(*card, slot + kCardChipsSlot.size());
  }
  return html;
}

void AddPostList(data& d, const PageContext& ctx, const std::vector<PostCard>& posts,
                 const std::optional<std::string>& next_cursor, const std::string& empty_text,
                 const FeedChipsView* chips = nullptr) {
  d["has_posts"] = data(!posts.empty());
  d["cards_html"] = data(CardsHtml(ctx, *Templates(ctx), posts, chips));
  d["empty_text"] = data(empty_text);
  if (next_cursor && !next_cursor->empty()) {
    d["next_cursor"] = data(UrlEncode(*next_cursor));
  } else {
    d["next_cursor"] = data(false);
  }
}

std::string Render(const PageContext& ctx, PageKind kind, const data& d, std::size_t hint) {
  return Templates(ctx)->Render(kind, d, hint);
}

void SetFormError(data& d, const FormState& form, std::initializer_list<std::string_view> fields) {
  d["error"] = form.error.empty() ? data(false) : data(form.error);
  for (std::string_view field : fields) {
    d[StrCat("invalid_", field)] = data(!form.error.empty() && form.error_field == field);
  }
}

}  // namespace

std::string PostPath(std::int64_t id, std::string_view slug) {
  std::string path = StrCat("/p/", std::to_string(id));
  if (!slug.empty()) path += StrCat("-", slug);
  return path;
}

std::string PostPath(const Post& post) { return PostPath(post.id, post.slug); }
std::string PostPath(const PostCard& card) { return PostPath(card.id, card.slug); }

namespace {

// "demo prices", once above a list whose cards show demo-feed chips (`feed_chips_demo`).
void AddChipsDemo(data& d, const FeedChipsView* chips) {
  d["feed_chips_demo"] = data(chips != nullptr && chips->demo && !chips->chips.empty());
}

// The latest / following tabs a signed-in reader sees above the home feed.
void AddFeedTabs(data& d, const PageContext& ctx, bool following) {
  d["feed_tabs"] = data(ctx.viewer.has_value());
  d["tab_latest"] = data(following ? "false" : "page");
  d["tab_following"] = data(following ? "page" : "false");
}

// A card of a feed's repost: rendered each time (a repost's banner and quote are not part of the
// memoized card).
std::string RepostCardHtml(const PageContext& ctx, const PageTemplates& templates,
                           const FeedItem& item, const FeedChipsView* chips) {
  data card = CardData(ctx, item.post, CardChipsHtml(ctx, templates, item.post.cashtags, chips));
  const Repost& repost = *item.repost;
  data banner;
  banner["by_handle"] = data(repost.by.handle);
  banner["by_text"] = data(ctx.catalog.Format(
      "social.reposted_by", {{"name", DisplayName(repost.by.display_name, repost.by.handle)}}));
  banner["quote"] = repost.quote.empty() ? data(false) : data(repost.quote);
  banner["reposted_rfc3339"] = data(FormatRfc3339(repost.created_at));
  card["repost"] = std::move(banner);
  return templates.Render(PageKind::kCard, card, 2048);
}

}  // namespace

std::string RenderHome(const PageContext& ctx, const std::vector<PostCard>& posts,
                       const std::optional<std::string>& next_cursor, const FeedChipsView* chips) {
  data d = BaseData(ctx, ctx.catalog.Format("feed.title"), "");
  AddFeedTabs(d, ctx, /*following=*/false);
  AddPostList(d, ctx, posts, next_cursor, ctx.catalog.Format("feed.empty"), chips);
  AddChipsDemo(d, chips);
  return Render(ctx, PageKind::kHome, d, kPageSizeHint + posts.size() * 1024);
}

std::string RenderFollowingHome(const PageContext& ctx, const std::vector<FeedItem>& items,
                                const std::optional<std::string>& next_cursor,
                                const FeedChipsView* chips) {
  auto templates = Templates(ctx);
  data d = BaseData(ctx, ctx.catalog.Format("social.following_title"), "");
  AddFeedTabs(d, ctx, /*following=*/true);
  std::string html;
  for (const FeedItem& item : items) {
    html += item.repost ? RepostCardHtml(ctx, *templates, item, chips)
                        : CardsHtml(ctx, *templates, std::vector<PostCard>{item.post}, chips);
  }
  AddChipsDemo(d, chips);
  d["has_posts"] = data(!items.empty());
  d["cards_html"] = data(std::move(html));
  d["empty_text"] = data(ctx.catalog.Format("social.following_empty"));
  d["next_cursor"] =
      next_cursor && !next_cursor->empty() ? data(UrlEncode(*next_cursor)) : data(false);
  return Render(ctx, PageKind::kHome, d, kPageSizeHint + items.size() * 1024);
}

std::string SummaryEngineLabel(const Catalog& catalog, const std::string& engine) {
  constexpr std::string_view kLlmPrefix = "llm:";
  if (engine.starts_with(kLlmPrefix)) {
    return catalog.Format("summary.engine_llm", {{"model", engine.substr(kLlmPrefix.size())}});
  }
  return catalog.Format("summary.engine_extractive");
}

namespace {

// Sentences are stored one per line; on the page they read as one paragraph.
std::string SummaryParagraph(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return out;
}

void AddSummary(data& d, const PageContext& ctx, const summarize::SummaryView& summary,
                std::uint64_t events_since) {
  using summarize::SummaryState;
  const SummaryState state = summary.state;
  const bool shown = state != SummaryState::kNone && state != SummaryState::kFailed;
  d["summary_shown"] = data(shown);
  if (!shown) return;
  const bool pending = state == SummaryState::kPending;
  const bool updating = state == SummaryState::kUpdating;
  d["summary_state"] = data(summarize::SummaryStateName(state));
  d["summary_busy"] = data((pending || updating) ? "true" : "false");
  d["summary_pending"] = data(pending);
  d["summary_updating"] = data(updating);
  // Only a box that is still waiting listens for events; a settled page carries no per-process
  // value, so every instance serves the same bytes for it.
  d["events_since"] = (pending || updating) ? data(std::to_string(events_since)) : data(false);
  if (pending) return;
  d["summary_text"] = data(SummaryParagraph(summary.text));
  d["summary_lang"] = data(ContentLang(summary.lang));
  d["summary_engine"] = data(SummaryEngineLabel(ctx.catalog, summary.engine));
}

// The summary as the page shows it: translated when the translated text is shown and the
// summary's translation is stored; still pending while that translation is on its way.
summarize::SummaryView ShownSummary(const summarize::SummaryView& summary,
                                    const translation::TranslationView* view, bool translated) {
  if (!translated) return summary;
  summarize::SummaryView shown = summary;
  if (view->summary_state == translation::SummaryTranslation::kReady) {
    shown.text = view->summary;
    shown.lang = view->to;
  } else if (view->summary_state == translation::SummaryTranslation::kPending) {
    shown.state = summarize::SummaryState::kPending;
  }
  return shown;
}

}  // namespace

namespace {

// The translation bar, the texts shown (translated or original) and the other version for the
// page script's toggle (docs/translation.md, "The post page").
struct ShownTexts {
  bool translated = false;  // the translation is shown
  std::string title;
  std::string body_html;
  std::string lang;
};

ShownTexts TextsShown(const Post& post, const translation::TranslationView* view,
                      bool show_original) {
  if (view && view->status == translation::TranslationStatus::kReady && !show_original) {
    return ShownTexts{true, view->title, view->body_html, view->to};
  }
  return ShownTexts{false, post.title, post.body_html, ContentLang(post.lang)};
}

void AddTranslation(data& d, const PageContext& ctx, const Post& post,
                    const summarize::SummaryView& summary, const translation::TranslationView* view,
                    const ShownTexts& shown) {
  using translation::SummaryTranslation;
  using translation::TranslationStatus;
  const TranslationStatus status = view ? view->status : TranslationStatus::kOriginal;
  const bool ready = status == TranslationStatus::kReady;
  d["translated"] = data(status != TranslationStatus::kOriginal);
  d["translation_status"] = data(translation::TranslationStatusName(status));
  d["translation_to"] = data(view ? view->to : std::string());
  d["translation_shown"] = data(shown.translated ? "translated" : "original");
  const std::string translated_label = view ? TranslatedFromLabel(ctx.catalog, view->from) : "";
  const std::string original_label =
      view ? ctx.catalog.Format("translation.showing_original", {{"language", view->from_name}})
           : "";
  d["label_translated"] = data(translated_label);
  d["label_original"] = data(original_label);
  d["translation_toggle"] = data(ready);
  std::string label;
  if (ready) {
    label = shown.translated ? translated_label : original_label;
    d["toggle_href"] = data(shown.translated ? "?original=1" : PostPath(post));
    d["toggle_text"] = data(ctx.catalog.Format(shown.translated ? "post.view_original"
                                                                : "translation.view_translation"));
  } else if (status == TranslationStatus::kPending) {
    label = ctx.catalog.Format("translation.pending");
  } else if (status == TranslationStatus::kUnavailable) {
    label = ctx.catalog.Format("translation.unavailable", {{"language", view->to_name}});
  }
  d["translated_from"] = data(label);
  d["toggle_pending"] = data(status == TranslationStatus::kPending);
  d["canonical_path"] = data(PostPath(post));
  if (!ready) {
    d["has_alternate"] = data(false);
    return;
  }
  // The summary in the reader's language when its translation is stored.
  const bool summary_translated = view->summary_state == SummaryTranslation::kReady;
  d["has_alternate"] = data(true);
  d["alt_title"] = data(shown.translated ? post.title : view->title);
  d["alt_body_html"] = data(shown.translated ? post.body_html : view->body_html);
  d["alt_lang"] = data(shown.translated ? ContentLang(post.lang) : view->to);
  const bool summary_text = summary.state == summarize::SummaryState::kReady ||
                            summary.state == summarize::SummaryState::kUpdating;
  d["alt_has_summary"] = data(summary_text && summary_translated);
  if (summary_text && summary_translated) {
    d["alt_summary"] = data(SummaryParagraph(shown.translated ? summary.text : view->summary));
    d["alt_summary_lang"] = data(shown.translated ? ContentLang(summary.lang) : view->to);
  }
}

}  // namespace

namespace {

// Open Graph locales (language_TERRITORY) of the interface locales, in the reference page's
// order.
constexpr std::pair<std::string_view, std::string_view> kOgLocales[] = {
    {"zh-CN", "zh_CN"}, {"en", "en_US"}, {"vi", "vi_VN"},    {"zh-TW", "zh_TW"}, {"es", "es_ES"},
    {"ru", "ru_RU"},    {"fr", "fr_FR"}, {"pt-PT", "pt_PT"}, {"id", "id_ID"},    {"ja", "ja_JP"},
    {"ar", "ar_AR"},    {"uk", "uk_UA"}, {"pt-BR", "pt_BR"},
};

// The link card of a post (Open Graph and Twitter): its locale, the others as alternates.
void AddLinkCard(data& d, const PageContext& ctx) {
  data alternates{data::type::list};
  std::string own = "en_US";
  for (const auto& [tag, og] : kOgLocales) {
    if (tag == ctx.locale) {
      own = std::string(og);
      continue;
    }
    data alternate;
    alternate["og"] = data(std::string(og));
    alternates.push_back(alternate);
  }
  d["og_locale"] = data(own);
  d["og_alternates"] = std::move(alternates);
}

// A post's description for search results and link cards: its summary when there is one,
// else the start of its first paragraph.
std::string PostDescription(const Post& post, const summarize::SummaryView& summary) {
  using summarize::SummaryState;
  if ((summary.state == SummaryState::kReady || summary.state == SummaryState::kUpdating) &&
      !summary.text.empty()) {
    std::string text = summary.text;
    for (char& c : text) {
      if (c == '\n') c = ' ';
    }
    return ExcerptFromHtml(text, kDescriptionCodePoints);
  }
  std::string_view html = post.body_html;
  if (auto end = html.find("</p>"); end != std::string_view::npos) html = html.substr(0, end);
  return ExcerptFromHtml(html, kDescriptionCodePoints);
}

void AddSocial(data& d, const PageContext& ctx, const PageTemplates& templates, const Post& post,
               const PostSocialView& social, const std::string& permalink) {
  d["count_quote"] = data(FormatCount(ctx, templates, post.counts.quotes));
  d["reposted"] = data(social.reposted);
  d["my_quote"] = data(social.quote);
  d["pinned"] = data(social.pinned);
  d["permalink"] = data(permalink);
  // Encoding a QR code costs more than the rest of the page; the permalink is all it depends
  // on, so it is drawn once per post and kept with the card renders.
  const std::string key = StrCat("qr:", permalink);
  std::shared_ptr<const std::string> qr = templates.Fragment(key);
  if (!qr) {
    qr = std::make_shared<const std::string>(QrSvg(permalink));
    templates.KeepFragment(key, qr);
  }
  d["share_qr"] = data(*qr);
}

}  // namespace

std::string RenderPost(const PageContext& ctx, const Post& post,
                       const summarize::SummaryView& summary, std::uint64_t events_since,
                       const translation::TranslationView* translation, bool show_original,
                       const PostConversation* conversation, const PostSocialView& social,
                       const PostChipsView* chips) {
  auto templates = Templates(ctx);
  const ShownTexts shown = TextsShown(post, translation, show_original);
  // The description follows the text shown: the translated body's start, else the summary or
  // the first paragraph (PostDescription).
  data d = BaseData(ctx, shown.title,
                    shown.translated ? ExcerptFromHtml(shown.body_html, kDescriptionCodePoints)
                                     : PostDescription(post, summary));
  AddTranslation(d, ctx, post, summary, translation, shown);
  std::string path = PostPath(post);
  d["canonical"] = data(ctx.site.base_url + path);
  AddLinkCard(d, ctx);
  AddSocial(d, ctx, *templates, post, social, ctx.site.base_url + path);
  d["post_id"] = data(std::to_string(post.id));
  d["revision"] = data(std::to_string(post.revision));
  d["author_handle"] = data(post.author_handle);
  std::string name = DisplayName(post.author_display_name, post.author_handle);
  d["author_initial"] = data(AvatarInitial(name));
  d["author_display_name"] = data(name);
  d["created_rfc3339"] = data(FormatRfc3339(post.created_at));
  d["created_display"] = data(FormatTime(ctx, post.created_at));
  if (post.edited_at != 0) {
    d["edited"] = data(true);
    d["edited_title"] =
        data(ctx.catalog.Format("post.edited_title", {{"when", FormatTime(ctx, post.edited_at)}}));
  } else {
    d["edited"] = data(false);
  }
  d["is_author"] = data(ctx.viewer && ctx.viewer->id == post.author_id);
  d["can_manage"] = data(ctx.viewer && MayManagePost(*ctx.viewer, post));
  d["post_lang"] = data(shown.lang);
  d["title"] = data(shown.title);
  // Sanitized by cmark-gfm when the revision (or its translation) was rendered.
  d["body_html"] = data(shown.body_html);
  AddSummary(d, ctx, ShownSummary(summary, translation, shown.translated), events_since);
  d["translation_events_since"] = data(std::to_string(events_since));
  // A translated page whose summary's translation is on its way waits for it (translation.ready)
  // rather than showing the summary in the post's language.
  d["summary_awaits_translation"] = data(
      shown.translated && translation->summary_state == translation::SummaryTranslation::kPending);
  AddChips(d, ctx, *templates, post, chips);
  d["count_reward"] = data(FormatCount(ctx, *templates, post.counts.tips));
  d["count_comment"] = data(FormatCount(ctx, *templates, post.counts.comments));
  d["count_repost"] = data(FormatCount(ctx, *templates, post.counts.reposts));
  d["count_share"] = data(FormatCount(ctx, *templates, post.counts.shares));
  d["promo"] = data(templates->has_promo());
  AddConversation(d, ctx, post, conversation);
  const data* comments = d.get("comments_html");
  const std::size_t comments_size =
      comments != nullptr && comments->is_string() ? comments->string_value().size() : 0;
  return templates->Render(PageKind::kPost, d,
                           kPageSizeHint + shown.body_html.size() + comments_size);
}

namespace {

// The profile's header: names, bio, follow counts and the viewer's follow button; its pins.
data ProfileData(const PageContext& ctx, const User& user, const ProfileSocialView& social,
                 const std::string& title, const FeedChipsView* chips) {
  std::string name = DisplayName(user.display_name, user.handle);
  data d = BaseData(ctx, title, user.bio);
  d["profile_initial"] = data(AvatarInitial(name));
  d["profile_display_name"] = data(name);
  d["profile_handle"] = data(user.handle);
  d["profile_bio"] = user.bio.empty() ? data(false) : data(user.bio);
  d["followers_text"] =
      data(ctx.catalog.Format("social.followers_count", {{"count", social.counts.followers}}));
  d["following_text"] =
      data(ctx.catalog.Format("social.following_count", {{"count", social.counts.following}}));
  const bool own = ctx.viewer && ctx.viewer->id == user.id;
  d["can_follow"] = data(ctx.viewer.has_value() && !own);
  d["viewer_follows"] = data(social.viewer_follows);
  d["has_pins"] = data(!social.pinned.empty());
  d["pinned_html"] = data(CardsHtml(ctx, *Templates(ctx), social.pinned, chips));
  AddChipsDemo(d, chips);
  d["people"] = data(false);
  return d;
}

}  // namespace

std::string RenderProfile(const PageContext& ctx, const User& user,
                          const std::vector<PostCard>& posts,
                          const std::optional<std::string>& next_cursor,
                          const ProfileSocialView& social, const markets::AuthorRecord* record,
                          const FeedChipsView* chips) {
  std::string name = DisplayName(user.display_name, user.handle);
  data d = ProfileData(
      ctx, user, social,
      ctx.catalog.Format("profile.title", {{"name", name}, {"handle", user.handle}}), chips);
  AddPostList(d, ctx, posts, next_cursor, ctx.catalog.Format("profile.empty"), chips);
  AddRecord(d, ctx, record);
  return Render(ctx, PageKind::kProfile, d, kPageSizeHint + posts.size() * 1024);
}

std::string RenderPeople(const PageContext& ctx, const User& user, PeopleList list,
                         const std::vector<FollowEntry>& people,
                         const std::optional<std::string>& next_cursor,
                         const ProfileSocialView& social) {
  const bool followers = list == PeopleList::kFollowers;
  std::string name = DisplayName(user.display_name, user.handle);
  std::string heading = ctx.catalog.Format(
      followers ? "social.followers_title" : "social.following_title_of", {{"name", name}});
  data d = ProfileData(ctx, user, social, heading, nullptr);
  data items{data::type::list};
  for (const FollowEntry& entry : people) {
    data person;
    std::string person_name = DisplayName(entry.user.display_name, entry.user.handle);
    person["handle"] = data(entry.user.handle);
    person["name"] = data(person_name);
    person["initial"] = data(AvatarInitial(person_name));
    items.push_back(person);
  }
  d["people"] = data(true);
  d["people_heading"] = data(heading);
  d["people_items"] = std::move(items);
  d["has_people"] = data(!people.empty());
  d["people_empty"] =
      data(ctx.catalog.Format(followers ? "social.followers_empty" : "social.following_none"));
  d["has_posts"] = data(false);
  d["cards_html"] = data(std::string());
  d["empty_text"] = data(std::string());
  d["next_cursor"] =
      next_cursor && !next_cursor->empty() ? data(UrlEncode(*next_cursor)) : data(false);
  return Render(ctx, PageKind::kProfile, d, kPageSizeHint + people.size() * 256);
}

std::string RenderCompose(const PageContext& ctx, const std::optional<Post>& editing,
                          const FormState& form, const std::vector<plaza::Asset>& assets) {
  data d =
      BaseData(ctx, ctx.catalog.Format(editing ? "compose.title_edit" : "compose.title_new"), "");
  d["editing"] = data(editing.has_value());
  std::string lang;
  if (editing) {
    d["post_id"] = data(std::to_string(editing->id));
    d["revision"] = data(FormValueOr(form, "revision", std::to_string(editing->revision)));
    d["cancel_url"] = data(PostPath(*editing));
    // A detected language is offered as "detect" again, so an edit re-detects it.
    if (editing->lang_source == LangSource::kAuthor) lang = editing->lang;
  }
  d["title"] = data(FormValueOr(form, "title", editing ? editing->title : std::string()));
  d["body"] = data(FormValueOr(form, "body", editing ? editing->body_md : std::string()));
  lang = FormValueOr(form, "lang", lang);
  data languages{data::type::list};
  for (const auto& l : ContentLanguages()) {
    data option;
    option["code"] = data(std::string(l.code));
    option["name"] = data(std::string(l.name));
    option["selected"] = data(l.code == lang);
    languages.push_back(option);
  }
  d["languages"] = std::move(languages);
  AddTokenPicker(d, ctx, assets,
                 form.tokens.value_or(editing ? editing->tokens : std::vector<std::string>{}));
  SetFormError(d, form, {"title", "body", "lang", "tokens"});
  return Render(ctx, PageKind::kCompose, d, kPageSizeHint + d.get("body")->string_value().size());
}

std::string RenderLogin(const PageContext& ctx, const FormState& form) {
  data d = BaseData(ctx, ctx.catalog.Format("login.title"), "");
  d["handle"] = data(FormValueOr(form, "handle", ""));
  d["next"] = data(FormValueOr(form, "next", "/"));
  SetFormError(d, form, {"handle", "password"});
  return Render(ctx, PageKind::kLogin, d, kPageSizeHint);
}

std::string RenderRegister(const PageContext& ctx, const FormState& form) {
  data d = BaseData(ctx, ctx.catalog.Format("register.title"), "");
  d["handle"] = data(FormValueOr(form, "handle", ""));
  d["display_name"] = data(FormValueOr(form, "display_name", ""));
  SetFormError(d, form, {"handle", "display_name", "password"});
  return Render(ctx, PageKind::kRegister, d, kPageSizeHint);
}

std::string RenderSettings(const PageContext& ctx, const User& user, const SettingsState& state) {
  data d = BaseData(ctx, ctx.catalog.Format("settings.title"), "");
  d["notice"] = state.notice.empty() ? data(false) : data(state.notice);
  d["display_name"] = data(FormValueOr(state.profile, "display_name", user.display_name));
  d["bio"] = data(FormValueOr(state.profile, "bio", user.bio));
  const std::string chosen = FormValueOr(state.profile, "locale", user.locale);
  d["automatic_selected"] = data(chosen.empty());
  data locales{data::type::list};
  for (const LocaleInfo& locale : Locales()) {
    data option;
    option["tag"] = data(std::string(locale.tag));
    option["name"] = data(std::string(locale.name));
    option["selected"] = data(locale.tag == chosen);
    locales.push_back(option);
  }
  d["locales"] = std::move(locales);
  d["profile_error"] = state.profile.error.empty() ? data(false) : data(state.profile.error);
  for (std::string_view field : {"display_name", "bio", "locale"}) {
    d[StrCat("invalid_", field)] =
        data(!state.profile.error.empty() && state.profile.error_field == field);
  }
  d["password_error"] = state.password.error.empty() ? data(false) : data(state.password.error);
  for (std::string_view field : {"current_password", "new_password"}) {
    d[StrCat("invalid_", field)] =
        data(!state.password.error.empty() && state.password.error_field == field);
  }
  data sessions{data::type::list};
  bool others = false;
  for (const SessionRow& row : state.sessions) {
    data item;
    item["id"] = data(row.id);
    item["device"] =
        data(row.device.empty() ? ctx.catalog.Format("settings.unknown_device") : row.device);
    item["kind"] = data(
        ctx.catalog.Format(row.api_token ? "settings.kind_api_token" : "settings.kind_browser"));
    item["address"] = data(row.address);
    item["created_rfc3339"] = data(FormatRfc3339(row.created_at));
    item["created_display"] = data(FormatTime(ctx, row.created_at));
    item["seen_rfc3339"] = data(FormatRfc3339(row.last_seen_at));
    item["seen_display"] = data(FormatTime(ctx, row.last_seen_at));
    item["current"] = data(row.current);
    others = others || !row.current;
    sessions.push_back(item);
  }
  d["sessions"] = std::move(sessions);
  d["other_sessions"] = data(others);
  return Render(ctx, PageKind::kSettings, d, kPageSizeHint + state.sessions.size() * 512);
}

std::string RenderError(const PageContext& ctx, int status) {
  std::string_view title_key = "page.generic_title";
  std::string_view text_key = "page.generic_text";
  if (status == 404) {
    title_key = "page.not_found_title";
    text_key = "page.not_found_text";
  } else if (status == 410) {
    title_key = "page.gone_title";
    text_key = "page.gone_text";
  } else if (status >= 500) {
    title_key = "page.server_title";
    text_key = "page.server_text";
  }
  std::string title = ctx.catalog.Format(title_key);
  data d = BaseData(ctx, title, "");
  d["status"] = data(std::to_string(status));
  d["error_title"] = data(title);
  d["error_text"] = data(ctx.catalog.Format(text_key));
  return Render(ctx, PageKind::kError, d, kPageSizeHint);
}

}  // namespace plaza::web

namespace plaza::web {

// What other page files of this folder share with this one (page_parts.hpp).
std::string TimeText(const PageContext& ctx, Timestamp t) { return FormatTime(ctx, t); }
std::string CountText(const PageContext& ctx, std::int64_t n) {
  return FormatCount(ctx, *Templates(ctx), n);
}
std::string NameOf(const std::string& display_name, const std::string& handle) {
  return DisplayName(display_name, handle);
}
kainjow::mustache::data PageData(const PageContext& ctx, const std::string& page_title) {
  return BaseData(ctx, page_title, "");
}
std::string RenderPage(const PageContext& ctx, PageKind kind, const kainjow::mustache::data& d) {
  return Render(ctx, kind, d, kPageSizeHint);
}

}  // namespace plaza::web
