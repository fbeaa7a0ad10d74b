#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "markets/chips.hpp"
#include "storage/post_store.hpp"
#include "storage/summary_store.hpp"
#include "storage/user_store.hpp"
#include "summarize/summary_view.hpp"
#include "translation/translation_view.hpp"

namespace plaza::http {

/// A post's `counts` object: {comments, likes, reposts, quotes, shares, tips}.
boost::json::object CountsObject(const PostCounts& counts);

/// {"post": {...}} in the shape of DESIGN.md §6, with its `summary` {status, text, lang, engine,
/// revision} and `translation` {status, from, to, engines, title, body_html, summary} (null
/// without `translation`: no ?lang= asked); `base_url` makes the absolute `url`. `chips`
/// (markets module) are the post's chips with prices; without them each cashtag's chip carries
/// no price.
std::string PostJson(const Post& post, const summarize::SummaryView& summary,
                     const std::string& base_url,
                     const translation::TranslationView* translation = nullptr,
                     const std::vector<markets::ChipView>* chips = nullptr);
/// The data of a translation.ready event: {post_id, revision, status, from, to, engines, title,
/// body_html, summary, lang, label}. Without `label` (a subscriber reading another language),
/// only {post_id, revision, to}.
std::string TranslationEventJson(std::int64_t post_id, int revision,
                                 const translation::TranslationView& view,
                                 const std::string* label);
/// {"items": [post...], "next_cursor": "..." | null}
std::string PostListJson(const std::vector<Post>& posts, const std::optional<std::string>& next,
                         const std::string& base_url);
/// The data of a summary.ready / summary.failed event: {post_id, revision, status, text, lang,
/// engine, engine_label}, with the label already in the subscriber's language.
std::string SummaryEventJson(const Summary& summary, const std::string& engine_label);
/// {"user": {...}, "token": "..."} (token omitted when empty). Only ever the caller's own account
/// (register, log in, /api/v1/me): it carries the interface locale setting.
std::string UserJson(const User& user, const std::string& token);

}  // namespace plaza::http
