#pragma once

#include <functional>

#include "app/config.hpp"

namespace plaza {

/// `plaza serve`: opens the store, loads the demo content when asked, serves until SIGINT or
/// SIGTERM. The first line on stdout is "listening on http://HOST:PORT". Returns the exit code.
int Serve(const Config& config);

}  // namespace plaza
