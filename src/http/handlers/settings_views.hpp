#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "accounts/accounts.hpp"

namespace plaza::http {

/// {"items": [{id, kind, created_at, last_seen_at, expires_at, device, address, current}]}: the
/// public ids only, never a token or its hash.
std::string SessionListJson(const std::vector<SessionInfo>& sessions);
/// {"revoked": n}
std::string RevokedJson(std::int64_t revoked);

}  // namespace plaza::http
