#pragma once

// What the core post page, post JSON and profile read from the markets module (docs/markets.md),
// through http::Deps::chips. Store reads: call these on the worker pool.

#include <optional>
#include <string>

#include "core/result.hpp"
#include "http/handlers/deps.hpp"
#include "markets/chips.hpp"
#include "web/pages.hpp"

namespace plaza::http {

/// The chips of `post`'s current revision formatted for `locale`; nullopt without the markets
/// module (or for a post without cashtags).
Result<std::optional<web::PostChipsView>> PostChipsFor(const Deps& deps, const Post& post,
                                                       const std::string& locale);
/// The record of `author_id`; nullopt without the markets module.
Result<std::optional<markets::AuthorRecord>> AuthorRecordFor(const Deps& deps,
                                                             std::int64_t author_id,
                                                             const std::string& locale);
/// The chips of a page of cards, in one batch (markets::ChipBoard::ForSymbols); nullopt without
/// the markets module or when no card has tokens.
std::optional<web::FeedChipsView> FeedChipsFor(const Deps& deps, const std::vector<PostCard>& cards,
                                               const std::string& locale);
/// The same for cards from several lists (a profile's pins and posts, a feed's posts and
/// reposts): one chip per distinct symbol of all of them.
std::optional<web::FeedChipsView> FeedChipsFor(const Deps& deps,
                                               const std::vector<const PostCard*>& cards,
                                               const std::string& locale);
/// When the first live chip of `chips` turns stale (0: none), for the page cache.
Timestamp ChipsLiveUntil(const std::optional<web::PostChipsView>& chips);
Timestamp ChipsLiveUntil(const std::optional<web::FeedChipsView>& chips);

}  // namespace plaza::http
