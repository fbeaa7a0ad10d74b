#include "config/schema.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace plaza::config {
namespace {

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

// A TOML scalar in the text form the keys' parsers read.
Result<std::string> ScalarText(std::string_view key, const toml::node& node) {
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* b = node.as_boolean()) return std::string(b->get() ? "true" : "false");
  if (const auto* f = node.as_floating_point()) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f->get());
    if (ec != std::errc()) return BadValue(key, "unreadable number");
    return std::string(buf, end);
  }
  if (node.is_array() || node.is_table()) return BadValue(key, "expected one value, not a list");
  return BadValue(key, "unsupported value type");
}

Result<Value> ValueOf(const std::string& key, const toml::node& node) {
  Value value;
  value.line = LineOf(node);
  const auto* array = node.as_array();
  if (array == nullptr) {
    if (node.is_table()) return BadValue(key, "unexpected table [" + key + "]");
    auto text = ScalarText(key, node);
    if (!text) return std::unexpected(text.error());
    value.text = std::move(*text);
    return value;
  }
  value.shape = Shape::kList;
  std::size_t index = 0;
  for (const auto& item : *array) {
    ++index;
    const std::string item_key = key + "[" + std::to_string(index) + "]";
    if (const auto* table = item.as_table()) {
      if (!value.items.empty()) return BadValue(key, "mixes tables and values");
      value.shape = Shape::kTables;
      Table t;
      t.line = LineOf(item);
      for (const auto& [name, field] : *table) {
        const std::string field_key = item_key + "." + std::string(name.str());
        auto text = ScalarText(field_key, field);
        if (!text) return std::unexpected(text.error());
        t.fields.push_back({std::string(name.str()), std::move(*text), LineOf(field)});
      }
      value.tables.push_back(std::move(t));
    } else {
      if (value.shape == Shape::kTables) return BadValue(key, "mixes tables and values");
      auto text = ScalarText(item_key, item);
      if (!text) return std::unexpected(text.error());
      value.items.push_back(std::move(*text));
    }
  }
  return value;
}

std::vector<std::string> SplitList(std::string_view v) {
  std::vector<std::string> out;
  while (!v.empty()) {
    auto comma = v.find(',');
    auto item = Trim(v.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    v.remove_prefix(comma + 1);
  }
  return out;
}

// `text` as the value of a TOML key: an inline array (of values or of tables).
Result<Value> InlineToml(std::string_view text, std::string_view key) {
  constexpr std::string_view kPrefix = "v = ";
  std::string doc = std::string(kPrefix) + std::string(text);
  toml::table table;
  try {
    table = toml::parse(doc);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    const auto column =
        at.line == 1 && at.column > kPrefix.size() ? at.column - kPrefix.size() : at.column;
    return BadValue(key, "malformed TOML at line " + std::to_string(at.line) + ", column " +
                             std::to_string(column) + ": " + std::string(e.description()));
  }
  const toml::node* node = table.get("v");
  if (node == nullptr || !node->is_array()) return BadValue(key, "expected a TOML array [...]");
  auto value = ValueOf(std::string(key), *node);
  if (value) {
    // Lines inside an environment variable or a flag mean nothing to the reader of an error.
    value->line = 0;
    for (auto& t : value->tables) {
      t.line = 0;
      for (auto& f : t.fields) f.line = 0;
    }
  }
  return value;
}

// "left   # help", the help wrapped with its continuation lines aligned under the first "#".
void AppendAnnotated(std::string& out, const std::string& left, std::string_view help) {
  constexpr std::size_t kColumn = 33;
  constexpr std::size_t kWidth = 100;
  const std::size_t start = std::max(kColumn, left.size() + 1);
  auto lines = WrapWords(help, kWidth - start - 2);
  out += left;
  if (lines.empty()) {
    out += '\n';
    return;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t pad = i == 0 ? start - left.size() : start;
    out.append(pad, ' ');
    out += "# " + lines[i] + '\n';
  }
}

}  // namespace

std::vector<std::string> WrapWords(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  while (!text.empty()) {
    auto space = text.find(' ');
    std::string_view word = text.substr(0, space);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

std::unexpected<Error> BadValue(std::string_view key, std::string_view why) {
  return Fail(Errc::kInvalidArgument, "config key " + std::string(key) + ": " + std::string(why),
              std::string(key));
}

Result<std::int64_t> ParseInteger(std::string_view key, std::string_view text, std::int64_t min,
                                  std::int64_t max) {
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || p != text.data() + text.size()) {
    return BadValue(key, "'" + std::string(text) + "' is not a whole number");
  }
  if (out < min || out > max) {
    return BadValue(key, std::to_string(out) + " is outside " + std::to_string(min) + ".." +
                             std::to_string(max));
  }
  return out;
}

Result<bool> ParseBool(std::string_view key, std::string_view v) {
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  return BadValue(key, "'" + std::string(v) + "' is not true or false");
}

Result<std::string> ParseBaseUrl(std::string_view key, std::string_view v, bool allow_empty) {
  if (v.empty() && allow_empty) return std::string();
  if (!(v.starts_with("http://") || v.starts_with("https://"))) {
    return BadValue(key, allow_empty ? "must start with http:// or https:// (or be empty)"
                                     : "must start with http:// or https://");
  }
  while (v.ends_with('/')) v.remove_suffix(1);
  return std::string(v);
}

std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

Result<std::vector<Setting>> ReadTomlFile(const std::string& path) {
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Fail(Errc::kInvalidArgument, path + ":" + std::to_string(e.source().begin.line) + ": " +
                                            std::string(e.description()));
  }
  std::vector<Setting> settings;
  for (const auto& [section, node] : doc) {
    const std::string section_name(section.str());
    const auto* table = node.as_table();
    if (table == nullptr) {
      settings.push_back({section_name, ValueOf(section_name, node), LineOf(node)});
      continue;
    }
    for (const auto& [name, value] : *table) {
      std::string key = section_name + "." + std::string(name.str());
      int line = LineOf(value);
      settings.push_back({key, ValueOf(key, value), line});
    }
  }
  // toml++ keeps keys sorted; errors are easier to follow in the file's own order.
  std::stable_sort(settings.begin(), settings.end(),
                   [](const Setting& a, const Setting& b) { return a.line < b.line; });
  return settings;
}

Result<Value> ValueFromText(std::string_view text, Shape shape, std::string_view key) {
  Value value;
  value.shape = shape;
  switch (shape) {
    case Shape::kScalar:
      value.text = std::string(text);
      return value;
    case Shape::kList:
      if (Trim(text).starts_with('[')) return InlineToml(Trim(text), key);
      value.items = SplitList(text);
      return value;
    case Shape::kTables:
      if (!Trim(text).starts_with('[')) {
        return BadValue(key, "expected an inline TOML array of tables, e.g. [{name = \"x\"}]");
      }
      return InlineToml(Trim(text), key);
  }
  return value;
}

std::string EnvName(std::string_view key) {
  std::string out = "PLAZA_";
  for (char ch : key) {
    out += ch == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return out;
}

std::string RenderReference(const std::vector<ReferenceSection>& sections) {
  std::string out;
  for (const auto& section : sections) {
    if (!out.empty()) out += '\n';
    if (!section.name.empty()) AppendAnnotated(out, "[" + section.name + "]", section.help);
    for (const auto& key : section.keys) {
      if (key.shape == Shape::kTables) {
        // An array of tables: its header once, then each field and what it means.
        const std::string header =
            "[[" + (section.name.empty() ? key.leaf : section.name + "." + key.leaf) + "]]";
        AppendAnnotated(out, "# " + header, key.help);
        for (const auto& [field, help] : key.fields)
          AppendAnnotated(out, "# " + field + " =", help);
        continue;
      }
      AppendAnnotated(out, key.leaf + " = " + key.value, key.help);
    }
  }
  return out;
}

}  // namespace plaza::config
