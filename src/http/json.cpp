#include "http/json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_stack.hpp>
#include <cmath>
#include <limits>
#include <unordered_set>
#include <vector>

#include "core/utf8.hpp"
#include "http/encoding.hpp"

namespace plaza::http {

namespace json = boost::json;

namespace {

// SAX events from Boost.JSON's parser, checked (UTF-8, duplicate keys, a top-level object) and
// forwarded to a value_stack that builds the document.
class StrictHandler {
 public:
  // Names required by Boost.JSON's handler concept. The body limit bounds them all.
  static constexpr std::size_t max_object_size =  // NOLINT(readability-identifier-naming)
      std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_array_size =  // NOLINT(readability-identifier-naming)
      std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_key_size =  // NOLINT(readability-identifier-naming)
      std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_string_size =  // NOLINT(readability-identifier-naming)
      std::numeric_limits<std::size_t>::max();

  std::optional<Error> error;  // set when a check here (not the grammar) failed
  json::value_stack stack;

  bool on_document_begin(json::error_code&) {
    stack.reset();
    return true;
  }
  bool on_document_end(json::error_code&) { return true; }

  bool on_object_begin(json::error_code&) {
    frames_.emplace_back();
    frames_.back().is_object = true;
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code&) {
    frames_.pop_back();
    stack.push_object(n);
    return true;
  }
  bool on_array_begin(json::error_code& ec) {
    if (!CheckTopLevel(ec)) return false;
    frames_.emplace_back();
    return true;
  }
  bool on_array_end(std::size_t n, json::error_code&) {
    frames_.pop_back();
    stack.push_array(n);
    return true;
  }

  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    buffer_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code& ec) {
    buffer_.append(s.data(), s.size());
    Frame& frame = frames_.back();
    if (!text::IsValidUtf8(buffer_)) {
      return Reject(ec, "invalid UTF-8 in a key", {});
    }
    frame.key = buffer_;
    if (!frame.keys.insert(buffer_).second) {
      return Reject(ec, "duplicate key \"" + buffer_ + "\"", buffer_);
    }
    stack.push_key(buffer_);
    buffer_.clear();
    return true;
  }

  bool on_string_part(json::string_view s, std::size_t, json::error_code& ec) {
    if (!CheckTopLevel(ec)) return false;
    buffer_.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code& ec) {
    if (!CheckTopLevel(ec)) return false;
    buffer_.append(s.data(), s.size());
    if (!text::IsValidUtf8(buffer_)) {
      std::string field = CurrentField();
      return Reject(
          ec, field.empty() ? "invalid UTF-8 in a string" : "invalid UTF-8 in \"" + field + "\"",
          field);
    }
    stack.push_string(buffer_);
    buffer_.clear();
    return true;
  }

  bool on_number_part(json::string_view, json::error_code& ec) { return CheckTopLevel(ec); }
  bool on_int64(std::int64_t i, json::string_view, json::error_code& ec) {
    if (!CheckTopLevel(ec)) return false;
    stack.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code& ec) {
    if (!CheckTopLevel(ec)) return false;
    stack.push_uint64(u);
    return true;
  }
  bool on_double(double d, json::string_view, json::error_code& ec) {
    if (!CheckTopLevel(ec)) return false;
    // 1e400 overflows to infinity, which has no JSON form: echoing it back would write
    // "Infinity" (found by fuzz/json_fuzz.cpp).
    if (!std::isfinite(d)) {
      std::string field = CurrentField();
      return Reject(
          ec, field.empty() ? "number out of range" : "number out of range in \"" + field + "\"",
          field);
    }
    stack.push_double(d);
    return true;
  }
  bool on_bool(bool b, json::error_code& ec) {
    if (!CheckTopLevel(ec)) return false;
    stack.push_bool(b);
    return true;
  }
  bool on_null(json::error_code& ec) {
    if (!CheckTopLevel(ec)) return false;
    stack.push_null();
    return true;
  }
  // Comments are off in the options; these only satisfy the handler concept.
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  struct Frame {
    bool is_object = false;
    std::string key;  // the latest key, for naming a bad value
    std::unordered_set<std::string> keys;
  };

  // The body must be an object: any other first value is refused where it starts.
  bool CheckTopLevel(json::error_code& ec) {
    if (!frames_.empty()) return true;
    return Reject(ec, "expected a JSON object", {});
  }

  std::string CurrentField() const {
    if (frames_.empty() || !frames_.back().is_object) {
      for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
        if (it->is_object) return it->key;
      }
      return {};
    }
    return frames_.back().key;
  }

  bool Reject(json::error_code& ec, std::string message, std::string field) {
    error = Error{Errc::kInvalidArgument, std::move(message), std::move(field), {}, {}};
    ec = json::error::syntax;  // any failure code: the message above is what callers see
    return false;
  }

  std::vector<Frame> frames_;
  std::string buffer_;
};

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

Result<json::object> ParseJsonObject(std::string_view body) {
  json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  // Checked by the handler instead, so that the error can name the field.
  options.allow_invalid_utf8 = true;
  json::basic_parser<StrictHandler> parser(options);
  json::error_code ec;
  std::size_t used = parser.write_some(false, body.data(), body.size(), ec);
  if (std::optional<Error>& rejected = parser.handler().error; rejected.has_value()) {
    Error error = std::move(*rejected);
    if (error.field.empty()) error.message += " at byte " + std::to_string(used);
    return std::unexpected(std::move(error));
  }
  if (ec) {
    return Fail(Errc::kInvalidArgument,
                "malformed JSON at byte " + std::to_string(used) + ": " + ec.message());
  }
  for (std::size_t i = used; i < body.size(); ++i) {
    if (!IsJsonSpace(body[i])) {
      return Fail(Errc::kInvalidArgument,
                  "malformed JSON at byte " + std::to_string(i) + ": data after the object");
    }
  }
  json::value document = parser.handler().stack.release();
  return std::move(document.as_object());
}

std::optional<std::string_view> JsonFields::String(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  const auto* s = std::get_if<std::string>(&it->second);
  if (s == nullptr) return std::nullopt;
  return std::string_view(*s);
}

std::optional<std::vector<std::string>> JsonFields::StringList(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  const auto* list = std::get_if<std::vector<std::string>>(&it->second);
  if (list == nullptr) return std::nullopt;
  return *list;
}

std::optional<std::int64_t> JsonFields::Int(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  const auto* i = std::get_if<std::int64_t>(&it->second);
  if (i == nullptr) return std::nullopt;
  return *i;
}

std::optional<bool> JsonFields::Bool(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  const auto* b = std::get_if<bool>(&it->second);
  if (b == nullptr) return std::nullopt;
  return *b;
}

namespace {

const char* TypeName(JsonType type) {
  switch (type) {
    case JsonType::kString:
      return "a string";
    case JsonType::kInt:
      return "an integer";
    case JsonType::kBool:
      return "a boolean";
    case JsonType::kStringList:
      return "an array of strings";
  }
  return "?";
}

}  // namespace

Result<JsonFields> ParseJsonFields(std::string_view body, std::span<const JsonFieldSpec> spec) {
  auto object = ParseJsonObject(body);
  if (!object) return std::unexpected(std::move(object.error()));
  JsonFields fields;
  for (const auto& member : *object) {
    std::string_view name(member.key().data(), member.key().size());
    const JsonFieldSpec* field = nullptr;
    for (const JsonFieldSpec& s : spec) {
      if (s.name == name) field = &s;
    }
    if (field == nullptr) {
      return Fail(Errc::kInvalidArgument, "unknown field \"" + std::string(name) + "\"",
                  std::string(name));
    }
    const json::value& value = member.value();
    if (value.is_null()) continue;
    bool ok = false;
    switch (field->type) {
      case JsonType::kString:
        if (value.is_string()) {
          fields.Set(std::string(name), std::string(value.get_string()));
          ok = true;
        }
        break;
      case JsonType::kInt:
        if (value.is_int64()) {
          fields.Set(std::string(name), value.get_int64());
          ok = true;
        } else if (value.is_uint64() &&
                   value.get_uint64() <=
                       static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          fields.Set(std::string(name), static_cast<std::int64_t>(value.get_uint64()));
          ok = true;
        }
        break;
      case JsonType::kBool:
        if (value.is_bool()) {
          fields.Set(std::string(name), value.get_bool());
          ok = true;
        }
        break;
      case JsonType::kStringList:
        if (value.is_array()) {
          std::vector<std::string> list;
          ok = true;
          for (const json::value& item : value.get_array()) {
            if (!item.is_string()) {
              ok = false;
              break;
            }
            list.emplace_back(item.get_string());
          }
          if (ok) fields.Set(std::string(name), std::move(list));
        }
        break;
    }
    if (!ok) {
      return Fail(Errc::kInvalidArgument,
                  "field \"" + std::string(name) + "\" must be " + TypeName(field->type),
                  std::string(name));
    }
  }
  for (const JsonFieldSpec& s : spec) {
    if (s.required && !fields.Has(s.name)) {
      return Fail(Errc::kInvalidArgument, "missing field \"" + std::string(s.name) + "\"",
                  std::string(s.name));
    }
  }
  return fields;
}

}  // namespace plaza::http
