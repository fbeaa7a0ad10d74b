#pragma once

#include <string>
#include <string_view>

namespace plaza::translation {

/// The key of a source text in the translations table: lowercase hex SHA-256 of its bytes.
std::string TextHash(std::string_view text);

}  // namespace plaza::translation
