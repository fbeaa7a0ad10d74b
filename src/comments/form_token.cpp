#include "comments/form_token.hpp"

#include <sodium.h>

#include <array>

namespace plaza::comments {
namespace {

constexpr std::size_t kNonceBytes = 16;
constexpr std::size_t kSignatureBytes = 16;

std::string Hex(const unsigned char* data, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

std::string Signature(std::string_view csrf, std::string_view nonce_hex) {
  std::array<unsigned char, kSignatureBytes> mac{};
  // BLAKE2b of the session's CSRF token and the nonce: only that session can make the token.
  std::string input;
  input.append(csrf).append("|").append(nonce_hex);
  crypto_generichash(mac.data(), mac.size(), reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), nullptr, 0);
  return Hex(mac.data(), mac.size());
}

}  // namespace

std::string MakeFormToken(std::string_view csrf) {
  std::array<unsigned char, kNonceBytes> nonce{};
  randombytes_buf(nonce.data(), nonce.size());
  std::string nonce_hex = Hex(nonce.data(), nonce.size());
  return nonce_hex + "." + Signature(csrf, nonce_hex);
}

std::optional<std::string> FormTokenKey(std::string_view csrf, std::string_view token) {
  const std::size_t dot = token.find('.');
  if (csrf.empty() || dot != kNonceBytes * 2 || token.size() != dot + 1 + kSignatureBytes * 2) {
    return std::nullopt;
  }
  const std::string_view nonce = token.substr(0, dot);
  const std::string expected = Signature(csrf, nonce);
  const std::string_view given = token.substr(dot + 1);
  if (sodium_memcmp(expected.data(), given.data(), expected.size()) != 0) return std::nullopt;
  return "form:" + std::string(nonce);
}

}  // namespace plaza::comments
