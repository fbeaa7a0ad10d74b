#include "http/handlers/social_views.hpp"

#include <boost/json.hpp>

#include "http/handlers/api_views.hpp"
#include "http/handlers/common.hpp"
#include "web/pages.hpp"

namespace plaza::http {
namespace {

namespace json = boost::json;

json::object UserObject(const std::string& handle, const std::string& display_name) {
  return json::object{{"handle", handle}, {"display_name", display_name}};
}

json::object CardObject(const PostCard& card, const std::string& base_url) {
  json::array cashtags;
  for (const auto& tag : card.cashtags) cashtags.emplace_back(tag);
  json::value edited = nullptr;
  if (card.edited_at != 0) edited = FormatRfc3339(card.edited_at);
  return json::object{
      {"id", card.id},
      {"url", base_url + web::PostPath(card)},
      {"title", card.title},
      {"lang", card.lang},
      {"revision", card.revision},
      {"author", UserObject(card.author_handle, card.author_display_name)},
      {"created_at", FormatRfc3339(card.created_at)},
      {"edited_at", edited},
      {"cashtags", std::move(cashtags)},
      {"counts", CountsObject(card.counts)},
  };
}

json::value QuoteOrNull(const std::string& quote) {
  if (quote.empty()) return nullptr;
  return json::value(quote);
}

json::value NextOrNull(const std::optional<std::string>& next) {
  if (!next || next->empty()) return nullptr;
  return json::value(*next);
}

}  // namespace

std::string RepostJson(std::int64_t post_id, bool reposted, const std::string& quote,
                       const PostCounts& counts) {
  return json::serialize(json::object{{"repost",
                                       {{"post_id", post_id},
                                        {"reposted", reposted},
                                        {"quote", QuoteOrNull(quote)},
                                        {"counts", CountsObject(counts)}}}});
}

std::string ShareJson(std::int64_t post_id, bool counted, const PostCounts& counts) {
  return json::serialize(json::object{
      {"share", {{"post_id", post_id}, {"counted", counted}, {"counts", CountsObject(counts)}}}});
}

std::string PinJson(std::int64_t post_id, bool pinned, bool changed) {
  return json::serialize(
      json::object{{"pin", {{"post_id", post_id}, {"pinned", pinned}, {"changed", changed}}}});
}

std::string FollowJson(const User& user, bool following) {
  return json::serialize(json::object{
      {"follow",
       {{"user", UserObject(user.handle, user.display_name)}, {"following", following}}}});
}

std::string FeedJson(const std::vector<FeedItem>& items, const std::optional<std::string>& next,
                     const std::string& base_url, const std::vector<PostCard>* pinned) {
  json::array array;
  for (const FeedItem& item : items) {
    json::value repost = nullptr;
    if (item.repost) {
      repost = json::object{
          {"by", UserObject(item.repost->by.handle, item.repost->by.display_name)},
          {"quote", QuoteOrNull(item.repost->quote)},
          {"created_at", FormatRfc3339(item.repost->created_at)},
      };
    }
    array.push_back(
        json::object{{"post", CardObject(item.post, base_url)}, {"repost", std::move(repost)}});
  }
  json::object object{{"items", std::move(array)}, {"next_cursor", NextOrNull(next)}};
  if (pinned != nullptr) {
    json::array cards;
    for (const PostCard& card : *pinned) cards.push_back(CardObject(card, base_url));
    object["pinned"] = std::move(cards);
  }
  return json::serialize(object);
}

std::string PeopleJson(const std::vector<FollowEntry>& people,
                       const std::optional<std::string>& next) {
  json::array array;
  for (const FollowEntry& entry : people) {
    json::object person = UserObject(entry.user.handle, entry.user.display_name);
    person["followed_at"] = FormatRfc3339(entry.created_at);
    array.push_back(std::move(person));
  }
  return json::serialize(
      json::object{{"items", std::move(array)}, {"next_cursor", NextOrNull(next)}});
}

std::string CountsEventJson(std::int64_t post_id, const PostCounts& counts,
                            const std::string& reposts, const std::string& quotes,
                            const std::string& shares) {
  return json::serialize(json::object{
      {"post_id", post_id},
      {"counts", CountsObject(counts)},
      {"display", {{"reposts", reposts}, {"quotes", quotes}, {"shares", shares}}},
  });
}

}  // namespace plaza::http
