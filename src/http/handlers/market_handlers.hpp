#pragma once

// The markets module's routes (src/markets/module.cpp registers them): GET
// /api/v1/tickers/{SYMBOL}. Answered on the I/O thread from the ticker service's memory.

#include <memory>

#include "modules/registry.hpp"

namespace plaza::markets {
struct MarketsState;
}

namespace plaza::http {

class Router;

void AddMarketRoutes(Router& router, ModuleContext& context,
                     std::shared_ptr<markets::MarketsState> state);

}  // namespace plaza::http
