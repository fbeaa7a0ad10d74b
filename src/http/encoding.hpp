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

/// Whether an Accept-Encoding header value accepts gzip: a "gzip" (or "x-gzip", or "*") coding
/// whose q-value is not zero (RFC 9110 §12.5.3).
bool AcceptsGzip(std::string_view accept_encoding);

/// The gzip (RFC 1952) form of `data`, compressed at the best level: made once per cached entry
/// or static asset, never per request. "" when zlib fails (the caller then sends identity).
std::string GzipCompress(std::string_view data);

}  // namespace plaza::http
