#pragma once

// The markets parts of pages (docs/markets.md): the token chips under a post with their
// expanded view, the author's record on a profile. The token page is RenderToken (pages.hpp).

#include <string>
#include <string_view>
#include <vector>

#include "markets/chips.hpp"
#include "web/pages.hpp"
#include "web/templates.hpp"

namespace plaza::web {

/// Sets `chips_html` for the post page: the chips of `post`'s cashtags with their expanded views
/// (templates/chips.mustache), the symbols alone without `chips`, else each chip's values as the
/// markets module made them. Memoized per post revision and locale until a value shown changes.
void AddChips(kainjow::mustache::data& d, const PageContext& ctx, const PageTemplates& templates,
              const Post& post, const PostChipsView* chips);

/// Where a memoized card (templates/post_card.mustache) takes its chips: cards are rendered once
/// per revision, chips each time with their values (CardChipsHtml). Cannot occur in a card's text,
/// which is escaped.
inline constexpr std::string_view kCardChipsSlot = "<!--chips-->";

/// A card's chip list: the chips of the post page (templates/chips.mustache) without the
/// expanded view, `symbols` with their values from `chips` (symbols alone without them).
std::string CardChipsHtml(const PageContext& ctx, const PageTemplates& templates,
                          const std::vector<std::string>& symbols, const FeedChipsView* chips);

/// Sets `token_picker` for the compose form: the registry's `assets` as checkboxes (named
/// `tokens`), those in `ticked` checked; false without assets.
void AddTokenPicker(kainjow::mustache::data& d, const PageContext& ctx,
                    const std::vector<plaza::Asset>& assets,
                    const std::vector<std::string>& ticked);

/// Sets `record` (false without one, or when no post of the author tags a token).
void AddRecord(kainjow::mustache::data& d, const PageContext& ctx,
               const markets::AuthorRecord* record);

}  // namespace plaza::web
