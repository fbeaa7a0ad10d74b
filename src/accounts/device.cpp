// DeviceSummary: what the list of sessions shows of a User-Agent header.

#include <array>
#include <string>
#include <string_view>

#include "accounts/accounts.hpp"

namespace plaza {

namespace {

struct Mark {
  std::string_view needle;
  std::string_view name;
};

// Checked in order: Edge and Opera also say "Chrome", Chrome also says "Safari", Android also
// says "Linux", iOS also says "Mac OS X".
constexpr std::array kBrowsers = {
    Mark{"Edg/", "Edge"},      Mark{"OPR/", "Opera"},     Mark{"Firefox/", "Firefox"},
    Mark{"FxiOS/", "Firefox"}, Mark{"CriOS/", "Chrome"},  Mark{"Chromium/", "Chromium"},
    Mark{"Chrome/", "Chrome"}, Mark{"Safari/", "Safari"},
};
constexpr std::array kSystems = {
    Mark{"Windows", "Windows"}, Mark{"Android", "Android"}, Mark{"iPhone", "iOS"},
    Mark{"iPad", "iPadOS"},     Mark{"CrOS", "ChromeOS"},   Mark{"Mac OS X", "macOS"},
    Mark{"Linux", "Linux"},
};
constexpr std::size_t kMaxProductName = 32;

std::string_view Find(std::string_view user_agent, const auto& marks) {
  for (const Mark& mark : marks) {
    if (user_agent.find(mark.needle) != std::string_view::npos) return mark.name;
  }
  return {};
}

// The first product token ("curl" of "curl/8.5.0"), when it is plain ASCII.
std::string ProductName(std::string_view user_agent) {
  std::string name;
  for (char c : user_agent) {
    if (c == '/' || c == ' ') break;
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.';
    if (!plain || name.size() == kMaxProductName) return {};
    name += c;
  }
  return name;
}

}  // namespace

std::string DeviceSummary(std::string_view user_agent) {
  const std::string_view browser = Find(user_agent, kBrowsers);
  const std::string_view system = Find(user_agent, kSystems);
  std::string summary = browser.empty() ? ProductName(user_agent) : std::string(browser);
  if (!system.empty()) {
    if (summary.empty() || summary == "Mozilla") return std::string(system);
    summary.append(" on ").append(system);
  }
  return summary;
}

}  // namespace plaza
