// The JSON request decoder (src/http/json.*): every request body an API handler reads.
// Properties: a body accepted as an object serializes to JSON that is accepted again and equal;
// the typed-field decoder agrees with the object parser and with its spec.

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cmath>

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

// Equal, except that doubles may differ in their last bits: Boost.JSON 1.81 does not round
// every decimal correctly (2.2222222222222222e77 can come back one unit off), and Plaza reads no
// doubles from requests (integers are int64).
bool SameValue(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_double() && b.is_double()) {
    double x = a.get_double(), y = b.get_double();
    return x == y || std::fabs(x - y) <= 1e-12 * std::fmax(std::fabs(x), std::fabs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_object()) {
    const auto& ao = a.get_object();
    const auto& bo = b.get_object();
    if (ao.size() != bo.size()) return false;
    for (const auto& [key, value] : ao) {
      const auto* other = bo.if_contains(key);
      if (other == nullptr || !SameValue(value, *other)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    const auto& aa = a.get_array();
    const auto& ba = b.get_array();
    if (aa.size() != ba.size()) return false;
    for (std::size_t i = 0; i < aa.size(); ++i) {
      if (!SameValue(aa[i], ba[i])) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body = plaza::fuzz::AsText(data, size);
  auto object = plaza::http::ParseJsonObject(body);
  if (object) {
    std::string again = boost::json::serialize(*object);
    auto reparsed = plaza::http::ParseJsonObject(again);
    Require(reparsed.has_value(), "an accepted object serializes to an accepted body");
    Require(SameValue(boost::json::value(*reparsed), boost::json::value(*object)),
            "an accepted object survives serialize and parse");
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
