#pragma once

// The signed-in member's settings: the /settings page and /api/v1/me (settings_handlers.cpp),
// issue 12 finding 6 and issue 8 item 2. docs/accounts.md describes them.

#include "http/handlers/handlers.hpp"

namespace plaza::http {

// Pages.
Awaitable SettingsPage(Request& request, Deps& deps);
Awaitable SettingsProfileSubmit(Request& request, Deps& deps);
Awaitable SettingsPasswordSubmit(Request& request, Deps& deps);
Awaitable SettingsRevokeSubmit(Request& request, Deps& deps);
Awaitable SettingsRevokeOthersSubmit(Request& request, Deps& deps);

// JSON API.
Awaitable ApiGetMe(Request& request, Deps& deps);
Awaitable ApiPatchMe(Request& request, Deps& deps);
Awaitable ApiListSessions(Request& request, Deps& deps);
Awaitable ApiRevokeSession(Request& request, Deps& deps);
Awaitable ApiRevokeOtherSessions(Request& request, Deps& deps);
Awaitable ApiChangePassword(Request& request, Deps& deps);

}  // namespace plaza::http
