#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "storage/post_store.hpp"
#include "storage/summary_store.hpp"
#include "storage/user_store.hpp"
#include "summarize/summary_view.hpp"

namespace plaza::http {

/// A post's `counts` object: {comments, likes, reposts, quotes, shares, tips}.
boost::json::object CountsObject(const PostCounts& counts);

/// {"post": {...}} in the shape of DESIGN.md §6, with its `summary` {status, text, lang, engine,
/// revision}; `base_url` makes the absolute `url`.
std::string PostJson(const Post& post, const summarize::SummaryView& summary,
                     const std::string& base_url);
/// {"items": [post...], "next_cursor": "..." | null}
std::string PostListJson(const std::vector<Post>& posts, const std::optional<std::string>& next,
                         const std::string& base_url);
/// The data of a summary.ready / summary.failed event: {post_id, revision, status, text, lang,
/// engine, engine_label}, with the label already in the subscriber's language.
std::string SummaryEventJson(const Summary& summary, const std::string& engine_label);
/// {"user": {...}, "token": "..."} (token omitted when empty).
std::string UserJson(const User& user, const std::string& token);

}  // namespace plaza::http
