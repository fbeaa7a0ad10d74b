// The JSON request decoder (src/http/json.*): every request body an API handler reads.
// Properties: a body accepted as an object serializes to JSON that is accepted again and equal;
// the typed-field decoder agrees with the object parser and with its spec.

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "fuzz/fuzz_check.hpp"
#include "http/json.hpp"

using plaza::fuzz::Require;

namespace {

constexpr std::array<plaza::http::JsonFieldSpec, 4> kSpec{{
    {"title", plaza::http::JsonType::kString, true},
    {"body_md", plaza::http::JsonType::kString, false},
    {"revision", plaza::http::JsonType::kInt, false},
    {"pinned", plaza::http::JsonType::kBool, false},
}};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body = plaza::fuzz::AsText(data, size);
  auto object = plaza::http::ParseJsonObject(body);
  if (object) {
    std::string again = boost::json::serialize(*object);
    auto reparsed = plaza::http::ParseJsonObject(again);
    Require(reparsed.has_value(), "an accepted object serializes to an accepted body");
    Require(*reparsed == *object, "an accepted object survives serialize and parse");
  }
  auto fields = plaza::http::ParseJsonFields(body, kSpec);
  if (fields) {
    Require(object.has_value(), "typed fields come only from a valid object");
    Require(fields->String("title").has_value(), "a required field is present");
    for (const auto& [key, value] : *object) {
      bool known = false;
      for (const auto& spec : kSpec) known = known || spec.name == key;
      Require(known, "no field outside the spec is accepted");
    }
  }
  return 0;
}
