// The conversation on a post page (action bar state, composer, comments) and the notifications
// page.

#include <algorithm>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "i18n/language_names.hpp"
#include "i18n/locales.hpp"
#include "posts/permissions.hpp"
#include "web/html.hpp"
#include "web/page_parts.hpp"
#include "web/pages.hpp"
#include "web/templates.hpp"

namespace plaza::web {

using kainjow::mustache::data;

namespace {

std::string ContentLangOf(const std::string& lang) {
  return lang.empty() || lang == "und" ? std::string() : lang;
}

data CommentData(const PageContext& ctx, const Post& post, const Comment& c,
                 const PostConversation& conversation) {
  data item;
  const bool deleted = c.status == CommentStatus::kDeleted;
  const std::string name = NameOf(c.author_display_name, c.author_handle);
  item["comment_id"] = data(std::to_string(c.id));
  item["thread_id"] = data(std::to_string(c.thread_id));
  item["is_reply"] = data(c.parent_id != 0);
  item["deleted"] = data(deleted);
  item["pinned"] = data(c.pinned);
  item["c_author_handle"] = data(c.author_handle);
  item["c_author_name"] = data(name);
  item["c_author_initial"] = data(AvatarInitial(name));
  item["c_body"] = data(deleted ? std::string() : c.body);
  item["c_lang"] = data(ContentLangOf(c.lang));
  item["c_created_rfc3339"] = data(FormatRfc3339(c.created_at));
  item["c_created_display"] = data(TimeText(ctx, c.created_at));
  item["c_likes"] = data(CountText(ctx, c.likes));
  const bool liked = std::binary_search(conversation.liked_comments.begin(),
                                        conversation.liked_comments.end(), c.id);
  item["c_liked"] = data(liked);
  item["c_liked_value"] = data(liked ? "1" : "0");
  const bool signed_in = ctx.viewer.has_value();
  item["can_act"] = data(signed_in && !deleted);
  item["can_delete"] = data(signed_in && !deleted &&
                            (ctx.viewer->id == c.author_id || MayManagePost(*ctx.viewer, post)));
  item["can_pin"] =
      data(signed_in && !deleted && c.parent_id == 0 && MayManagePost(*ctx.viewer, post));
  item["pin_value"] = data(c.pinned ? "0" : "1");
  item["can_reply"] = data(signed_in && !deleted && c.parent_id == 0);
  // The reward form (docs/rewards.md): anyone signed in but the comment's author.
  item["can_reward"] = data(signed_in && !deleted && ctx.viewer->id != c.author_id);
  item["is_c_author"] = data(signed_in && ctx.viewer->id == c.author_id);
  // Its tips, counted as the post's are in the action bar; comment.counts keeps it live.
  item["c_tips"] = data(CountText(ctx, c.tips));
  return item;
}

// A comment's translation (docs/translation.md, "Comments"): the translated text with "Translated
// from …" and the original behind "View original"; the "Translate" link (a GET that queues the
// job, ?translate=<id>: works without script, the script asks the API in place); "on its way";
// "not available" after a request that failed (no route: nothing is offered).
void AddCommentTranslation(data& item, const PageContext& ctx, const Comment& c,
                           const translation::TextTranslationView* view) {
  using translation::TextTranslationStatus;
  const TextTranslationStatus status = view ? view->status : TextTranslationStatus::kOriginal;
  const bool live = c.status == CommentStatus::kLive;
  const bool ready = live && status == TextTranslationStatus::kReady;
  item["ct_ready"] = data(ready);
  item["ct_available"] = data(live && status == TextTranslationStatus::kAvailable);
  item["ct_pending"] = data(live && status == TextTranslationStatus::kPending);
  const bool failed =
      live && status == TextTranslationStatus::kUnavailable && !view->engines.empty();
  item["ct_unavailable"] =
      failed ? data(ctx.catalog.Format("translation.unavailable",
                                       {{"language", LanguageNameIn(view->to, ctx.locale)}}))
             : data(false);
  if (ready) {
    item["ct_text"] = data(view->text);
    item["ct_lang"] = data(view->to);
    item["ct_label"] = data(TranslatedFromLabel(ctx.catalog, view->from));
  }
}

// What of a comment's translation its memoized render depends on: the status, the target and
// the engines (a stored translation of a comment never changes for them).
std::string TranslationMemoKey(const translation::TextTranslationView* view) {
  if (view == nullptr) return "-";
  std::string key = StrCat(translation::TextTranslationStatusName(view->status), ">", view->to);
  for (const std::string& engine : view->engines) key.append("+").append(engine);
  return key;
}

// The comments, each rendered apart with its own small data. What an anonymous reader sees of a
// comment depends only on the comment and the templates (locale, catalog, site), so those
// renders are memoized like cards; a signed-in reader's carry their forms and are rendered anew.
std::string CommentsHtml(const PageContext& ctx, const Post& post,
                         const PostConversation& conversation) {
  std::string html;
  if (conversation.comments.empty()) return html;
  auto templates = TemplatesFor(ctx.catalog, ctx.locale, ctx.site);
  html.reserve(conversation.comments.size() * 1024);
  // Links that reload this page (?translate=) keep its page of comments.
  const std::string page_query =
      conversation.cursor.empty() ? "" : StrCat("cursor=", UrlEncode(conversation.cursor), "&");
  const auto translation_of = [&](std::size_t i) {
    return i < conversation.translations.size() ? &conversation.translations[i] : nullptr;
  };
  // The memo keys of an anonymous reader's comments, looked up together (one lock a page).
  std::vector<std::string> keys(conversation.comments.size());
  if (!ctx.viewer) {
    for (std::size_t i = 0; i < conversation.comments.size(); ++i) {
      const Comment& c = conversation.comments[i];
      keys[i] = StrCat("comment:", std::to_string(c.id), ":",
                       c.status == CommentStatus::kDeleted ? "d" : "l", c.pinned ? "p" : "-", ":",
                       std::to_string(c.likes), ":", std::to_string(c.tips), ":", c.author_handle,
                       ":", c.author_display_name, ":", TranslationMemoKey(translation_of(i)), ":",
                       page_query);
    }
  }
  const auto kept = ctx.viewer ? std::vector<std::shared_ptr<const std::string>>(keys.size())
                               : templates->Fragments(keys);
  for (std::size_t i = 0; i < conversation.comments.size(); ++i) {
    if (kept[i]) {
      html += *kept[i];
      continue;
    }
    const Comment& c = conversation.comments[i];
    const translation::TextTranslationView* translated = translation_of(i);
    std::string& key = keys[i];
    data item = CommentData(ctx, post, c, conversation);
    AddCommentTranslation(item, ctx, c, translated);
    item["page_query"] = data(page_query);
    item["post_id"] = data(std::to_string(post.id));
    item["csrf"] = data(ctx.csrf);
    item["form_token"] = data(conversation.form_token);
    auto rendered =
        std::make_shared<const std::string>(templates->Render(PageKind::kComment, item, 2048));
    html += *rendered;
    if (!key.empty()) templates->KeepFragment(std::move(key), std::move(rendered));
  }
  return html;
}

// The kept pages of comments (KeptCommentsFor), by "<templates id>:<post id>:<cursor>". Each
// holds a rendered list (about 1.2 KB a comment); past the byte budget the map starts over.
class KeptCommentPages {
 public:
  std::shared_ptr<const KeptComments> Find(const std::string& key) const {
    std::lock_guard lock(mu_);
    auto it = pages_.find(key);
    return it == pages_.end() ? nullptr : it->second;
  }
  void Keep(std::string key, std::shared_ptr<const KeptComments> page) {
    constexpr std::size_t kMaxBytes = std::size_t{32} << 20;
    const std::size_t size = Bytes(key, *page);
    std::lock_guard lock(mu_);
    if (bytes_ + size > kMaxBytes) {
      pages_.clear();
      bytes_ = 0;
    }
    auto [it, added] = pages_.try_emplace(std::move(key), page);
    if (!added) {
      bytes_ -= Bytes(it->first, *it->second);
      it->second = std::move(page);
    }
    bytes_ += size;
  }

 private:
  static std::size_t Bytes(const std::string& key, const KeptComments& page) {
    return key.size() + page.html.size() + page.next_cursor.size();
  }

  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const KeptComments>> pages_;  // GUARDED_BY(mu_)
  std::size_t bytes_ = 0;                                                       // GUARDED_BY(mu_)
};

KeptCommentPages& KeptPages() {
  static KeptCommentPages pages;
  return pages;
}

std::string KeptPageKey(const PageContext& ctx, std::int64_t post_id, const std::string& cursor) {
  return StrCat(std::to_string(TemplatesFor(ctx.catalog, ctx.locale, ctx.site)->id()), ":",
                std::to_string(post_id), ":", cursor);
}

}  // namespace

std::shared_ptr<const KeptComments> KeptCommentsFor(const PageContext& ctx, std::int64_t post_id,
                                                    const std::string& cursor,
                                                    const std::string& stamp) {
  if (ctx.viewer || stamp.empty()) return nullptr;
  auto kept = KeptPages().Find(KeptPageKey(ctx, post_id, cursor));
  return kept && kept->stamp == stamp ? kept : nullptr;
}

void AddConversation(data& d, const PageContext& ctx, const Post& post,
                     const PostConversation* conversation) {
  static const PostConversation kNone;
  const PostConversation& conv = conversation != nullptr ? *conversation : kNone;
  if (conv.kept) {
    d["comments_html"] = data(conv.kept->html);
    d["has_comments"] = data(conv.kept->any);
  } else {
    std::string html = CommentsHtml(ctx, post, conv);
    if (!ctx.viewer && !conv.stamp.empty()) {
      KeptPages().Keep(KeptPageKey(ctx, post.id, conv.cursor),
                       std::make_shared<const KeptComments>(KeptComments{
                           conv.stamp, conv.next_cursor, !conv.comments.empty(), html}));
    }
    d["comments_html"] = data(std::move(html));
    d["has_comments"] = data(!conv.comments.empty());
  }
  // The reader's content language: the page script offers "Translate" on a comment that arrives
  // live in another one (docs/translation.md, "Comments").
  const LocaleInfo* reader = FindLocale(ctx.locale);
  d["reader_content_lang"] = data(reader != nullptr ? std::string(reader->content_code) : "");
  // Pages of comments are pages of the post (?cursor=), so they work without script.
  const std::string path = PostPath(post);
  const std::string& next_cursor = conv.kept ? conv.kept->next_cursor : conv.next_cursor;
  d["more_comments"] = next_cursor.empty()
                           ? data(false)
                           : data(StrCat(path, "?cursor=", UrlEncode(next_cursor), "#comments"));
  d["first_comments"] = conv.cursor.empty() ? data(false) : data(StrCat(path, "#comments"));
  d["count_like"] = data(CountText(ctx, post.counts.likes));
  d["post_liked"] = data(conv.post_liked);
  d["post_liked_value"] = data(conv.post_liked ? "1" : "0");
  d["form_token"] = data(conv.form_token);
  std::string error_key;
  if (conv.comment_error == "limit_exceeded") {
    error_key = "comments.error_limit";
  } else if (conv.comment_error == "empty") {
    error_key = "comments.error_empty";
  } else if (conv.comment_error == "gone") {
    error_key = "comments.error_gone";
  } else if (conv.comment_error == "rate_limited") {
    error_key = "comments.error_rate_limited";
  } else if (!conv.comment_error.empty()) {
    error_key = "comments.error_generic";
  }
  d["comment_error"] = error_key.empty()
                           ? data(false)
                           : data(ctx.catalog.Format(error_key, {{"max", std::int64_t{400}}}));
}

std::string RenderNotifications(const PageContext& ctx, const std::vector<NotificationItem>& items,
                                const std::string& next_cursor) {
  data d = PageData(ctx, ctx.catalog.Format("notifications.title"));
  data list{data::type::list};
  std::int64_t newest = 0;
  for (const NotificationItem& item : items) {
    const Notification& n = item.notification;
    newest = std::max(newest, n.id);
    data entry;
    entry["n_id"] = data(std::to_string(n.id));
    entry["n_text"] = data(item.text);
    entry["n_excerpt"] = n.text.empty() ? data(false) : data(n.text);
    entry["n_unread"] = data(!n.read);
    entry["n_url"] =
        n.post_id == 0 ? data(StrCat("/u/", n.actor_handle))
                       : data(StrCat("/p/", std::to_string(n.post_id),
                                     n.comment_id != 0 ? StrCat("#c-", std::to_string(n.comment_id))
                                                       : std::string()));
    entry["n_created_rfc3339"] = data(FormatRfc3339(n.created_at));
    entry["n_created_display"] = data(TimeText(ctx, n.created_at));
    list.push_back(entry);
  }
  d["notifications"] = std::move(list);
  d["has_notifications"] = data(!items.empty());
  d["newest_id"] = data(std::to_string(newest));
  d["next_cursor"] = next_cursor.empty() ? data(false) : data(UrlEncode(next_cursor));
  return RenderPage(ctx, PageKind::kNotifications, d);
}

}  // namespace plaza::web
