#pragma once

// The notifications service as modules use it: wired to the user's private event topic.

#include <memory>

#include "modules/registry.hpp"
#include "notifications/notifications.hpp"

namespace plaza::notifications {

/// A Notifications service whose changes go out as `notification.created` (carrying `unread`
/// and the notification with its sentence in the subscriber's language) or `notification.read`
/// on `user:<handle>`. Any module may make one from its context (in a route adder or a job
/// kind factory) and call Notify(); instances share nothing but the store and the hub.
std::unique_ptr<Notifications> ForModule(ModuleContext& context);

}  // namespace plaza::notifications
