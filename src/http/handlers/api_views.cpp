#include "http/handlers/api_views.hpp"

#include <boost/json.hpp>

#include "http/handlers/common.hpp"

namespace plaza::http {
namespace {

namespace json = boost::json;

json::object PostObject(const Post& post, const std::string& base_url) {
  json::array cashtags;
  for (const auto& tag : post.cashtags) cashtags.emplace_back(tag);
  json::value edited = nullptr;
  if (post.edited_at != 0) edited = FormatRfc3339(post.edited_at);
  return json::object{
      {"id", post.id},
      {"url", base_url + PostPath(post)},
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
      {"counts",
       {{"comments", post.counts.comments},
        {"likes", post.counts.likes},
        {"reposts", post.counts.reposts},
        {"shares", post.counts.shares},
        {"tips", post.counts.tips}}},
  };
}

}  // namespace

std::string PostJson(const Post& post, const std::string& base_url) {
  return json::serialize(json::object{{"post", PostObject(post, base_url)}});
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
                     {"created_at", FormatRfc3339(user.created_at)}}}};
  if (!token.empty()) out["token"] = token;
  return json::serialize(out);
}

}  // namespace plaza::http
