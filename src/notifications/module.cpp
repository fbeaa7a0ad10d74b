#include "notifications/module.hpp"

#include "events/event_hub.hpp"
#include "http/handlers/conversation_views.hpp"
#include "i18n/catalog.hpp"

namespace plaza::notifications {

std::unique_ptr<Notifications> ForModule(ModuleContext& context) {
  return std::make_unique<Notifications>(
      context.store, context.clock, [&context](const Change& change) {
        const char* type = change.created ? "notification.created" : "notification.read";
        context.events.Publish("user:" + change.handle, type,
                               [&catalogs = context.catalogs, change](const std::string& locale) {
                                 return http::NotificationEventJson(change.unread, change.created,
                                                                    catalogs.For(locale));
                               });
      });
}

}  // namespace plaza::notifications
