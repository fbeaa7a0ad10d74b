#pragma once

// The one-time token a comment form carries, so that a double submit stores one comment: a
// random nonce signed with the session's CSRF token. The nonce becomes the comment's
// idempotency key.

#include <optional>
#include <string>
#include <string_view>

namespace plaza::comments {

/// "<32 hex nonce>.<32 hex signature>", signed with `csrf` (the viewer's session token).
std::string MakeFormToken(std::string_view csrf);
/// The idempotency key ("form:<nonce>") of a token signed with `csrf`; nullopt when the token is
/// malformed or signed for another session.
std::optional<std::string> FormTokenKey(std::string_view csrf, std::string_view token);

}  // namespace plaza::comments
