#pragma once

#include "http/handlers/deps.hpp"
#include "http/router.hpp"

namespace plaza::http {

/// Every route of Plaza, in one table. `deps` must outlive the router.
void AddRoutes(Router& router, Deps& deps);

}  // namespace plaza::http
