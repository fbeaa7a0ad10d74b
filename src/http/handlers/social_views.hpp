#pragma once

// The JSON shapes of the social routes (DESIGN.md §6; docs/openapi.json): reposts, shares, pins,
// follows, feed items and people.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/social_store.hpp"
#include "storage/user_store.hpp"

namespace plaza::http {

/// {"repost": {"post_id", "reposted", "quote": "..." | null, "counts": {...}}}
std::string RepostJson(std::int64_t post_id, bool reposted, const std::string& quote,
                       const PostCounts& counts);
/// {"share": {"post_id", "counted", "counts": {...}}}
std::string ShareJson(std::int64_t post_id, bool counted, const PostCounts& counts);
/// {"pin": {"post_id", "pinned", "changed"}}
std::string PinJson(std::int64_t post_id, bool pinned, bool changed);
/// {"follow": {"user": {"handle", "display_name"}, "following"}}
std::string FollowJson(const User& user, bool following);
/// {"items": [{"post": card, "repost": {...} | null}], "next_cursor"} and, when `pinned` is
/// given, "pinned": [card...].
std::string FeedJson(const std::vector<FeedItem>& items, const std::optional<std::string>& next,
                     const std::string& base_url, const std::vector<PostCard>* pinned = nullptr);
/// {"items": [{"handle", "display_name", "followed_at"}], "next_cursor"}
std::string PeopleJson(const std::vector<FollowEntry>& people,
                       const std::optional<std::string>& next);
/// The data of a post.counts event: {"post_id", "counts": {...}, "display": {...}} with each
/// count formatted for the subscriber's locale.
std::string CountsEventJson(std::int64_t post_id, const PostCounts& counts,
                            const std::string& reposts, const std::string& quotes,
                            const std::string& shares);

}  // namespace plaza::http
