#include "accounts/password_rules.hpp"

#include <set>
#include <string>

#include "core/ascii.hpp"
#include "text/text.hpp"
#include "web/embedded_files.hpp"

namespace plaza::accounts::detail {
PLAZA_DECLARE_EMBEDDED_FILES();
}  // namespace plaza::accounts::detail

namespace plaza {
namespace {

constexpr std::string_view kCommonList = "passwords/common.txt";

// The list, parsed once: one password a line, '#' starts a comment line.
const std::set<std::string_view, std::less<>>& CommonPasswords() {
  static const auto words = [] {
    const auto* file =
        web::detail::FindEmbeddedFile(PLAZA_EMBEDDED_FILES(plaza::accounts::detail), kCommonList);
    if (file == nullptr) web::detail::FailEmbeddedData("src/accounts/passwords/common.txt");
    std::set<std::string_view, std::less<>> set;
    std::string_view rest = file->body();
    while (!rest.empty()) {
      const std::size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!line.empty() && line.front() != '#') set.insert(line);
    }
    return set;
  }();
  return words;
}

bool IsOneCharacterRepeated(std::string_view password) {
  std::size_t i = 0;
  const char32_t first = text::NextCodePoint(password, i);
  while (i < password.size()) {
    if (text::NextCodePoint(password, i) != first) return false;
  }
  return true;
}

}  // namespace

Status CheckPasswordStrength(std::string_view password) {
  if (password.empty() || IsOneCharacterRepeated(password)) {
    return Fail(Errc::kInvalidArgument, "password must not be one character repeated", "password");
  }
  if (CommonPasswords().contains(AsciiLowered(password))) {
    return Fail(Errc::kInvalidArgument, "password is too common: choose another", "password");
  }
  return {};
}

}  // namespace plaza
