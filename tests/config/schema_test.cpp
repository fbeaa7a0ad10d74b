// The config schema over a settings struct of its own: nested sections, lists, arrays of tables
// (in a section and at the root), their environment forms, and errors naming key and line.

#include "config/schema.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace plaza::config {
namespace {

struct Asset {
  std::string symbol;
  int decimals = 2;
  std::string name;
};

struct MarketOptions {
  std::vector<std::string> engines = {"apertium"};
  std::vector<Asset> feeds;
  int refresh_ms = 1000;
};

struct AssetRegistry {
  std::vector<Asset> assets;
};

struct Settings {
  MarketOptions market;
  AssetRegistry registry;
};

const Section<Asset>& AssetFields() {
  static const auto fields =
      Section<Asset>()
          .Scalar(
              "symbol",
              [](Asset& a, std::string_view v, std::string_view key) -> Status {
                if (v.empty() || v.size() > 10) return BadValue(key, "expected 1 to 10 letters");
                a.symbol = std::string(v);
                return {};
              },
              [](const Asset& a) { return Quoted(a.symbol); }, "ticker symbol")
          .Required()
          .Integer("decimals", &Asset::decimals, 0, 18, "decimals of the minor unit")
          .Text("name", &Asset::name, "name shown")
          .Check([](const Asset& a, std::string_view key) -> Status {
            if (a.symbol == "XXX" && a.decimals != 0) {
              return BadValue(key, "XXX has no minor unit");
            }
            return {};
          });
  return fields;
}

const Schema<Settings>& TestSchema() {
  static const Schema<Settings> schema = [] {
    Schema<Settings> s;
    s.Add(&Settings::market,
          Section<MarketOptions>("market", "markets")
              .List("engines", &MarketOptions::engines, "engines in order",
                    [](MarketOptions&, std::string_view v, std::string_view key) -> Status {
                      if (v.empty()) return BadValue(key, "an engine needs a name");
                      return {};
                    })
              .Tables("feeds", &MarketOptions::feeds, AssetFields(), "price feeds")
              .Integer("refresh_ms", &MarketOptions::refresh_ms, 10, 60'000, "refresh"));
    s.Add(&Settings::registry, Section<AssetRegistry>("", "").Tables(
                                   "assets", &AssetRegistry::assets, AssetFields(), "assets"));
    return s;
  }();
  return schema;
}

class SchemaFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("plaza-schema-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& text) {
    auto path = dir_ / "plaza.toml";
    std::ofstream(path) << text;
    return path.string();
  }
  // The error applying `text`, or "" when it applies.
  std::string ErrorOf(const std::string& text) {
    Settings s;
    auto st = TestSchema().ApplyFile(s, Write(text));
    return st ? std::string() : st.error().message;
  }
  std::filesystem::path dir_;
};

TEST_F(SchemaFile, ListsAndArraysOfTablesFillTheNestedStructs) {
  Settings s;
  auto st = TestSchema().ApplyFile(s, Write("[market]\n"
                                            "engines = [\"opencc\", \"apertium\", \"http\"]\n"
                                            "refresh_ms = 500\n"
                                            "[[market.feeds]]\n"
                                            "symbol = \"BTC\"\n"
                                            "[[assets]]\n"
                                            "symbol = \"BTC\"\n"
                                            "decimals = 8\n"
                                            "name = \"Bitcoin\"\n"
                                            "[[assets]]\n"
                                            "symbol = \"USD\"\n"));
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(s.market.engines, (std::vector<std::string>{"opencc", "apertium", "http"}));
  EXPECT_EQ(s.market.refresh_ms, 500);
  ASSERT_EQ(s.market.feeds.size(), 1u);
  EXPECT_EQ(s.market.feeds[0].symbol, "BTC");
  ASSERT_EQ(s.registry.assets.size(), 2u);
  EXPECT_EQ(s.registry.assets[0].decimals, 8);
  EXPECT_EQ(s.registry.assets[0].name, "Bitcoin");
  EXPECT_EQ(s.registry.assets[1].symbol, "USD");
  EXPECT_EQ(s.registry.assets[1].decimals, 2);  // the field's default
}

TEST_F(SchemaFile, InlineArrayOfTablesIsTheSameAsTableBlocks) {
  Settings s;
  auto st = TestSchema().ApplyFile(
      s, Write("[market]\nfeeds = [{symbol = \"ETH\", decimals = 6}, {symbol = \"SOL\"}]\n"));
  ASSERT_TRUE(st) << st.error().message;
  ASSERT_EQ(s.market.feeds.size(), 2u);
  EXPECT_EQ(s.market.feeds[0].decimals, 6);
  EXPECT_EQ(s.market.feeds[1].symbol, "SOL");
}

TEST_F(SchemaFile, BadFieldNamesItsKeyIndexAndLine) {
  const std::string e =
      ErrorOf("[[assets]]\nsymbol = \"BTC\"\n[[assets]]\nsymbol = \"ETH\"\ndecimals = \"many\"\n");
  EXPECT_NE(e.find("assets[2].decimals"), std::string::npos) << e;
  EXPECT_NE(e.find("plaza.toml:5:"), std::string::npos) << e;
  EXPECT_NE(e.find("is not a whole number"), std::string::npos) << e;
}

TEST_F(SchemaFile, MissingRequiredFieldNamesTheTableLine) {
  const std::string e = ErrorOf("[market]\nrefresh_ms = 20\n\n[[assets]]\ndecimals = 2\n");
  EXPECT_NE(e.find("assets[1].symbol"), std::string::npos) << e;
  EXPECT_NE(e.find("is required"), std::string::npos) << e;
  EXPECT_NE(e.find("plaza.toml:4:"), std::string::npos) << e;
}

TEST_F(SchemaFile, UnknownFieldAndWholeTableCheck) {
  std::string e = ErrorOf("[[assets]]\nsymbol = \"BTC\"\ncolour = \"red\"\n");
  EXPECT_NE(e.find("unknown config key assets[1].colour"), std::string::npos) << e;
  EXPECT_NE(e.find(":3:"), std::string::npos) << e;
  e = ErrorOf("[[assets]]\nsymbol = \"XXX\"\ndecimals = 2\n");
  EXPECT_NE(e.find("assets[1]: XXX has no minor unit"), std::string::npos) << e;
  EXPECT_NE(e.find(":1:"), std::string::npos) << e;
}

TEST_F(SchemaFile, WrongShapesAreErrorsNamingKeyAndLine) {
  std::string e = ErrorOf("[market]\nrefresh_ms = 20\nengines = [{name = \"x\"}]\n");
  EXPECT_NE(e.find("market.engines: expected a list of strings"), std::string::npos) << e;
  EXPECT_NE(e.find(":3:"), std::string::npos) << e;
  e = ErrorOf("assets = \"BTC\"\n");
  EXPECT_NE(e.find("config key assets: expected an array of tables"), std::string::npos) << e;
  e = ErrorOf("[market]\nrefresh_ms = [1, 2]\n");
  EXPECT_NE(e.find("market.refresh_ms: expected one value"), std::string::npos) << e;
  e = ErrorOf("[market]\nengines = [\"a\", {x = 1}]\n");
  EXPECT_NE(e.find("market.engines: mixes tables and values"), std::string::npos) << e;
  e = ErrorOf("[market]\nengines = [\"a\", \"\"]\n");
  EXPECT_NE(e.find("market.engines[2]: an engine needs a name"), std::string::npos) << e;
}

TEST_F(SchemaFile, MalformedTomlNamesTheLine) {
  const std::string e = ErrorOf("[market]\nengines = [\"a\",\n\nrefresh_ms = 3\n");
  EXPECT_NE(e.find("plaza.toml:"), std::string::npos) << e;
  EXPECT_EQ(e.find("plaza.toml:1:"), std::string::npos) << e;  // the line of the break, not 1
}

TEST(SchemaEnv, ListsTakeCommasOrATomlArray) {
  Settings s;
  ASSERT_TRUE(TestSchema().ApplyEnv(s, {{"PLAZA_MARKET_ENGINES", "opencc, apertium"}}));
  EXPECT_EQ(s.market.engines, (std::vector<std::string>{"opencc", "apertium"}));
  ASSERT_TRUE(TestSchema().ApplyEnv(s, {{"PLAZA_MARKET_ENGINES", R"(["a,b", "c"])"}}));
  EXPECT_EQ(s.market.engines, (std::vector<std::string>{"a,b", "c"}));
  ASSERT_TRUE(TestSchema().ApplyEnv(s, {{"PLAZA_MARKET_ENGINES", ""}}));
  EXPECT_TRUE(s.market.engines.empty());
}

TEST(SchemaEnv, ArraysOfTablesAreInlineToml) {
  Settings s;
  auto st = TestSchema().ApplyEnv(
      s, {{"PLAZA_ASSETS", R"([{symbol="BTC", decimals=8}, {symbol = "ETH"}])"},
          {"PLAZA_MARKET_FEEDS", R"([{symbol="SOL"}])"}});
  ASSERT_TRUE(st) << st.error().message;
  ASSERT_EQ(s.registry.assets.size(), 2u);
  EXPECT_EQ(s.registry.assets[0].decimals, 8);
  EXPECT_EQ(s.registry.assets[1].symbol, "ETH");
  ASSERT_EQ(s.market.feeds.size(), 1u);
}

TEST(SchemaEnv, MalformedValuesNameTheVariableTheKeyAndWhere) {
  Settings s;
  auto st = TestSchema().ApplyEnv(s, {{"PLAZA_ASSETS", R"([{symbol="BTC", decimals=8})"}});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("PLAZA_ASSETS"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("config key assets"), std::string::npos);
  EXPECT_NE(st.error().message.find("line 1, column"), std::string::npos);
  EXPECT_EQ(st.error().field, "assets");

  st = TestSchema().ApplyEnv(s, {{"PLAZA_ASSETS", "BTC"}});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("inline TOML array of tables"), std::string::npos);

  st = TestSchema().ApplyEnv(s, {{"PLAZA_ASSETS", R"([{symbol="BTC", decimals=99}])"}});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "assets[1].decimals");
  EXPECT_NE(st.error().message.find("0..18"), std::string::npos) << st.error().message;

  st = TestSchema().ApplyEnv(s, {{"PLAZA_MARKET_NOPE", "1"}});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("unknown environment variable PLAZA_MARKET_NOPE"),
            std::string::npos);
}

TEST(SchemaSet, FlagsUseTheTextForm) {
  Settings s;
  ASSERT_TRUE(TestSchema().Set(s, "market.engines", "x,y"));
  EXPECT_EQ(s.market.engines, (std::vector<std::string>{"x", "y"}));
  auto st = TestSchema().Set(s, "market.refresh_ms", "5");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "market.refresh_ms");
  EXPECT_EQ(st.error().message, "config key market.refresh_ms: 5 is outside 10..60000");
  EXPECT_FALSE(TestSchema().Set(s, "market.missing", "1"));
}

TEST(SchemaReference, ShowsDefaultsHelpAndTableFields) {
  const std::string ref = TestSchema().Reference();
  EXPECT_NE(ref.find("[market]"), std::string::npos) << ref;
  EXPECT_NE(ref.find("engines = [\"apertium\"]"), std::string::npos) << ref;
  EXPECT_NE(ref.find("refresh_ms = 1000"), std::string::npos) << ref;
  EXPECT_NE(ref.find("# [[market.feeds]]"), std::string::npos) << ref;
  EXPECT_NE(ref.find("# [[assets]]"), std::string::npos) << ref;
  EXPECT_NE(ref.find("# decimals ="), std::string::npos) << ref;
  for (const auto& line : WrapWords(ref, 1000)) EXPECT_LE(line.size(), 1000u);
}

TEST(SchemaDeclaration, AKeyDeclaredTwiceIsRefusedAtStartUp) {
  Schema<Settings> s;
  s.Add(&Settings::market, Section<MarketOptions>("market").Integer(
                               "refresh_ms", &MarketOptions::refresh_ms, 1, 2, "x"));
  EXPECT_THROW(s.Add(&Settings::market, Section<MarketOptions>("market").Integer(
                                            "refresh_ms", &MarketOptions::refresh_ms, 1, 2, "y")),
               std::logic_error);
}

}  // namespace
}  // namespace plaza::config
