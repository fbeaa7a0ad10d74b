#pragma once

// The social module's routes (reposts, shares, pins, follows, feeds; docs/conversation.md) and
// what the core pages ask of it: a post page's repost and pin state, a profile's counts and
// pins, the home page's following tab.

#include <cstdint>
#include <memory>

#include <boost/asio/awaitable.hpp>

#include "http/handlers/common.hpp"
#include "http/handlers/deps.hpp"
#include "http/message.hpp"
#include "web/pages.hpp"

namespace plaza::social {
class Social;
}

namespace plaza::http {

class Router;

/// Adds the API routes (POST/DELETE /api/v1/posts/{id}/repost, /share, /pin,
/// /api/v1/users/{handle}/follow, the feeds, the user lists) and the form and page routes
/// (/p/{id}/repost ..., /u/{handle}/follow, /u/{handle}/followers). Every route holds `social`.
void AddSocialRoutes(Router& router, Deps& deps, std::shared_ptr<social::Social> social);

/// The home page's following tab (`/?feed=following`) for a signed-in reader.
boost::asio::awaitable<Response> FollowingHomePage(Request& request, Deps& deps,
                                                   const PageRequest& page);
/// What the signed-in viewer has done to the post (defaults for an anonymous page).
boost::asio::awaitable<web::PostSocialView> PostSocialFor(Deps& deps, const PageRequest& page,
                                                          std::int64_t post_id);
/// A profile's follow counts, pins and the viewer's follow state.
boost::asio::awaitable<Result<web::ProfileSocialView>> ProfileSocialFor(Deps& deps,
                                                                        const PageRequest& page,
                                                                        std::int64_t user_id);

}  // namespace plaza::http
