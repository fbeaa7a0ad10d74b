#include "http/handlers/api_views.hpp"

#include <boost/json.hpp>

#include "http/handlers/common.hpp"
#include "markets/chips.hpp"
#include "web/pages.hpp"

namespace plaza::http {
namespace {

namespace json = boost::json;

// The post's chips: those the markets module made, else each cashtag without a price.
json::array ChipsArray(const Post& post, const std::vector<markets::ChipView>* made) {
  json::array chips;
  if (made != nullptr) {
    for (const auto& chip : *made) chips.emplace_back(markets::ChipObject(chip));
    return chips;
  }
  for (const auto& tag : post.cashtags) {
    chips.emplace_back(
        markets::ChipObject(markets::MakeChip(tag, std::nullopt, false, 0, 0, std::nullopt, "en")));
  }
  return chips;
}

json::object PostObject(const Post& post, const std::string& base_url,
                        const std::vector<markets::ChipView>* chips = nullptr) {
  json::array cashtags;
  for (const auto& tag : post.cashtags) cashtags.emplace_back(tag);
  json::array tokens;
  for (const auto& token : post.tokens) tokens.emplace_back(token);
  json::value edited = nullptr;
  if (post.edited_at != 0) edited = FormatRfc3339(post.edited_at);
  return json::object{
      {"id", post.id},
      {"url", base_url + web::PostPath(post)},
      {"title", post.title},
      {"body_md", post.body_md},
      {"body_html", post.body_html},
      {"lang", post.lang},
      {"lang_source", post.lang_source == LangSource::kAuthor ? "author" : "detected"},
      {"revision", post.revision},
      {"author", {{"handle", post.author_handle}, {"display_name", post.author_display_name}}},
      {"created_at", FormatRfc3339(post.created_at)},
      {"edited_at", edited},
      {"cashtags", std::move(cashtags)},
      {"tokens", std::move(tokens)},
      {"chips", ChipsArray(post, chips)},
      {"counts", CountsObject(post.counts)},
  };
}

json::value OrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  return json::value(text);
}

json::object SummaryObject(const summarize::SummaryView& summary) {
  const bool has_text = summary.state == summarize::SummaryState::kReady ||
                        summary.state == summarize::SummaryState::kUpdating;
  json::value revision = nullptr;
  if (has_text) revision = summary.revision;
  return json::object{
      {"status", summarize::SummaryStateName(summary.state)},
      {"text", has_text ? OrNull(summary.text) : json::value(nullptr)},
      {"lang", has_text ? OrNull(summary.lang) : json::value(nullptr)},
      {"engine", has_text ? OrNull(summary.engine) : json::value(nullptr)},
      {"revision", revision},
  };
}

json::object TranslationObject(const translation::TranslationView& view) {
  const bool ready = view.status == translation::TranslationStatus::kReady;
  json::array engines;
  for (const auto& engine : view.engines) engines.emplace_back(engine);
  json::value summary = nullptr;
  if (ready && view.summary_state == translation::SummaryTranslation::kReady) {
    summary = view.summary;
  }
  return json::object{
      {"status", translation::TranslationStatusName(view.status)},
      {"from", OrNull(view.from)},
      {"to", OrNull(view.to)},
      {"engines", std::move(engines)},
      {"title", ready ? json::value(view.title) : json::value(nullptr)},
      {"body_html", ready ? json::value(view.body_html) : json::value(nullptr)},
      {"summary", std::move(summary)},
  };
}

}  // namespace

json::object CountsObject(const PostCounts& counts) {
  return json::object{{"comments", counts.comments}, {"likes", counts.likes},
                      {"reposts", counts.reposts},   {"quotes", counts.quotes},
                      {"shares", counts.shares},     {"tips", counts.tips}};
}

std::string PostJson(const Post& post, const summarize::SummaryView& summary,
                     const std::string& base_url, const translation::TranslationView* translation,
                     const std::vector<markets::ChipView>* chips) {
  json::object object = PostObject(post, base_url, chips);
  object["summary"] = SummaryObject(summary);
  if (translation != nullptr) {
    object["translation"] = TranslationObject(*translation);
  } else {
    object["translation"] = nullptr;
  }
  return json::serialize(json::object{{"post", std::move(object)}});
}

std::string SummaryEventJson(const Summary& summary, const std::string& engine_label) {
  const bool ready = summary.status == SummaryStatus::kReady;
  return json::serialize(json::object{
      {"post_id", summary.post_id},
      {"revision", summary.revision},
      {"status", SummaryStatusName(summary.status)},
      {"text", ready ? OrNull(summary.text) : json::value(nullptr)},
      {"lang", ready ? OrNull(summary.lang) : json::value(nullptr)},
      {"engine", ready ? OrNull(summary.engine) : json::value(nullptr)},
      {"engine_label", ready ? OrNull(engine_label) : json::value(nullptr)},
  });
}

std::string TranslationEventJson(std::int64_t post_id, int revision,
                                 const translation::TranslationView& view,
                                 const std::string* label) {
  if (label == nullptr) {
    return json::serialize(
        json::object{{"post_id", post_id}, {"revision", revision}, {"to", view.to}});
  }
  json::object object = TranslationObject(view);
  object["post_id"] = post_id;
  object["revision"] = revision;
  object["lang"] = view.to;
  object["label"] = *label;
  return json::serialize(object);
}

std::string PostListJson(const std::vector<Post>& posts, const std::optional<std::string>& next,
                         const std::string& base_url) {
  json::array items;
  items.reserve(posts.size());
  for (const auto& post : posts) items.emplace_back(PostObject(post, base_url));
  json::value cursor = nullptr;
  if (next) cursor = *next;
  return json::serialize(json::object{{"items", std::move(items)}, {"next_cursor", cursor}});
}

std::string UserJson(const User& user, const std::string& token) {
  json::object out{{"user",
                    {{"id", user.id},
                     {"handle", user.handle},
                     {"display_name", user.display_name},
                     {"bio", user.bio},
                     {"locale", user.locale},
                     {"created_at", FormatRfc3339(user.created_at)}}}};
  if (!token.empty()) out["token"] = token;
  return json::serialize(out);
}

}  // namespace plaza::http
