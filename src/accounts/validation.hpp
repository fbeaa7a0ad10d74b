#pragma once

// The rules account fields follow, shared by registration and the settings (accounts.cpp,
// account_settings.cpp). Internal to src/accounts.

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace plaza::accounts_detail {

/// True when `s` holds a control character (C0, DEL, C1), a line or paragraph separator, or a
/// bidirectional embedding, override or isolate.
bool HasForbiddenNameChar(std::string_view s);
/// Display names: 1–50 graphemes and at most 400 bytes (text::kDisplayNameLimit), at most 30
/// combining marks per character, no controls, a visible character. Returns the trimmed name;
/// errors carry field "display_name".
Result<std::string> ValidateDisplayName(std::string_view name);
/// Bios: text::kBioLimit, line breaks allowed, no other controls. Returns the trimmed bio;
/// errors carry field "bio".
Result<std::string> ValidateBio(std::string_view bio);
/// The password rules that also bound the work of hashing: valid UTF-8, 12..128 code points.
/// Errors carry field "password".
Status ValidatePassword(std::string_view password);

}  // namespace plaza::accounts_detail
