#pragma once

// What the page files of web/ share (defined in pages.cpp): formatting with the page's catalog,
// the layout's data and rendering.

#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "web/pages.hpp"
#include "web/templates.hpp"

namespace plaza::web {

/// The absolute date shown under a post or comment ("time.utc").
std::string TimeText(const PageContext& ctx, Timestamp t);
/// A count as the action bar shows it ("action.count").
std::string CountText(const PageContext& ctx, std::int64_t n);
/// The display name, or the handle when there is none.
std::string NameOf(const std::string& display_name, const std::string& handle);
/// The layout's data for a page titled `page_title`.
kainjow::mustache::data PageData(const PageContext& ctx, const std::string& page_title);
std::string RenderPage(const PageContext& ctx, PageKind kind, const kainjow::mustache::data& d);

}  // namespace plaza::web
