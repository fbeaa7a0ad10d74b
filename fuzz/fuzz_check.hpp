#pragma once

// What the fuzz targets share: the input as a string_view, and a property check that aborts
// (so libFuzzer saves the input as a crash) with a message naming the broken property.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace plaza::fuzz {

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Aborts with `what` when `holds` is false: a broken property is a finding like a crash.
inline void Require(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property broken: %s\n", what);
  std::abort();
}

/// Splits `input` at its first occurrence of `separator` into `head` and the rest.
inline std::string_view TakeUntil(std::string_view& input, char separator) {
  std::size_t at = input.find(separator);
  std::string_view head = input.substr(0, at);
  input.remove_prefix(at == std::string_view::npos ? input.size() : at + 1);
  return head;
}

}  // namespace plaza::fuzz
