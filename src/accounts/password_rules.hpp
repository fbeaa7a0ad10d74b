#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace plaza {

/// Refuses a new password (already NFC) that is one character repeated or is on the embedded
/// list of common passwords (src/accounts/passwords/common.txt, compared lower-cased):
/// kInvalidArgument naming "password". Log-in never applies these rules, so an old password that
/// breaks them still opens its account.
Status CheckPasswordStrength(std::string_view password);

}  // namespace plaza
