#include "translation/text_hash.hpp"

#include <sodium.h>

#include <string>
#include <unordered_map>

namespace plaza::translation {

namespace {

std::string Sha256Hex(std::string_view text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof digest);
  for (unsigned char byte : digest) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xf]);
  }
  return out;
}

}  // namespace

std::string TextHash(std::string_view text) {
  // A page of comments hashes each comment's text on every read of their translations: short
  // texts keep their hash per thread (bounded; past it, start over). Long ones (post bodies,
  // hashed when a job is queued or stored) are hashed each time.
  constexpr std::size_t kMemoBytes = 4096;
  constexpr std::size_t kMemoEntries = 512;  // at most ~2 MB a thread
  if (text.size() > kMemoBytes) return Sha256Hex(text);
  thread_local std::unordered_map<std::string, std::string> memo;
  std::string key(text);
  if (auto it = memo.find(key); it != memo.end()) return it->second;
  std::string hash = Sha256Hex(text);
  if (memo.size() >= kMemoEntries) memo.clear();
  memo.emplace(std::move(key), hash);
  return hash;
}

}  // namespace plaza::translation
