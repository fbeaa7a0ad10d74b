#pragma once

// The markets parts of pages (docs/markets.md): the token chips under a post with their
// expanded view, the author's record on a profile. The token page is RenderToken (pages.hpp).

#include <string>
#include <vector>

#include "markets/chips.hpp"
#include "web/pages.hpp"
#include "web/templates.hpp"

namespace plaza::web {

/// Sets `has_chips`, `chips`, `chips_demo` and `chips_up_red` for the post page: the symbols of
/// `cashtags` alone without `chips`, else each chip's values as the markets module made them.
void AddChips(kainjow::mustache::data& d, const PageContext& ctx,
              const std::vector<std::string>& cashtags, const PostChipsView* chips);

/// Sets `record` (false without one, or when no post of the author tags a token).
void AddRecord(kainjow::mustache::data& d, const PageContext& ctx,
               const markets::AuthorRecord* record);

}  // namespace plaza::web
