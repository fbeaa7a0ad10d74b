#include "http/handlers/chip_views.hpp"

namespace plaza::http {

Result<std::optional<web::PostChipsView>> PostChipsFor(const Deps& deps, const Post& post,
                                                       const std::string& locale) {
  if (deps.chips == nullptr || post.cashtags.empty()) return std::nullopt;
  auto chips = deps.chips->ForPost(post.id, post.revision, post.cashtags, locale);
  if (!chips) return std::unexpected(chips.error());
  return web::PostChipsView{std::move(*chips), deps.chips->demo(), deps.chips->up_is_red()};
}

Result<std::optional<markets::AuthorRecord>> AuthorRecordFor(const Deps& deps,
                                                             std::int64_t author_id,
                                                             const std::string& locale) {
  if (deps.chips == nullptr) return std::nullopt;
  auto record = deps.chips->ForAuthor(author_id, locale);
  if (!record) return std::unexpected(record.error());
  return std::optional(std::move(*record));
}

Timestamp ChipsLiveUntil(const std::optional<web::PostChipsView>& chips) {
  return chips ? markets::FirstStaleAt(*chips->chips) : 0;
}

std::optional<web::FeedChipsView> FeedChipsFor(const Deps& deps, const std::vector<PostCard>& cards,
                                               const std::string& locale) {
  std::vector<const PostCard*> pointers;
  pointers.reserve(cards.size());
  for (const PostCard& card : cards) pointers.push_back(&card);
  return FeedChipsFor(deps, pointers, locale);
}

std::optional<web::FeedChipsView> FeedChipsFor(const Deps& deps,
                                               const std::vector<const PostCard*>& cards,
                                               const std::string& locale) {
  if (deps.chips == nullptr) return std::nullopt;
  std::vector<const std::vector<std::string>*> symbols;
  for (const PostCard* card : cards) {
    if (!card->cashtags.empty()) symbols.push_back(&card->cashtags);
  }
  if (symbols.empty()) return std::nullopt;
  return web::FeedChipsView{deps.chips->ForSymbols(symbols, locale), deps.chips->demo(),
                            deps.chips->up_is_red()};
}

Timestamp ChipsLiveUntil(const std::optional<web::FeedChipsView>& chips) {
  return chips ? markets::FirstStaleAt(chips->chips) : 0;
}

}  // namespace plaza::http
