#include "i18n/locales.hpp"

#include <cctype>
#include <string>
#include <vector>

namespace plaza {

const std::array<LocaleInfo, 13>& Locales() {
  // Names exactly as the reference page's switcher shows them (Arabic reads "بالعربية" there).
  static constexpr std::array<LocaleInfo, 13> kLocales = {{
      {"zh-CN", "简体中文", "zh-Hans", false},
      {"en", "English", "en", false},
      {"vi", "Tiếng Việt", "vi", false},
      {"zh-TW", "繁體中文", "zh-Hant", false},
      {"es", "Español", "es", false},
      {"ru", "Русский", "ru", false},
      {"fr", "Français (Afrique)", "fr", false},
      {"pt-PT", "Português (Portugal)", "pt", false},
      {"id", "Bahasa Indonesia", "id", false},
      {"ja", "日本語", "ja", false},
      {"ar", "بالعربية", "ar", true},
      {"uk", "Українська", "uk", false},
      {"pt-BR", "Português (Brasil)", "pt", false},
  }};
  return kLocales;
}

const LocaleInfo* FindLocale(std::string_view tag) {
  for (const auto& l : Locales()) {
    if (l.tag == tag) return &l;
  }
  return nullptr;
}

const std::array<ContentLanguage, 12>& ContentLanguages() {
  static constexpr std::array<ContentLanguage, 12> kLanguages = {{
      {"zh-Hans", "简体中文"},
      {"en", "English"},
      {"vi", "Tiếng Việt"},
      {"zh-Hant", "繁體中文"},
      {"es", "Español"},
      {"ru", "Русский"},
      {"fr", "Français"},
      {"pt", "Português"},
      {"id", "Bahasa Indonesia"},
      {"ja", "日本語"},
      {"ar", "العربية"},
      {"uk", "Українська"},
  }};
  return kLanguages;
}

const ContentLanguage* FindContentLanguage(std::string_view code) {
  for (const auto& l : ContentLanguages()) {
    if (l.code == code) return &l;
  }
  return nullptr;
}

namespace {

// A stranger controls the header: look at a bounded prefix and a bounded number of ranges.
constexpr std::size_t kMaxHeaderBytes = 4096;
constexpr std::size_t kMaxRanges = 32;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "q=0.8" → 800; -1 when malformed. RFC 9110: at most three decimals, 0 ≤ q ≤ 1.
int ParseQuality(std::string_view v) {
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return -1;
  int q = (v[0] - '0') * 1000;
  v.remove_prefix(1);
  if (v.empty()) return q;
  if (v[0] != '.' || v.size() > 4) return -1;
  v.remove_prefix(1);
  int scale = 100;
  for (char c : v) {
    if (c < '0' || c > '9') return -1;
    q += (c - '0') * scale;
    scale /= 10;
  }
  return q > 1000 ? -1 : q;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// The UI locale a language range (lower-cased) maps to, or "" when none.
std::string_view MapRange(std::string_view range) {
  for (const auto& l : Locales()) {
    if (Lower(l.tag) == range) return l.tag;
  }
  std::string_view primary = range.substr(0, range.find('-'));
  if (primary == "zh") {
    // Traditional script, or a region that writes it, reads zh-TW; any other Chinese reads zh-CN.
    if (StartsWith(range, "zh-hant") || range == "zh-tw" || range == "zh-hk" || range == "zh-mo" ||
        StartsWith(range, "zh-tw-") || StartsWith(range, "zh-hk-") || StartsWith(range, "zh-mo-")) {
      return "zh-TW";
    }
    return "zh-CN";
  }
  if (primary == "pt") return StartsWith(range, "pt-pt") ? "pt-PT" : "pt-BR";
  for (const auto& l : Locales()) {
    if (l.tag == primary) return l.tag;
  }
  return {};
}

}  // namespace

std::string_view NegotiateLocale(std::string_view accept_language) {
  accept_language = accept_language.substr(0, kMaxHeaderBytes);
  struct Candidate {
    std::string_view locale;
    int quality;
  };
  std::vector<Candidate> candidates;
  std::size_t ranges = 0;
  while (!accept_language.empty() && ranges < kMaxRanges) {
    std::size_t comma = accept_language.find(',');
    std::string_view item = accept_language.substr(0, comma);
    accept_language =
        comma == std::string_view::npos ? std::string_view{} : accept_language.substr(comma + 1);
    item = Trim(item);
    if (item.empty()) continue;
    ++ranges;
    std::string_view range = Trim(item.substr(0, item.find(';')));
    int quality = 1000;
    std::size_t semi = item.find(';');
    while (semi != std::string_view::npos) {
      std::string_view rest = item.substr(semi + 1);
      std::size_t next = rest.find(';');
      std::string_view param = Trim(rest.substr(0, next));
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        quality = ParseQuality(param.substr(2));
      }
      semi = next == std::string_view::npos ? next : semi + 1 + next;
    }
    if (quality <= 0 || range.empty() || range.size() > 35 || range == "*") continue;
    std::string_view locale = MapRange(Lower(range));
    if (!locale.empty()) candidates.push_back({locale, quality});
  }
  // Highest quality wins; among equals, the earlier range in the header.
  std::string_view best = "en";
  int best_quality = 0;
  for (const Candidate& c : candidates) {
    if (c.quality > best_quality) {
      best = c.locale;
      best_quality = c.quality;
    }
  }
  return best;
}

}  // namespace plaza
