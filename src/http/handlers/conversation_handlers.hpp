#pragma once

// The routes of comments, likes and notifications (the JSON API and the forms that work
// without script), added by the comments module (src/comments/module.cpp).

#include "comments/comments.hpp"
#include "http/handlers/deps.hpp"
#include "notifications/notifications.hpp"

namespace plaza::http {

class Router;

/// The services these routes call; they outlive the router.
struct ConversationServices {
  comments::Comments& comments;
  notifications::Notifications& notifications;
};

/// Adds every route of the conversation (docs/conversation.md) to `router`.
void AddConversationRoutes(Router& router, Deps& deps, ConversationServices services);

}  // namespace plaza::http
