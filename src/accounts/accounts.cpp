#include "accounts/accounts.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "accounts/password_rules.hpp"
#include "accounts/validation.hpp"
#include "core/ascii.hpp"
#include "text/text.hpp"

namespace plaza {

using accounts_detail::ValidateDisplayName;
using accounts_detail::ValidatePassword;

namespace {

constexpr std::size_t kMinHandle = 3;
constexpr std::size_t kMaxHandle = 30;
constexpr std::size_t kTokenBytes = 32;
// A token longer than this was not made by NewSecretToken (43 characters); not worth hashing.
constexpr std::size_t kMaxTokenLength = 128;
// Client addresses are IPs; a longer string is cut so throttle keys stay small.
constexpr std::size_t kMaxAddressKey = 64;

constexpr char kBadCredentials[] = "invalid handle or password";
// A session's last use is written at most this often: a busy session costs one write a minute,
// and its idle timeout is measured from a record up to this old.
constexpr Timestamp kLastSeenInterval = 60 * kMicrosPerSecond;

void EnsureSodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) {
      // No CSPRNG means no tokens and no salts: nothing safe is left to do.
      std::fputs("plaza: libsodium failed to initialize\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)ready;
}

// Trimmed and lower-cased (ASCII only: handles are ASCII).
std::string NormalizeHandle(std::string_view handle) {
  return AsciiLowered(TrimAsciiSpace(handle));
}

bool IsValidHandle(std::string_view handle) {
  if (handle.size() < kMinHandle || handle.size() > kMaxHandle) return false;
  return std::all_of(handle.begin(), handle.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string AddressKey(std::string_view prefix, std::string_view address) {
  std::string key(prefix);
  key += address.substr(0, kMaxAddressKey);
  return key;
}

// Users handed out of this service never carry their password hash: nothing above it needs one,
// and a hash that is not there cannot end up in a page or a log.
User WithoutSecrets(User user) {
  user.password_hash.clear();
  return user;
}

// Holds one of the hash slots for its lifetime.
class HashSlot {
 public:
  explicit HashSlot(std::counting_semaphore<64>& slots) : slots_(slots) { slots_.acquire(); }
  ~HashSlot() { slots_.release(); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;

 private:
  std::counting_semaphore<64>& slots_;
};

}  // namespace

Accounts::Accounts(Store& store, const Clock& clock, AccountThrottles throttles,
                   AccountsOptions options)
    : store_(store),
      clock_(clock),
      throttles_(throttles),
      options_(options),
      hash_slots_(std::clamp(options.max_concurrent_hashes, 1, 64)) {
  EnsureSodium();
  auto dummy = HashPassword(NewSecretToken());
  if (!dummy) {
    // The parameters themselves are refused (or memory is exhausted): no password could be
    // hashed either.
    std::fprintf(stderr, "plaza: cannot hash passwords: %s\n", dummy.error().message.c_str());
    std::abort();
  }
  dummy_hash_ = std::move(*dummy);
  crypto_auth_keygen(form_key_.data());
}

std::string Accounts::FormToken(std::string_view pre_session) const {
  if (!IsSecretTokenShaped(pre_session)) return {};
  static_assert(crypto_auth_KEYBYTES == 32);
  std::array<unsigned char, crypto_auth_BYTES> mac;
  crypto_auth(mac.data(), reinterpret_cast<const unsigned char*>(pre_session.data()),
              pre_session.size(), form_key_.data());
  constexpr std::size_t kEncoded =
      sodium_base64_ENCODED_LEN(crypto_auth_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::array<char, kEncoded> encoded{};
  sodium_bin2base64(encoded.data(), encoded.size(), mac.data(), mac.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(encoded.data());
}

bool Accounts::FormTokenValid(std::string_view pre_session, std::string_view token) const {
  const std::string expected = FormToken(pre_session);
  return !expected.empty() && SecretsEqual(expected, token);
}

Result<std::string> Accounts::HashPassword(std::string_view password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  HashSlot slot(hash_slots_);
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), options_.argon_opslimit,
                            static_cast<size_t>(options_.argon_memlimit),
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(Errc::kInternal, "password hashing failed");
  }
  return std::string(out.data());
}

bool Accounts::VerifyPassword(const std::string& hash, std::string_view password) {
  HashSlot slot(hash_slots_);
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Result<AuthResult> Accounts::OpenSession(User user, SessionKind kind, std::string_view address,
                                         std::string_view user_agent) {
  const Timestamp now = clock_.Now();
  SessionRecord session;
  std::string token = NewSecretToken();
  session.token_hash = HashToken(token);
  // The public id is random too: it is shown in pages and taken by the API, so it must neither
  // be the token's hash nor be derived from it.
  session.id = NewSecretToken().substr(0, 22);
  session.user_id = user.id;
  session.csrf = NewSecretToken();
  session.kind = kind;
  session.created_at = now;
  session.last_seen_at = now;
  const Timestamp lifetime = options_.sessions.AbsoluteTimeout(kind);
  session.expires_at = now + lifetime;
  session.device = DeviceSummary(user_agent);
  session.address = std::string(address.substr(0, kMaxAddressKey));
  if (!text::IsValidUtf8(session.address)) session.address.clear();
  if (auto ok = store_.sessions().Create(session); !ok) return std::unexpected(ok.error());
  return AuthResult{WithoutSecrets(std::move(user)), std::move(token), std::move(session.csrf),
                    lifetime / kMicrosPerSecond};
}

Timestamp Accounts::ExpiryOf(const SessionRecord& session) const {
  // The absolute timeout is applied from the configuration as well as from the stored expiry,
  // so shortening it in the config also shortens sessions issued before.
  Timestamp expiry = std::min(session.expires_at,
                              session.created_at + options_.sessions.AbsoluteTimeout(session.kind));
  if (const Timestamp idle = options_.sessions.IdleTimeout(session.kind); idle > 0) {
    expiry = std::min(expiry, session.last_seen_at + idle);
  }
  return expiry;
}

Result<std::int64_t> Accounts::PurgeExpiredSessions() {
  const Timestamp now = clock_.Now();
  const SessionOptions& limits = options_.sessions;
  // The cutoffs are ExpiryOf turned around: a credential ended when created + absolute <= now
  // or last seen + idle <= now.
  const auto seen_before = [&](SessionKind kind) {
    const Timestamp idle = limits.IdleTimeout(kind);
    return idle > 0 ? now - idle : SessionCutoffs::kNever;
  };
  return store_.sessions().DeleteExpired(SessionCutoffs{
      .now = now,
      .browser_created_before = now - limits.AbsoluteTimeout(SessionKind::kBrowser),
      .browser_seen_before = seen_before(SessionKind::kBrowser),
      .api_token_created_before = now - limits.AbsoluteTimeout(SessionKind::kApiToken),
      .api_token_seen_before = seen_before(SessionKind::kApiToken),
  });
}

Result<AuthResult> Accounts::Register(const RegisterInput& input, SessionKind kind,
                                      std::string_view user_agent) {
  if (!text::IsValidUtf8(input.handle)) {
    return Fail(Errc::kInvalidArgument, "handle is not valid UTF-8", "handle");
  }
  const std::string handle = NormalizeHandle(input.handle);
  if (!IsValidHandle(handle)) {
    return Fail(Errc::kInvalidArgument,
                "handle must be 3 to 30 characters: letters a-z, digits and underscores", "handle");
  }
  auto display_name = ValidateDisplayName(input.display_name);
  if (!display_name) return std::unexpected(display_name.error());
  if (auto ok = ValidatePassword(input.password); !ok) return std::unexpected(ok.error());
  // Passwords are hashed in NFC, so the same characters typed on any keyboard log in.
  auto password = text::ToNfc(input.password);
  if (!password) return std::unexpected(password.error());
  if (auto ok = CheckPasswordStrength(*password); !ok) return std::unexpected(ok.error());
  if (auto ok = throttles_.register_per_address.Hit(AddressKey("register:", input.address)); !ok) {
    return std::unexpected(ok.error());
  }
  // Handles are public (/u/{handle}), so saying one is taken reveals nothing, and checking
  // first saves a hash. The store still refuses a duplicate that races past this check.
  auto existing = store_.users().FindByHandle(handle);
  if (existing) return Fail(Errc::kConflict, "handle is taken", "handle");
  if (existing.error().code != Errc::kNotFound) return std::unexpected(existing.error());

  auto hash = HashPassword(*password);
  if (!hash) return std::unexpected(hash.error());
  auto user = store_.users().Create(
      NewUser{handle, std::move(*display_name), std::move(*hash), Role::kMember, clock_.Now()});
  if (!user) {
    Error error = user.error();
    if (error.code == Errc::kConflict) error.field = "handle";
    return std::unexpected(std::move(error));
  }
  return OpenSession(std::move(*user), kind, input.address, user_agent);
}

Result<AuthResult> Accounts::Login(const LoginInput& input, SessionKind kind,
                                   std::string_view user_agent) {
  if (auto ok = throttles_.login_per_address.Hit(AddressKey("login-ip:", input.address)); !ok) {
    return std::unexpected(ok.error());
  }
  const std::string handle = NormalizeHandle(input.handle);
  const bool plausible_handle = text::IsValidUtf8(input.handle) && IsValidHandle(handle);
  // Only well-formed handles get a counter: a stranger's arbitrary string never becomes a key.
  // The count is per account and address, so failures from elsewhere never keep the owner out.
  const std::string address = input.address.substr(0, kMaxAddressKey);
  if (plausible_handle) {
    if (auto ok = throttles_.login_backoff.Check(handle, address); !ok) {
      return std::unexpected(ok.error());
    }
  }
  auto refuse = [&] {
    if (plausible_handle) throttles_.login_backoff.Failed(handle, address);
    return Fail(Errc::kUnauthenticated, kBadCredentials);
  };
  if (!ValidatePassword(input.password)) {
    // Cannot match any stored password. Answering at once reveals nothing about the handle.
    return refuse();
  }
  auto password = text::ToNfc(input.password);
  if (!password) return refuse();

  std::optional<User> user;
  if (plausible_handle) {
    auto found = store_.users().FindByHandle(handle);
    if (found) {
      user = std::move(*found);
    } else if (found.error().code != Errc::kNotFound) {
      return std::unexpected(found.error());
    }
  }
  if (!user) {
    // Spend the same work as a real check so the answer's timing does not tell whether the
    // handle exists.
    VerifyPassword(dummy_hash_, *password);
    return refuse();
  }
  // Hashes made before passwords were normalized hold the bytes as typed: a password that was
  // not NFC is checked as typed too (one more hash, only for such input).
  if (!VerifyPassword(user->password_hash, *password) &&
      (*password == input.password || !VerifyPassword(user->password_hash, input.password))) {
    return refuse();
  }
  throttles_.login_backoff.Succeeded(handle, address);
  return OpenSession(std::move(*user), kind, input.address, user_agent);
}

Status Accounts::Logout(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenLength) return {};
  return store_.sessions().Delete(HashToken(token));
}

Result<Viewer> Accounts::Authenticate(std::string_view token, SessionKind kind) {
  if (token.empty() || token.size() > kMaxTokenLength) {
    return Fail(Errc::kUnauthenticated, "not signed in");
  }
  const std::string token_hash = HashToken(token);
  auto session = store_.sessions().Find(token_hash);
  if (!session) {
    if (session.error().code == Errc::kNotFound) {
      return Fail(Errc::kUnauthenticated, "not signed in");
    }
    return std::unexpected(session.error());
  }
  // One kind per credential: a browser cookie replayed as a bearer token (or an API token set
  // as the cookie) is refused as if it did not exist, and stays valid for its own kind.
  if (session->kind != kind) return Fail(Errc::kUnauthenticated, "not signed in");
  const Timestamp now = clock_.Now();
  if (now >= ExpiryOf(*session)) {
    // Best effort: an expired session is refused whether or not the delete succeeds.
    [[maybe_unused]] const Status deleted = store_.sessions().Delete(token_hash);
    return Fail(Errc::kUnauthenticated, "session expired");
  }
  auto user = store_.users().FindById(session->user_id);
  if (!user) {
    if (user.error().code == Errc::kNotFound) {
      [[maybe_unused]] const Status deleted = store_.sessions().Delete(token_hash);
      return Fail(Errc::kUnauthenticated, "not signed in");
    }
    return std::unexpected(user.error());
  }
  if (now - session->last_seen_at >= kLastSeenInterval) {
    // Best effort: a failed record costs at most an earlier idle expiry, never the request.
    [[maybe_unused]] const Status touched = store_.sessions().Touch(token_hash, now);
  }
  return Viewer{WithoutSecrets(std::move(*user)), std::move(session->csrf), session->kind,
                std::move(session->id), token_hash};
}

Result<User> Accounts::FindByHandle(std::string_view handle) {
  const std::string normalized = NormalizeHandle(handle);
  if (!IsValidHandle(normalized)) return Fail(Errc::kNotFound, "no such user");
  auto user = store_.users().FindByHandle(normalized);
  if (!user) return std::unexpected(user.error());
  return WithoutSecrets(std::move(*user));
}

Result<User> Accounts::FindById(std::int64_t id) {
  auto user = store_.users().FindById(id);
  if (!user) return std::unexpected(user.error());
  return WithoutSecrets(std::move(*user));
}

std::string NewSecretToken() {
  EnsureSodium();
  std::array<unsigned char, kTokenBytes> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  constexpr std::size_t kEncoded =
      sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::array<char, kEncoded> encoded{};
  sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(encoded.data());
}

bool IsSecretTokenShaped(std::string_view token) {
  constexpr std::size_t kEncodedLength = (kTokenBytes * 4 + 2) / 3;  // 43
  return token.size() == kEncodedLength && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

std::string HashToken(std::string_view token) {
  EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest;
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data());
}

bool SecretsEqual(std::string_view a, std::string_view b) {
  // The length of a secret is not secret (tokens have a fixed length); its bytes are. An empty
  // string is no secret: it never matches, not even another empty one (a missing CSRF field
  // against a session without one).
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace plaza
