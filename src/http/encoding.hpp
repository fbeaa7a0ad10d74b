#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace plaza::http {

enum class PlusAs { kPlus, kSpace };

/// Percent-decodes `in` ("%41" -> "A"); with PlusAs::kSpace '+' decodes to ' ' (form and query
/// encoding). nullopt when a '%' is not followed by two hex digits. The result may be any bytes:
/// callers check UTF-8 where they need text.
std::optional<std::string> PercentDecode(std::string_view in, PlusAs plus);

/// Decodes into `out` (replacing its contents, reusing its capacity). False when malformed.
bool PercentDecodeInto(std::string_view in, PlusAs plus, std::string& out);

/// ASCII case-insensitive equality.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace plaza::http
