#include "http/handlers/conversation_views.hpp"

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "i18n/language_names.hpp"
#include "text/text.hpp"

namespace plaza::http {
namespace {

namespace json = boost::json;

json::value IdOrNull(std::int64_t id) {
  if (id == 0) return nullptr;
  return id;
}

json::object CommentObject(const Comment& c) {
  const bool deleted = c.status == CommentStatus::kDeleted;
  return json::object{
      {"id", c.id},
      {"post_id", c.post_id},
      {"parent_id", IdOrNull(c.parent_id)},
      {"author", {{"handle", c.author_handle}, {"display_name", c.author_display_name}}},
      {"body", deleted ? json::value(nullptr) : json::value(c.body)},
      {"lang", c.lang},
      {"status", deleted ? "deleted" : "live"},
      {"pinned", c.pinned},
      {"created_at", FormatRfc3339(c.created_at)},
      {"counts", {{"likes", c.likes}, {"tips", c.tips}}},
  };
}

json::value OrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  return json::value(text);
}

json::object TextTranslationObject(std::int64_t comment_id,
                                   const translation::TextTranslationView& view) {
  const bool ready = view.status == translation::TextTranslationStatus::kReady;
  json::array engines;
  for (const auto& engine : view.engines) engines.emplace_back(engine);
  return json::object{
      {"comment_id", comment_id},
      {"status", translation::TextTranslationStatusName(view.status)},
      {"from", OrNull(view.from)},
      {"to", OrNull(view.to)},
      {"engines", std::move(engines)},
      {"body", ready ? json::value(view.text) : json::value(nullptr)},
  };
}

json::value CursorOrNull(const std::string& cursor) {
  if (cursor.empty()) return nullptr;
  return json::value(cursor);
}

std::string Count(const Catalog& catalog, std::int64_t n) {
  return catalog.Format("action.count", {{"count", n}});
}

json::object NotificationObject(const Notification& n, const Catalog& catalog) {
  return json::object{
      {"id", n.id},
      {"kind", n.kind},
      {"actor", {{"handle", n.actor_handle}, {"display_name", n.actor_display_name}}},
      {"post_id", IdOrNull(n.post_id)},
      {"comment_id", IdOrNull(n.comment_id)},
      {"excerpt", n.text},
      {"text", NotificationText(catalog, n)},
      {"read", n.read},
      {"created_at", FormatRfc3339(n.created_at)},
  };
}

}  // namespace

std::string CommentJson(const Comment& comment) {
  return json::serialize(json::object{{"comment", CommentObject(comment)}});
}

std::string CommentListJson(const std::vector<Comment>& items, const std::string& next_cursor,
                            const std::vector<translation::TextTranslationView>* translations) {
  json::array array;
  array.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    json::object object = CommentObject(items[i]);
    const bool has = translations != nullptr && i < translations->size();
    object["translation"] =
        has ? json::value(TextTranslationObject(items[i].id, (*translations)[i]))
            : json::value(nullptr);
    array.emplace_back(std::move(object));
  }
  return json::serialize(
      json::object{{"items", std::move(array)}, {"next_cursor", CursorOrNull(next_cursor)}});
}

std::string CommentTranslationJson(std::int64_t comment_id,
                                   const translation::TextTranslationView& view) {
  return json::serialize(json::object{{"translation", TextTranslationObject(comment_id, view)}});
}

std::string LikeJson(LikeTarget target, std::int64_t id, bool liked, std::int64_t count) {
  return json::serialize(
      json::object{{"like",
                    {{"target", target == LikeTarget::kPost ? "post" : "comment"},
                     {"id", id},
                     {"liked", liked},
                     {"count", count}}}});
}

std::string NotificationListJson(const std::vector<Notification>& items,
                                 const std::string& next_cursor, std::int64_t unread,
                                 const Catalog& catalog) {
  json::array array;
  array.reserve(items.size());
  for (const Notification& n : items) array.emplace_back(NotificationObject(n, catalog));
  return json::serialize(json::object{
      {"items", std::move(array)}, {"next_cursor", CursorOrNull(next_cursor)}, {"unread", unread}});
}

std::string UnreadJson(std::int64_t unread) {
  return json::serialize(json::object{{"unread", unread}});
}

std::string NotificationText(const Catalog& catalog, const Notification& n) {
  const std::string key = "notifications.kind." + n.kind;
  const std::string name = n.actor_display_name.empty() ? n.actor_handle : n.actor_display_name;
  return catalog.Format(catalog.Has(key) ? std::string_view(key) : "notifications.kind.other",
                        {{"actor", name}, {"handle", n.actor_handle}, {"kind", n.kind}});
}

std::string CommentEventJson(const Comment& comment, std::int64_t post_comments,
                             const Catalog& catalog) {
  return json::serialize(json::object{
      {"post_id", comment.post_id},
      {"comment", CommentObject(comment)},
      {"counts", {{"comments", post_comments}}},
      {"display", {{"comments", Count(catalog, post_comments)}}},
  });
}

std::string PostCountsEventJson(std::int64_t post_id, const char* name, std::int64_t count,
                                const Catalog& catalog) {
  return json::serialize(json::object{
      {"post_id", post_id},
      {"counts", {{name, count}}},
      {"display", {{name, Count(catalog, count)}}},
  });
}

std::string CommentTranslationEventJson(std::int64_t post_id, std::int64_t comment_id,
                                        const translation::TextTranslationView& view,
                                        const Catalog* catalog) {
  if (catalog == nullptr) {
    return json::serialize(
        json::object{{"post_id", post_id}, {"comment_id", comment_id}, {"to", view.to}});
  }
  const bool ready = view.status == translation::TextTranslationStatus::kReady;
  json::object object = TextTranslationObject(comment_id, view);
  object["post_id"] = post_id;
  object["body_html"] = ready ? json::value(text::HtmlEscape(view.text)) : json::value(nullptr);
  object["lang"] = view.to;
  object["label"] =
      ready ? TranslatedFromLabel(*catalog, view.from)
            : catalog->Format("translation.unavailable",
                              {{"language", LanguageNameIn(view.to, catalog->locale())}});
  return json::serialize(object);
}

std::string CommentLikesEventJson(std::int64_t post_id, std::int64_t comment_id, std::int64_t likes,
                                  const Catalog& catalog) {
  return json::serialize(json::object{
      {"post_id", post_id},
      {"comment_id", comment_id},
      {"likes", likes},
      {"display", Count(catalog, likes)},
  });
}

std::string NotificationEventJson(std::int64_t unread, const std::optional<Notification>& created,
                                  const Catalog& catalog) {
  json::object data{{"unread", unread}, {"display", Count(catalog, unread)}};
  if (created) data["notification"] = NotificationObject(*created, catalog);
  return json::serialize(data);
}

}  // namespace plaza::http
