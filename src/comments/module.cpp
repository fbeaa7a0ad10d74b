#include "comments/module.hpp"

#include <memory>
#include <vector>

#include "comments/comments.hpp"
#include "events/event_hub.hpp"
#include "http/handlers/conversation_handlers.hpp"
#include "http/handlers/conversation_views.hpp"
#include "i18n/catalog.hpp"
#include "notifications/module.hpp"

namespace plaza::comments {
namespace {

// Events on post:<id> for the pages open on the post, and cache drops: a comment written,
// deleted or pinned changes what the post's page shows (its entries are dropped); a like only
// changes a count, which pages keep current from post.counts (no drop: docs/page-cache.md).
void Publish(ModuleContext& context, const Change& change) {
  const std::string topic = "post:" + std::to_string(change.post_id);
  const Catalogs& catalogs = context.catalogs;
  switch (change.kind) {
    case Change::Kind::kCommentCreated:
    case Change::Kind::kCommentDeleted: {
      if (context.drop_cached_post) context.drop_cached_post(change.post_id);
      const bool created = change.kind == Change::Kind::kCommentCreated;
      context.events.Publish(topic, created ? "comment.created" : "comment.deleted",
                             [&catalogs, change](const std::string& locale) {
                               return http::CommentEventJson(*change.comment, change.count,
                                                             catalogs.For(locale));
                             });
      context.events.Publish(topic, "post.counts", [&catalogs, change](const std::string& locale) {
        return http::PostCountsEventJson(change.post_id, "comments", change.count,
                                         catalogs.For(locale));
      });
      return;
    }
    case Change::Kind::kCommentPinned:
      if (context.drop_cached_post) context.drop_cached_post(change.post_id);
      return;
    case Change::Kind::kPostLikes:
      context.events.Publish(topic, "post.counts", [&catalogs, change](const std::string& locale) {
        return http::PostCountsEventJson(change.post_id, "likes", change.count,
                                         catalogs.For(locale));
      });
      return;
    case Change::Kind::kCommentLikes:
      context.events.Publish(
          topic, "comment.likes", [&catalogs, change](const std::string& locale) {
            return http::CommentLikesEventJson(change.post_id, change.comment->id, change.count,
                                               catalogs.For(locale));
          });
      return;
  }
}

// The module's services and throttles, alive as long as the routes that use them.
struct Services {
  Services(ModuleContext& context, const CommentsOptions& options)
      : comments_per_user(context.clock, options.comments_per_user),
        likes_per_user(context.clock, options.likes_per_user),
        writes_per_address(context.clock, options.writes_per_address) {}
  InMemoryRateLimiter comments_per_user;
  InMemoryRateLimiter likes_per_user;
  InMemoryRateLimiter writes_per_address;
  std::unique_ptr<notifications::Notifications> notifications;
  std::unique_ptr<Comments> comments;
};

}  // namespace

void Register(ModuleRegistry& registry, const CommentsOptions& options) {
  // The registry keeps this adder (and so the services) as long as the server it fills runs.
  auto kept = std::make_shared<std::vector<std::unique_ptr<Services>>>();
  registry.AddRoutes([kept, options](http::Router& router, ModuleContext& context) {
    if (context.http == nullptr) return;  // no HTTP server (a command)
    auto services = std::make_unique<Services>(context, options);
    services->notifications = notifications::ForModule(context);
    services->comments =
        std::make_unique<Comments>(context.store, context.clock, *services->notifications,
                                   Throttles{services->comments_per_user, services->likes_per_user,
                                             services->writes_per_address},
                                   [&context](const Change& change) { Publish(context, change); });
    http::AddConversationRoutes(router, *context.http,
                                {*services->comments, *services->notifications});
    kept->push_back(std::move(services));
  });
}

}  // namespace plaza::comments
