#pragma once

#include <boost/asio/awaitable.hpp>

#include "http/handlers/deps.hpp"
#include "http/message.hpp"

namespace plaza::http {

using Awaitable = boost::asio::awaitable<Response>;

// Pages (page_handlers.cpp).
Awaitable HomePage(Request& request, Deps& deps);
Awaitable PostPage(Request& request, Deps& deps);
Awaitable ProfilePage(Request& request, Deps& deps);
Awaitable ComposePage(Request& request, Deps& deps);
Awaitable ComposeSubmit(Request& request, Deps& deps);
Awaitable DeleteSubmit(Request& request, Deps& deps);
// Accounts pages (account_pages.cpp).
Awaitable LoginPage(Request& request, Deps& deps);
Awaitable LoginSubmit(Request& request, Deps& deps);
Awaitable RegisterPage(Request& request, Deps& deps);
Awaitable RegisterSubmit(Request& request, Deps& deps);
Awaitable LogoutSubmit(Request& request, Deps& deps);

// JSON API (api_handlers.cpp).
Awaitable ApiRegister(Request& request, Deps& deps);
Awaitable ApiLogin(Request& request, Deps& deps);
Awaitable ApiLogout(Request& request, Deps& deps);
Awaitable ApiListPosts(Request& request, Deps& deps);
Awaitable ApiCreatePost(Request& request, Deps& deps);
Awaitable ApiGetPost(Request& request, Deps& deps);
Awaitable ApiEditPost(Request& request, Deps& deps);
Awaitable ApiDeletePost(Request& request, Deps& deps);
Response ApiOpenApi(Request& request, Deps& deps);

// Operations (ops_handlers.cpp).
Awaitable Healthz(Request& request, Deps& deps);
Response MetricsText(Request& request, Deps& deps);

}  // namespace plaza::http
