#include "i18n/locales.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/ascii.hpp"
#include "web/embedded_files.hpp"

namespace plaza::languages::detail {
PLAZA_DECLARE_EMBEDDED_FILES();
}  // namespace plaza::languages::detail

namespace plaza {

namespace {

constexpr std::string_view kTablePath = "data/languages.toml";

// Reads one [[language]] or [[locale]] row, keeping its strings in the table's arena.
class RowReader {
 public:
  // `id_key` ("code", "tag") names the row in every error.
  RowReader(const toml::table& row, std::string_view source, std::string_view kind,
            std::string_view id_key, LanguageTable& table)
      : row_(row),
        source_(source),
        kind_(kind),
        id_(row[id_key].value_or(std::string_view{})),
        table_(table) {}

  // "languages.toml:12: [[language]] "fr": message"
  std::unexpected<Error> Fault(const toml::node& at, std::string_view message) const {
    std::string where = std::string(source_) + ":" + std::to_string(at.source().begin.line) +
                        ": [[" + std::string(kind_) + "]]";
    if (!id_.empty()) where += " \"" + std::string(id_) + "\"";
    return Fail(Errc::kInvalidArgument, where + ": " + std::string(message));
  }

  // Every key must be one of `known`: a misspelt column is an error, not a silent default.
  Status OnlyKeys(std::initializer_list<std::string_view> known) const {
    for (const auto& [key, value] : row_) {
      if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
        return Fault(value, "unknown key \"" + std::string(key.str()) + "\"");
      }
    }
    return {};
  }

  Result<std::string_view> String(std::string_view key, bool required = true) {
    const toml::node* node = row_.get(key);
    if (node == nullptr) {
      if (!required) return std::string_view{};
      return Fault(row_, "missing key \"" + std::string(key) + "\"");
    }
    const auto* value = node->as_string();
    if (value == nullptr || value->get().empty()) {
      return Fault(*node, "\"" + std::string(key) + "\" must be a non-empty string");
    }
    return Keep(value->get());
  }

  Result<std::vector<std::string_view>> Strings(std::string_view key) {
    std::vector<std::string_view> out;
    const toml::node* node = row_.get(key);
    if (node == nullptr) return out;
    const auto* array = node->as_array();
    if (array == nullptr) {
      return Fault(*node, "\"" + std::string(key) + "\" must be an array of strings");
    }
    for (const toml::node& item : *array) {
      const auto* value = item.as_string();
      if (value == nullptr || value->get().empty()) {
        return Fault(item, "\"" + std::string(key) + "\" must be an array of non-empty strings");
      }
      out.push_back(Keep(value->get()));
    }
    return out;
  }

  const toml::table& row() const { return row_; }

 private:
  std::string_view Keep(const std::string& s) { return table_.strings->emplace_back(s); }

  const toml::table& row_;
  std::string_view source_;
  std::string_view kind_;
  std::string_view id_;
  LanguageTable& table_;
};

// The rows of a top-level array of tables ("[[language]]"); absent means none.
Result<std::vector<const toml::table*>> Rows(const toml::table& doc, std::string_view key,
                                             std::string_view source) {
  std::vector<const toml::table*> rows;
  const toml::node* node = doc.get(key);
  if (node == nullptr) return rows;
  const auto* array = node->as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    return Fail(Errc::kInvalidArgument,
                std::string(source) + ":" + std::to_string(node->source().begin.line) + ": \"" +
                    std::string(key) + "\" must be written [[" + std::string(key) + "]]");
  }
  for (const toml::node& row : *array) rows.push_back(row.as_table());
  return rows;
}

Status ParseLanguage(RowReader& r, LanguageTable& table) {
  if (auto ok = r.OnlyKeys(
          {"code", "name", "english_name", "script", "dir", "cld2", "same_as", "stopwords"});
      !ok) {
    return ok;
  }
  ContentLanguage l;
  auto code = r.String("code");
  if (!code) return std::unexpected(code.error());
  l.code = *code;
  for (const ContentLanguage& other : table.languages) {
    if (other.code == l.code) return r.Fault(r.row(), "duplicate code");
  }
  for (auto [key, field] : {std::pair{"name", &l.name}, std::pair{"english_name", &l.english_name},
                            std::pair{"script", &l.script}}) {
    auto value = r.String(key);
    if (!value) return std::unexpected(value.error());
    *field = *value;
  }
  auto dir = r.String("dir");
  if (!dir) return std::unexpected(dir.error());
  if (*dir != "ltr" && *dir != "rtl") {
    return r.Fault(*r.row().get("dir"), "\"dir\" must be \"ltr\" or \"rtl\"");
  }
  l.rtl = *dir == "rtl";
  auto cld2 = r.Strings("cld2");
  if (!cld2) return std::unexpected(cld2.error());
  l.cld2 = std::move(*cld2);
  for (std::string_view c : l.cld2) {
    for (const ContentLanguage& other : table.languages) {
      if (std::find(other.cld2.begin(), other.cld2.end(), c) != other.cld2.end()) {
        return r.Fault(*r.row().get("cld2"), "CLD2 code \"" + std::string(c) + "\" is already \"" +
                                                 std::string(other.code) + "\"");
      }
    }
  }
  auto same_as = r.Strings("same_as");
  if (!same_as) return std::unexpected(same_as.error());
  l.same_as = std::move(*same_as);
  auto stopwords = r.String("stopwords", /*required=*/false);
  if (!stopwords) return std::unexpected(stopwords.error());
  l.stopwords = *stopwords;
  table.languages.push_back(std::move(l));
  return {};
}

Status ParseLocale(RowReader& r, LanguageTable& table) {
  if (auto ok = r.OnlyKeys({"tag", "name", "language"}); !ok) return ok;
  LocaleInfo l;
  auto tag = r.String("tag");
  if (!tag) return std::unexpected(tag.error());
  l.tag = *tag;
  for (const LocaleInfo& other : table.locales) {
    if (other.tag == l.tag) return r.Fault(r.row(), "duplicate tag");
  }
  auto name = r.String("name");
  if (!name) return std::unexpected(name.error());
  l.name = *name;
  auto language = r.String("language");
  if (!language) return std::unexpected(language.error());
  const auto it = std::find_if(table.languages.begin(), table.languages.end(),
                               [&](const ContentLanguage& c) { return c.code == *language; });
  if (it == table.languages.end()) {
    return r.Fault(*r.row().get("language"),
                   "language \"" + std::string(*language) + "\" is no [[language]] code");
  }
  l.content_code = it->code;
  l.rtl = it->rtl;
  table.locales.push_back(l);
  return {};
}

}  // namespace

Result<LanguageTable> ParseLanguageTable(std::string_view toml_text, std::string_view source) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text, std::string(source));
  } catch (const toml::parse_error& e) {
    return Fail(Errc::kInvalidArgument, std::string(source) + ":" +
                                            std::to_string(e.source().begin.line) + ": " +
                                            std::string(e.description()));
  }
  for (const auto& [key, value] : doc) {
    if (key.str() != "language" && key.str() != "locale") {
      return Fail(Errc::kInvalidArgument, std::string(source) + ":" +
                                              std::to_string(value.source().begin.line) +
                                              ": unknown key \"" + std::string(key.str()) + "\"");
    }
  }
  LanguageTable table;
  // Languages first: a locale names one.
  struct Kind {
    const char* name;
    const char* id_key;
    Status (*parse)(RowReader&, LanguageTable&);
  };
  for (const Kind& kind :
       {Kind{"language", "code", &ParseLanguage}, Kind{"locale", "tag", &ParseLocale}}) {
    auto rows = Rows(doc, kind.name, source);
    if (!rows) return std::unexpected(rows.error());
    for (const toml::table* row : *rows) {
      RowReader reader(*row, source, kind.name, kind.id_key, table);
      if (auto ok = kind.parse(reader, table); !ok) return std::unexpected(ok.error());
    }
  }
  return table;
}

const LanguageTable& Languages() {
  static const LanguageTable table = [] {
    const auto* file =
        web::detail::FindEmbeddedFile(PLAZA_EMBEDDED_FILES(plaza::languages::detail), kTablePath);
    if (file == nullptr) {
      web::detail::FailEmbeddedData("src/i18n/data/languages.toml is not embedded");
    }
    auto parsed = ParseLanguageTable(file->body(), "src/i18n/data/languages.toml");
    if (!parsed) web::detail::FailEmbeddedData(parsed.error().message);
    return std::move(*parsed);
  }();
  return table;
}

std::span<const LocaleInfo> Locales() { return Languages().locales; }

const LocaleInfo* FindLocale(std::string_view tag) {
  for (const auto& l : Locales()) {
    if (l.tag == tag) return &l;
  }
  return nullptr;
}

std::span<const ContentLanguage> ContentLanguages() { return Languages().languages; }

const ContentLanguage* FindContentLanguage(std::string_view code) {
  for (const auto& l : ContentLanguages()) {
    if (l.code == code) return &l;
  }
  return nullptr;
}

const ContentLanguage* FindContentLanguageByCld2(std::string_view cld2_code) {
  for (const auto& l : ContentLanguages()) {
    if (std::find(l.cld2.begin(), l.cld2.end(), cld2_code) != l.cld2.end()) return &l;
  }
  return nullptr;
}

namespace {

// A stranger controls the header: look at a bounded prefix and a bounded number of ranges.
constexpr std::size_t kMaxHeaderBytes = 4096;
constexpr std::size_t kMaxRanges = 32;

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
    if (AsciiLowered(l.tag) == range) return l.tag;
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
    item = TrimSpacesAndTabs(item);
    if (item.empty()) continue;
    ++ranges;
    std::string_view range = TrimSpacesAndTabs(item.substr(0, item.find(';')));
    int quality = 1000;
    std::size_t semi = item.find(';');
    while (semi != std::string_view::npos) {
      std::string_view rest = item.substr(semi + 1);
      std::size_t next = rest.find(';');
      std::string_view param = TrimSpacesAndTabs(rest.substr(0, next));
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        quality = ParseQuality(param.substr(2));
      }
      semi = next == std::string_view::npos ? next : semi + 1 + next;
    }
    if (quality <= 0 || range.empty() || range.size() > 35 || range == "*") continue;
    std::string_view locale = MapRange(AsciiLowered(range));
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

LocaleChoice ChooseLocale(std::optional<std::string_view> query_lang,
                          std::optional<std::string_view> cookie,
                          std::string_view accept_language) {
  if (query_lang) {
    if (const LocaleInfo* info = FindLocale(*query_lang)) return {info->tag, true};
  }
  if (cookie) {
    if (const LocaleInfo* info = FindLocale(*cookie)) return {info->tag, false};
  }
  return {NegotiateLocale(accept_language), false};
}

}  // namespace plaza
