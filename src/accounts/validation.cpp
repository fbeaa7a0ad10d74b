#include "accounts/validation.hpp"

#include "core/ascii.hpp"
#include "text/text.hpp"

namespace plaza::accounts_detail {

namespace {
constexpr std::size_t kMinPasswordCodePoints = 12;
constexpr std::size_t kMaxPasswordCodePoints = 128;
}  // namespace

// Characters a name must not carry: controls (C0, DEL, C1), line and paragraph separators, and
// the bidirectional embeddings, overrides and isolates that can make a name display as another.
bool HasForbiddenNameChar(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = text::NextCodePoint(s, i);
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
        (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      return true;
    }
  }
  return false;
}

// Display names: 1–50 graphemes and at most 400 bytes (text::kDisplayNameLimit), at most 30
// combining marks per character, no controls, and something visible (a name of only U+200B or
// U+3164 would show as nothing).
Result<std::string> ValidateDisplayName(std::string_view name) {
  if (!text::IsValidUtf8(name)) {
    return Fail(Errc::kInvalidArgument, "display name is not valid UTF-8", "display_name");
  }
  const std::string_view trimmed = TrimAsciiSpace(name);
  if (trimmed.empty()) {
    return Fail(Errc::kInvalidArgument, "display name is required", "display_name");
  }
  if (auto ok =
          text::CheckTextLimit(trimmed, text::kDisplayNameLimit, "display_name", "display name");
      !ok) {
    return std::unexpected(ok.error());
  }
  if (HasForbiddenNameChar(trimmed)) {
    return Fail(Errc::kInvalidArgument, "display name contains control characters", "display_name");
  }
  if (!text::HasVisibleChar(trimmed)) {
    return Fail(Errc::kInvalidArgument, "display name must contain a visible character",
                "display_name");
  }
  return std::string(trimmed);
}

// The password rules that also bound the work of hashing: valid UTF-8, 12..128 code points.
Status ValidatePassword(std::string_view password) {
  if (!text::IsValidUtf8(password)) {
    return Fail(Errc::kInvalidArgument, "password is not valid UTF-8", "password");
  }
  // More than 4 bytes per allowed character is too long whatever it holds.
  const std::size_t count = password.size() > 4 * kMaxPasswordCodePoints
                                ? kMaxPasswordCodePoints + 1
                                : text::CountCodePoints(password);
  if (count < kMinPasswordCodePoints) {
    return Fail(Errc::kInvalidArgument, "password must be at least 12 characters", "password");
  }
  if (count > kMaxPasswordCodePoints) {
    return Fail(Errc::kInvalidArgument, "password must be at most 128 characters", "password");
  }
  return {};
}

// Bios: at most kBioLimit (160 graphemes, 1,280 bytes, 30 combining marks per character); line
// breaks are kept, other controls and the bidi overrides refused as in names. Empty is allowed.
Result<std::string> ValidateBio(std::string_view bio) {
  if (!text::IsValidUtf8(bio)) return Fail(Errc::kInvalidArgument, "bio is not valid UTF-8", "bio");
  const std::string_view trimmed = TrimAsciiSpace(bio);
  if (auto ok = text::CheckTextLimit(trimmed, text::kBioLimit, "bio", "bio"); !ok) {
    return std::unexpected(ok.error());
  }
  std::string without_breaks;
  without_breaks.reserve(trimmed.size());
  for (char c : trimmed) {
    if (c != '\n' && c != '\r') without_breaks += c;
  }
  if (HasForbiddenNameChar(without_breaks)) {
    return Fail(Errc::kInvalidArgument, "bio contains control characters", "bio");
  }
  return std::string(trimmed);
}

}  // namespace plaza::accounts_detail
