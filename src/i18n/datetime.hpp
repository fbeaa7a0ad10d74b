#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace plaza {

/// An absolute date and time in the UI locale's medium date and short time format, in UTC
/// ("Nov 28, 2026, 9:36 PM" in en, "28 nov. 2026, 21:36" in fr). Thread-safe.
std::string FormatDateTimeUtc(std::string_view locale, Timestamp t);

}  // namespace plaza
