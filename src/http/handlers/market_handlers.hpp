#pragma once

// The markets module's routes (src/markets/module.cpp adds them): GET /api/v1/tickers/{SYMBOL},
// answered on the I/O thread from the ticker service's memory, and the token page /t/{SYMBOL}.
// Adding them also hands the module's chips to the core pages (Deps::chips).

#include <memory>

#include "modules/registry.hpp"

namespace plaza::markets {
struct MarketsState;
}

namespace plaza::http {

class Router;
struct Deps;

void AddMarketRoutes(Router& router, Deps& deps, ModuleContext& context,
                     std::shared_ptr<markets::MarketsState> state);

}  // namespace plaza::http
