#pragma once

// Exchange answers (a JSON array of flat objects) read without losing a digit: Boost.JSON's DOM
// turns numbers into doubles, so the feeds read through its SAX parser, which hands over each
// number's source text.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace plaza::markets {

/// A scalar member as the server sent it: a string's value, or a number's source text.
struct FlatValue {
  enum class Kind { kString, kNumber, kOther };  // kOther: true, false, null, objects, arrays
  Kind kind = Kind::kOther;
  std::string text;
};

using FlatObject = std::map<std::string, FlatValue, std::less<>>;

/// The objects of a top-level JSON array, each as its scalar members (nested values are
/// kOther with no text). kInvalidArgument when `body` is not JSON or not an array of objects.
Result<std::vector<FlatObject>> ParseFlatObjects(std::string_view body);

}  // namespace plaza::markets
