#pragma once

// Strict JSON request bodies for handlers. Boost.JSON types appear only by forward declaration;
// a handler that walks a parsed object includes <boost/json/object.hpp> itself.

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace plaza::http {

/// The deepest nesting a request body may have.
inline constexpr int kMaxJsonDepth = 32;

/// Parses `body` as one JSON object, strictly: RFC 8259 only (no comments, trailing commas,
/// NaN or trailing data), well-formed UTF-8, no duplicate keys at any depth, at most
/// kMaxJsonDepth levels. Otherwise kInvalidArgument: malformed JSON names the byte offset
/// ("malformed JSON at byte 17: ..."); bad UTF-8 in a value and duplicate keys name the field
/// (Error::field is the innermost key).
Result<boost::json::object> ParseJsonObject(std::string_view body);

enum class JsonType { kString, kInt, kBool, kStringList };  // kStringList: an array of strings

struct JsonFieldSpec {
  std::string_view name;
  JsonType type;
  bool required = false;
};

/// The allowed fields a body carried, with types already checked.
class JsonFields {
 public:
  using Value = std::variant<std::string, std::int64_t, bool, std::vector<std::string>>;

  bool Has(std::string_view name) const { return values_.find(name) != values_.end(); }
  /// nullopt when the field is absent (or null).
  std::optional<std::string_view> String(std::string_view name) const;
  std::optional<std::int64_t> Int(std::string_view name) const;
  std::optional<bool> Bool(std::string_view name) const;
  std::optional<std::vector<std::string>> StringList(std::string_view name) const;

  void Set(std::string name, Value value) {
    values_.insert_or_assign(std::move(name), std::move(value));
  }

 private:
  std::map<std::string, Value, std::less<>> values_;
};

/// Parses a flat JSON object (see ParseJsonObject) whose members are all named in `spec`.
/// kInvalidArgument naming the field for an unknown field, a value of another type (an int is a
/// JSON integer within int64; 1.0 is not one), or a missing required field. `null` counts as
/// absent.
Result<JsonFields> ParseJsonFields(std::string_view body, std::span<const JsonFieldSpec> spec);

}  // namespace plaza::http
