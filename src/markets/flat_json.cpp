#include "markets/flat_json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <cstdint>
#include <utility>

namespace plaza::markets {

namespace {

namespace json = boost::json;

// Builds the objects of depth 1 (inside the top-level array). Depth counts open containers.
class Handler {
 public:
  static constexpr std::size_t max_object_size = 100'000;
  static constexpr std::size_t max_array_size = 1'000'000;
  static constexpr std::size_t max_key_size = 1'000;
  static constexpr std::size_t max_string_size = 100'000;

  std::vector<FlatObject> objects;
  bool shape_ok = true;

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_array_begin(json::error_code&) {
    if (depth_ == 0) top_is_array_ = true;
    if (depth_ == 1) shape_ok = false;  // an array inside the top-level array
    if (depth_ == 2) Scalar(FlatValue::Kind::kOther, "");
    ++depth_;
    return true;
  }
  bool on_array_end(std::size_t, json::error_code&) {
    --depth_;
    return true;
  }
  bool on_object_begin(json::error_code&) {
    if (depth_ == 0) shape_ok = false;
    if (depth_ == 1) objects.emplace_back();
    if (depth_ == 2) Scalar(FlatValue::Kind::kOther, "");
    ++depth_;
    return true;
  }
  bool on_object_end(std::size_t, json::error_code&) {
    --depth_;
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    part_.append(s.data(), s.size());
    Scalar(FlatValue::Kind::kString, std::move(part_));
    part_.clear();
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    if (depth_ == 2) key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    if (depth_ == 2) key_.append(s.data(), s.size());
    return true;
  }
  bool on_number_part(json::string_view s, json::error_code&) {
    part_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t, json::string_view s, json::error_code&) { return Number(s); }
  bool on_uint64(std::uint64_t, json::string_view s, json::error_code&) { return Number(s); }
  bool on_double(double, json::string_view s, json::error_code&) { return Number(s); }
  bool on_bool(bool, json::error_code&) {
    Scalar(FlatValue::Kind::kOther, "");
    return true;
  }
  bool on_null(json::error_code&) {
    Scalar(FlatValue::Kind::kOther, "");
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

  bool top_is_array() const { return top_is_array_; }

 private:
  bool Number(json::string_view s) {
    part_.append(s.data(), s.size());
    Scalar(FlatValue::Kind::kNumber, std::move(part_));
    part_.clear();
    return true;
  }
  // A value: a member of a depth-1 object when depth_ == 2 (keys of deeper objects are
  // dropped); at depth 1 it is an element of the top-level array that is not an object.
  void Scalar(FlatValue::Kind kind, std::string text) {
    if (depth_ == 1) shape_ok = false;
    if (depth_ == 2 && !objects.empty()) {
      objects.back()[key_] = FlatValue{kind, std::move(text)};
    }
    if (depth_ == 2) key_.clear();
  }

  int depth_ = 0;
  bool top_is_array_ = false;
  std::string key_;
  std::string part_;
};

}  // namespace

Result<std::vector<FlatObject>> ParseFlatObjects(std::string_view body) {
  json::basic_parser<Handler> parser(json::parse_options{});
  json::error_code ec;
  parser.write_some(false, body.data(), body.size(), ec);
  if (ec) return Fail(Errc::kInvalidArgument, "not JSON: " + ec.message());
  Handler& h = parser.handler();
  if (!h.top_is_array() || !h.shape_ok) {
    return Fail(Errc::kInvalidArgument, "not a JSON array of objects");
  }
  return std::move(h.objects);
}

}  // namespace plaza::markets
