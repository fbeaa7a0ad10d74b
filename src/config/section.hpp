#pragma once

// A config section declared once, by the module that owns it: its keys, their defaults (read
// from the options struct itself), help and validation. The app nests the options structs in
// its Config and binds each section to its member (config/schema.hpp); the TOML file, the
// PLAZA_<SECTION>_<KEY> variables and the command-line flags all go through these declarations.

#include <charconv>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace plaza::config {

/// What a key holds: one value, an ordered list of strings, or an array of tables.
enum class Shape { kScalar, kList, kTables };

/// One field of a table in an array of tables, as read (text form, as for a scalar key).
struct Field {
  std::string name;
  std::string text;
  int line = 0;  // 0: not from a file
};

struct Table {
  std::vector<Field> fields;
  int line = 0;
};

/// A value as read from any source, before a key's declaration checks it.
struct Value {
  Shape shape = Shape::kScalar;
  std::string text;                // kScalar
  std::vector<std::string> items;  // kList
  std::vector<Table> tables;       // kTables
  int line = 0;                    // 0: not from a file
};

/// kInvalidArgument "config key <key>: <why>", field = key. Every bad value goes through it.
std::unexpected<Error> BadValue(std::string_view key, std::string_view why);

/// Scalar parsers shared by every section; `key` names the key in the message.
Result<std::int64_t> ParseInteger(std::string_view key, std::string_view text, std::int64_t min,
                                  std::int64_t max);
Result<bool> ParseBool(std::string_view key, std::string_view text);
/// "" or an http:// or https:// URL; trailing slashes removed.
Result<std::string> ParseBaseUrl(std::string_view key, std::string_view text, bool allow_empty);
/// `text` cut at spaces into lines of at most `width` characters (a longer word stays whole).
std::vector<std::string> WrapWords(std::string_view text, std::size_t width);
/// A value as TOML shows it in the reference: "text" quoted, numbers and booleans bare.
std::string Quoted(std::string_view text);

/// One key of a section over an options struct `Opts`.
template <typename Opts>
struct KeyDecl {
  std::string name;  // leaf: "listen"
  std::string help;  // one or more sentences; wrapped in the generated reference
  Shape shape = Shape::kScalar;
  bool required = false;  // fields of a table only: absent is an error
  /// Checks and stores a value; `key` is the full name to put in messages ("server.listen",
  /// "assets[2].decimals"). On an error inside an array of tables `*error_line` (when not null)
  /// is set to the line of the offending field.
  std::function<Status(Opts&, const Value&, std::string_view key, int* error_line)> set;
  /// The value in TOML form (for the generated reference: the default).
  std::function<std::string(const Opts&)> show;
  /// kTables only: the fields of one table, for the reference.
  std::vector<std::pair<std::string, std::string>> fields;  // name, help
};

/// The declaration of one section (or of the fields of one table in an array of tables).
/// Builder methods return *this:
///
///   static const auto section = config::Section<SummaryOptions>("summary", "summaries of posts")
///       .Choice("engine", &SummaryOptions::engine, {"extractive", "llm", "off"}, "...");
template <typename Opts>
class Section {
 public:
  using Setter = std::function<Status(Opts&, std::string_view text, std::string_view key)>;
  using Shower = std::function<std::string(const Opts&)>;

  /// `name` "" declares root keys (e.g. an array of tables `[[assets]]`, PLAZA_ASSETS).
  explicit Section(std::string name = "", std::string help = "")
      : name_(std::move(name)), help_(std::move(help)) {}

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<KeyDecl<Opts>>& keys() const { return keys_; }
  /// Whole-value check of one table of an array of tables (e.g. two fields that go together).
  const std::function<Status(const Opts&, std::string_view key)>& check() const { return check_; }

  /// Any text.
  Section& Text(std::string name, std::string Opts::* field, std::string help) {
    return Scalar(
        std::move(name),
        [field](Opts& o, std::string_view v, std::string_view) -> Status {
          o.*field = std::string(v);
          return {};
        },
        [field](const Opts& o) { return Quoted(o.*field); }, std::move(help));
  }

  /// A whole number within [min, max].
  /// (`Owner` is Opts or a base of it: an options struct may extend a library's own.)
  template <typename Int, typename Owner>
  Section& Integer(std::string name, Int Owner::* field, std::type_identity_t<Int> min,
                   std::type_identity_t<Int> max, std::string help) {
    static_assert(std::is_integral_v<Int> && !std::is_same_v<Int, bool>);
    static_assert(std::is_base_of_v<Owner, Opts>);
    return Scalar(
        std::move(name),
        [field, min, max](Opts& o, std::string_view v, std::string_view key) -> Status {
          auto n =
              ParseInteger(key, v, static_cast<std::int64_t>(min), static_cast<std::int64_t>(max));
          if (!n) return std::unexpected(n.error());
          o.*field = static_cast<Int>(*n);
          return {};
        },
        [field](const Opts& o) { return std::to_string(o.*field); }, std::move(help));
  }

  /// true/false (also 1/0, yes/no, on/off).
  Section& Bool(std::string name, bool Opts::* field, std::string help) {
    return Scalar(
        std::move(name),
        [field](Opts& o, std::string_view v, std::string_view key) -> Status {
          auto b = ParseBool(key, v);
          if (!b) return std::unexpected(b.error());
          o.*field = *b;
          return {};
        },
        [field](const Opts& o) { return std::string(o.*field ? "true" : "false"); },
        std::move(help));
  }

  /// One of a fixed set of words.
  Section& Choice(std::string name, std::string Opts::* field,
                  std::vector<std::string_view> allowed, std::string help) {
    return Scalar(
        std::move(name),
        [field, allowed](Opts& o, std::string_view v, std::string_view key) -> Status {
          for (std::string_view ok : allowed) {
            if (v == ok) {
              o.*field = std::string(v);
              return {};
            }
          }
          std::string list;
          for (std::size_t i = 0; i < allowed.size(); ++i) {
            if (i > 0) list += i + 1 == allowed.size() ? " or " : ", ";
            list += allowed[i];
          }
          return BadValue(key, "expected " + list);
        },
        [field](const Opts& o) { return Quoted(o.*field); }, std::move(help));
  }

  /// A key with its own parser and display (HOST:PORT, EVENTS/SECONDS, a URL, ...).
  Section& Scalar(std::string name, Setter set, Shower show, std::string help) {
    KeyDecl<Opts> key;
    key.name = std::move(name);
    key.help = std::move(help);
    key.shape = Shape::kScalar;
    key.set = [set = std::move(set)](Opts& o, const Value& v, std::string_view k, int*) -> Status {
      if (v.shape != Shape::kScalar) return BadValue(k, "expected one value, not a list");
      return set(o, v.text, k);
    };
    key.show = std::move(show);
    keys_.push_back(std::move(key));
    return *this;
  }

  /// An ordered list of strings. In TOML an array (["a", "b"]); in the environment and on the
  /// command line either comma-separated (a, b) or the TOML array itself (["a", "b"]).
  /// `check_item` (optional) validates each item; its key is "<key>[<index from 1>]".
  Section& List(std::string name, std::vector<std::string> Opts::* field, std::string help,
                Setter check_item = {}) {
    KeyDecl<Opts> key;
    key.name = std::move(name);
    key.help = std::move(help);
    key.shape = Shape::kList;
    key.set = [field, check_item = std::move(check_item)](Opts& o, const Value& v,
                                                          std::string_view k, int*) -> Status {
      if (v.shape == Shape::kTables && !v.tables.empty()) {
        return BadValue(k, "expected a list of strings, not tables");
      }
      if (v.shape == Shape::kScalar) return BadValue(k, "expected a list of strings");
      if (check_item) {
        Opts scratch{};
        for (std::size_t i = 0; i < v.items.size(); ++i) {
          const std::string item_key = std::string(k) + "[" + std::to_string(i + 1) + "]";
          if (auto st = check_item(scratch, v.items[i], item_key); !st) return st;
        }
      }
      o.*field = v.items;
      return {};
    };
    key.show = [field](const Opts& o) {
      std::string out = "[";
      for (std::size_t i = 0; i < (o.*field).size(); ++i) {
        if (i > 0) out += ", ";
        out += Quoted((o.*field)[i]);
      }
      return out + "]";
    };
    keys_.push_back(std::move(key));
    return *this;
  }

  /// An array of tables: `[[name]]` blocks (or `name = [{...}, ...]`) in TOML, the inline TOML
  /// array in the environment (PLAZA_ASSETS='[{symbol="BTC", decimals=2}]'). Each table becomes
  /// an `Item` (its defaults first) through the scalar keys of `fields`; an unknown or missing
  /// required field is an error naming "<key>[<index from 1>].<field>" and its line.
  template <typename Item>
  Section& Tables(std::string name, std::vector<Item> Opts::* field, const Section<Item>& fields,
                  std::string help) {
    KeyDecl<Opts> key;
    key.name = std::move(name);
    key.help = std::move(help);
    key.shape = Shape::kTables;
    for (const auto& f : fields.keys()) key.fields.emplace_back(f.name, f.help);
    key.set = [field, fields](Opts& o, const Value& v, std::string_view k,
                              int* error_line) -> Status {
      if (v.shape == Shape::kList && !v.items.empty()) {
        return BadValue(k, "expected an array of tables ([[" + std::string(k) + "]])");
      }
      if (v.shape == Shape::kScalar) {
        return BadValue(k, "expected an array of tables ([[" + std::string(k) + "]])");
      }
      std::vector<Item> items;
      for (std::size_t i = 0; i < v.tables.size(); ++i) {
        const std::string item_key = std::string(k) + "[" + std::to_string(i + 1) + "]";
        auto item = fields.Build(v.tables[i], item_key, error_line);
        if (!item) return std::unexpected(item.error());
        items.push_back(std::move(*item));
      }
      o.*field = std::move(items);
      return {};
    };
    key.show = [field](const Opts& o) {
      return (o.*field).empty() ? std::string("[]")
                                : "[ " + std::to_string((o.*field).size()) + " tables ]";
    };
    keys_.push_back(std::move(key));
    return *this;
  }

  /// Marks the last key declared as required (fields of a table only).
  Section& Required() {
    keys_.back().required = true;
    return *this;
  }

  /// A check of a whole table once its fields are set.
  Section& Check(std::function<Status(const Opts&, std::string_view key)> check) {
    check_ = std::move(check);
    return *this;
  }

  /// One table of an array of tables as an Opts: defaults, then its fields. Errors name
  /// "<item_key>.<field>"; `*error_line` (when not null) gets the line at fault.
  Result<Opts> Build(const Table& table, const std::string& item_key, int* error_line) const {
    auto at = [error_line](int line, std::unexpected<Error> e) {
      if (error_line != nullptr && line > 0) *error_line = line;
      return e;
    };
    Opts item{};
    std::vector<bool> seen(keys_.size(), false);
    for (const Field& f : table.fields) {
      std::size_t index = keys_.size();
      for (std::size_t i = 0; i < keys_.size(); ++i) {
        if (keys_[i].name == f.name) index = i;
      }
      const std::string field_key = item_key + "." + f.name;
      if (index == keys_.size()) {
        return at(f.line,
                  Fail(Errc::kInvalidArgument, "unknown config key " + field_key, field_key));
      }
      Value value;
      value.text = f.text;
      value.line = f.line;
      if (auto st = keys_[index].set(item, value, field_key, nullptr); !st) {
        return at(f.line, std::unexpected(st.error()));
      }
      seen[index] = true;
    }
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i].required && !seen[i]) {
        return at(table.line, BadValue(item_key + "." + keys_[i].name, "is required"));
      }
    }
    if (check_) {
      if (auto st = check_(item, item_key); !st) return at(table.line, std::unexpected(st.error()));
    }
    return item;
  }

 private:
  std::string name_;
  std::string help_;
  std::vector<KeyDecl<Opts>> keys_;
  std::function<Status(const Opts&, std::string_view key)> check_;
};

}  // namespace plaza::config
