#pragma once

// The settable keys of a program: the sections its modules declare (config/section.hpp), each
// bound to one member of the program's settings struct `Root`. Reads the TOML file, the
// PLAZA_<SECTION>_<KEY> variables and single values (flags), and renders the reference that
// docs/configuration.md shows.

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/section.hpp"
#include "core/result.hpp"

namespace plaza::config {

/// One value read from a TOML file: "section.key", or "key" at the root (arrays of tables such
/// as [[assets]]). `value` is an error for a value of a type no key takes (dates, nested
/// tables); the key is looked up first, so an unknown key is reported as such.
struct Setting {
  std::string key;
  Result<Value> value;
  int line = 0;
};

/// The settings of a TOML file, in file order. A syntax error is kInvalidArgument
/// "<path>:<line>: <what>".
Result<std::vector<Setting>> ReadTomlFile(const std::string& path);

/// A value given as text (environment variable, flag) for a key of `shape`: a scalar as is; a
/// list comma-separated ("a, b") or as a TOML array ("[\"a\", \"b\"]"); an array of tables as
/// the inline TOML array ("[{symbol = \"BTC\", decimals = 2}]"). Errors name `key` (and the
/// line and column inside the text for malformed TOML).
Result<Value> ValueFromText(std::string_view text, Shape shape, std::string_view key);

/// "server.listen" → "PLAZA_SERVER_LISTEN"; "assets" → "PLAZA_ASSETS".
std::string EnvName(std::string_view key);

/// What the reference shows of one key.
struct ReferenceKey {
  std::string leaf;
  std::string value;  // the default, in TOML form
  std::string help;
  Shape shape = Shape::kScalar;
  std::vector<std::pair<std::string, std::string>> fields;  // arrays of tables
};
struct ReferenceSection {
  std::string name;  // "" for root keys
  std::string help;
  std::vector<ReferenceKey> keys;
};
/// Every section as annotated TOML (key = default, # help wrapped at 100 columns).
std::string RenderReference(const std::vector<ReferenceSection>& sections);

template <typename Root>
class Schema {
 public:
  struct Key {
    std::string name;  // "server.listen", or "assets" at the root
    std::string help;
    Shape shape = Shape::kScalar;
    std::function<Status(Root&, const Value&, std::string_view key, int* error_line)> set;
    std::function<std::string(const Root&)> show;
    std::vector<std::pair<std::string, std::string>> fields;
  };

  /// Binds a section to the member of Root that holds its options. A key name declared twice
  /// is a programming error (std::logic_error at start-up).
  template <typename Opts>
  Schema& Add(Opts Root::* member, const Section<Opts>& section) {
    ReferenceSection ref{section.name(), section.help(), {}};
    const Root defaults{};
    for (const auto& decl : section.keys()) {
      Key key;
      key.name = section.name().empty() ? decl.name : section.name() + "." + decl.name;
      if (Find(key.name) != nullptr)
        throw std::logic_error("config key declared twice: " + key.name);
      key.help = decl.help;
      key.shape = decl.shape;
      key.fields = decl.fields;
      key.set = [member, set = decl.set](Root& root, const Value& v, std::string_view k,
                                         int* line) { return set(root.*member, v, k, line); };
      key.show = [member, show = decl.show](const Root& root) { return show(root.*member); };
      ref.keys.push_back({decl.name, key.show(defaults), decl.help, decl.shape, decl.fields});
      keys_.push_back(std::move(key));
    }
    reference_.push_back(std::move(ref));
    return *this;
  }

  const std::vector<Key>& keys() const { return keys_; }

  const Key* Find(std::string_view name) const {
    for (const auto& k : keys_) {
      if (k.name == name) return &k;
    }
    return nullptr;
  }

  /// One key from text (a flag, a test). kInvalidArgument naming the key for an unknown key or
  /// a bad value.
  Status Set(Root& root, std::string_view name, std::string_view text) const {
    const Key* key = Find(name);
    if (key == nullptr) return Unknown(name);
    auto value = ValueFromText(text, key->shape, key->name);
    if (!value) return std::unexpected(value.error());
    return key->set(root, *value, key->name, nullptr);
  }

  /// A TOML file. Errors are "<path>:<line>: config key <key>: <why>" (field = the key).
  Status ApplyFile(Root& root, const std::string& path) const {
    auto settings = ReadTomlFile(path);
    if (!settings) return std::unexpected(settings.error());
    for (const Setting& s : *settings) {
      int line = s.line;
      Status st;
      const Key* key = Find(s.key);
      if (key == nullptr) {
        st = s.key.find('.') == std::string::npos
                 ? Fail(Errc::kInvalidArgument,
                        "unknown config key " + s.key + " (keys live in tables such as [server])",
                        s.key)
                 : Unknown(s.key);
      } else if (!s.value) {
        st = std::unexpected(s.value.error());
      } else {
        st = key->set(root, *s.value, key->name, &line);
      }
      if (!st) {
        Error e = st.error();
        e.message = path + ":" + std::to_string(line) + ": " + e.message;
        return std::unexpected(std::move(e));
      }
    }
    return {};
  }

  /// PLAZA_<SECTION>_<KEY> variables of `env` (name → value). An unknown PLAZA_ name is an
  /// error naming it; PLAZA_TEST_*, PLAZA_SOURCE_DIR and PLAZA_REQUIRE_PG are the test
  /// harness's own and left alone.
  Status ApplyEnv(Root& root, const std::map<std::string, std::string>& env) const {
    for (const auto& [name, text] : env) {
      if (!name.starts_with("PLAZA_") || name.starts_with("PLAZA_TEST_") ||
          name == "PLAZA_SOURCE_DIR" || name == "PLAZA_REQUIRE_PG") {
        continue;
      }
      const Key* match = nullptr;
      for (const auto& k : keys_) {
        if (EnvName(k.name) == name) match = &k;
      }
      if (match == nullptr) {
        return Fail(Errc::kInvalidArgument, "unknown environment variable " + name, name);
      }
      auto value = ValueFromText(text, match->shape, match->name);
      if (!value) {
        Error e = value.error();
        e.message = name + ": " + e.message;
        return std::unexpected(std::move(e));
      }
      if (auto st = match->set(root, *value, match->name, nullptr); !st) return st;
    }
    return {};
  }

  /// The reference of every key with its default (docs/configuration.md holds it).
  std::string Reference() const { return RenderReference(reference_); }

 private:
  static std::unexpected<Error> Unknown(std::string_view name) {
    return Fail(Errc::kInvalidArgument, "unknown config key " + std::string(name),
                std::string(name));
  }

  std::vector<Key> keys_;
  std::vector<ReferenceSection> reference_;
};

}  // namespace plaza::config
