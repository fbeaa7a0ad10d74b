#include "http/json.hpp"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <vector>

namespace plaza::http {
namespace {

TEST(ParseJsonObject, ParsesAnObject) {
  auto object = ParseJsonObject(R"( {"title": "Hi", "n": 3, "tags": ["a"], "x": {"y": null}} )");
  ASSERT_TRUE(object) << object.error().message;
  EXPECT_EQ(object->at("title").as_string(), "Hi");
  EXPECT_EQ(object->at("n").as_int64(), 3);
  EXPECT_EQ(object->at("tags").as_array().size(), 1u);
  EXPECT_TRUE(object->at("x").as_object().at("y").is_null());
}

TEST(ParseJsonObject, MalformedJsonNamesTheBytePosition) {
  auto object = ParseJsonObject(R"({"a": 1,, "b": 2})");
  ASSERT_FALSE(object);
  EXPECT_EQ(object.error().code, Errc::kInvalidArgument);
  EXPECT_NE(object.error().message.find("at byte 8"), std::string::npos) << object.error().message;
}

TEST(ParseJsonObject, RejectsATopLevelNonObject) {
  for (const char* body : {"[1]", "\"s\"", "3", "null", ""}) {
    auto object = ParseJsonObject(body);
    ASSERT_FALSE(object) << body;
    EXPECT_EQ(object.error().code, Errc::kInvalidArgument) << body;
  }
}

TEST(ParseJsonObject, RejectsTrailingData) {
  auto object = ParseJsonObject(R"({"a": 1} {"b": 2})");
  ASSERT_FALSE(object);
  EXPECT_NE(object.error().message.find("at byte 9"), std::string::npos) << object.error().message;
}

TEST(ParseJsonObject, RejectsExtensions) {
  EXPECT_FALSE(ParseJsonObject(R"({"a": 1,})"));
  EXPECT_FALSE(ParseJsonObject("{/* c */ \"a\": 1}"));
  EXPECT_FALSE(ParseJsonObject(R"({"a": NaN})"));
}

TEST(ParseJsonObject, RejectsDuplicateKeysNamingThem) {
  auto object = ParseJsonObject(R"({"x": {"a": 1, "a": 2}})");
  ASSERT_FALSE(object);
  EXPECT_EQ(object.error().field, "a");
}

TEST(ParseJsonObject, RejectsInvalidUtf8NamingTheField) {
  auto object = ParseJsonObject("{\"title\": \"caf\xC3\x28\"}");
  ASSERT_FALSE(object);
  EXPECT_EQ(object.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(object.error().field, "title");
}

TEST(ParseJsonObject, RejectsInvalidUtf8InsideAnArrayNamingItsField) {
  auto object = ParseJsonObject("{\"tags\": [\"ok\", \"\xFF\"]}");
  ASSERT_FALSE(object);
  EXPECT_EQ(object.error().field, "tags");
}

TEST(ParseJsonObject, RejectsInvalidUtf8InAKey) {
  auto object = ParseJsonObject("{\"\xC0\xAF\": 1}");
  ASSERT_FALSE(object);
  EXPECT_EQ(object.error().code, Errc::kInvalidArgument);
}

TEST(ParseJsonObject, RejectsLoneSurrogateEscapes) {
  EXPECT_FALSE(ParseJsonObject(R"({"a": "\ud800"})"));
  auto pair = ParseJsonObject(R"({"a": "\ud83d\ude00"})");
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->at("a").as_string(), "\xF0\x9F\x98\x80");
}

// Found by fuzz/json_fuzz.cpp: 1e400 was taken as infinity, which serializes as "Infinity",
// not JSON. Input in fuzz/corpus/json/regress-infinity.
TEST(ParseJsonObject, RejectsNumbersBeyondTheDoubleRangeNamingTheField) {
  auto object = ParseJsonObject(R"({"a": {"b": [1, 2.5, 1e400]}})");
  ASSERT_FALSE(object);
  EXPECT_EQ(object.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(object.error().field, "b");
  EXPECT_FALSE(ParseJsonObject(R"({"n": -1E+309})"));
  auto small = ParseJsonObject(R"({"n": 1e-400, "m": 1.7976931348623157e308})");
  ASSERT_TRUE(small);  // underflow to zero and the largest double stay numbers
  EXPECT_EQ(small->at("n").as_double(), 0.0);
}

TEST(ParseJsonObject, RejectsDeepNesting) {
  std::string deep = "{\"a\":";
  for (int i = 0; i < 40; ++i) deep += "[";
  for (int i = 0; i < 40; ++i) deep += "]";
  deep += "}";
  EXPECT_FALSE(ParseJsonObject(deep));
}

const std::vector<JsonFieldSpec> kPostSpec = {
    {"title", JsonType::kString, true},
    {"revision", JsonType::kInt, false},
    {"draft", JsonType::kBool, false},
};

TEST(ParseJsonFields, ReadsAllowedFields) {
  auto fields = ParseJsonFields(R"({"title": "T", "revision": 4, "draft": true})", kPostSpec);
  ASSERT_TRUE(fields) << fields.error().message;
  EXPECT_EQ(fields->String("title"), "T");
  EXPECT_EQ(fields->Int("revision"), 4);
  EXPECT_EQ(fields->Bool("draft"), true);
}

TEST(ParseJsonFields, ReadsArraysOfStrings) {
  const std::vector<JsonFieldSpec> spec = {{"tokens", JsonType::kStringList, false}};
  auto fields = ParseJsonFields(R"({"tokens": ["BTC", "eth"]})", spec);
  ASSERT_TRUE(fields) << fields.error().message;
  EXPECT_EQ(fields->StringList("tokens"), (std::vector<std::string>{"BTC", "eth"}));
  auto empty = ParseJsonFields(R"({"tokens": []})", spec);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->StringList("tokens"), std::vector<std::string>{});
  auto null = ParseJsonFields(R"({"tokens": null})", spec);
  ASSERT_TRUE(null);
  EXPECT_EQ(null->StringList("tokens"), std::nullopt);
  for (const char* body : {R"({"tokens": "BTC"})", R"({"tokens": ["BTC", 1]})",
                           R"({"tokens": [["BTC"]]})", R"({"tokens": [null]})"}) {
    auto bad = ParseJsonFields(body, spec);
    ASSERT_FALSE(bad) << body;
    EXPECT_EQ(bad.error().field, "tokens") << body;
    EXPECT_NE(bad.error().message.find("an array of strings"), std::string::npos);
  }
}

TEST(ParseJsonFields, OptionalFieldsMayBeAbsentOrNull) {
  auto fields = ParseJsonFields(R"({"title": "T", "revision": null})", kPostSpec);
  ASSERT_TRUE(fields);
  EXPECT_FALSE(fields->Has("revision"));
  EXPECT_EQ(fields->Int("revision"), std::nullopt);
  EXPECT_EQ(fields->Bool("draft"), std::nullopt);
}

TEST(ParseJsonFields, RejectsUnknownFieldsNamingThem) {
  auto fields = ParseJsonFields(R"({"title": "T", "admin": true})", kPostSpec);
  ASSERT_FALSE(fields);
  EXPECT_EQ(fields.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(fields.error().field, "admin");
}

TEST(ParseJsonFields, RejectsAMissingRequiredField) {
  auto fields = ParseJsonFields(R"({"revision": 1})", kPostSpec);
  ASSERT_FALSE(fields);
  EXPECT_EQ(fields.error().field, "title");
}

TEST(ParseJsonFields, RejectsWrongTypesNamingTheField) {
  for (const char* body : {R"({"title": 5})", R"({"title": ["x"]})", R"({"title": {}})"}) {
    auto fields = ParseJsonFields(body, kPostSpec);
    ASSERT_FALSE(fields) << body;
    EXPECT_EQ(fields.error().field, "title") << body;
  }
  for (const char* body :
       {R"({"title": "T", "revision": 1.0})", R"({"title": "T", "revision": "1"})",
        R"({"title": "T", "revision": 9223372036854775808})"}) {
    auto fields = ParseJsonFields(body, kPostSpec);
    ASSERT_FALSE(fields) << body;
    EXPECT_EQ(fields.error().field, "revision") << body;
  }
}

TEST(ParseJsonFields, AcceptsTheLargestInt64) {
  auto fields = ParseJsonFields(R"({"title": "T", "revision": 9223372036854775807})", kPostSpec);
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->Int("revision"), 9223372036854775807LL);
}

}  // namespace
}  // namespace plaza::http
