// The one flag parser of the subcommands.

#include "config/flags.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace plaza::config {
namespace {

constexpr FlagSpec kFlags[] = {
    {"--state", "S", "job state"},
    {"--dead", "", "every dead job"},
    {"--data", "DIR", "", "storage.data_dir"},
};

Result<ParsedFlags> Parse(std::vector<std::string> args, bool positional = false) {
  static std::vector<std::string> keep;
  keep = std::move(args);
  static std::vector<char*> argv;
  argv.clear();
  for (auto& a : keep) argv.push_back(a.data());
  return ParseFlags(argv, kFlags, positional);
}

TEST(Flags, ValuesInBothFormsBareFlagsAndSettings) {
  auto f = Parse({"--state", "dead", "--data=/tmp/d", "--dead", "--state=done"});
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->Get("--state"), "done");  // the last one wins
  EXPECT_TRUE(f->Has("--dead"));
  EXPECT_FALSE(f->Has("--nope"));
  ASSERT_EQ(f->Settings().size(), 1u);
  EXPECT_EQ(f->Settings()[0].first, "storage.data_dir");
  EXPECT_EQ(f->Settings()[0].second, "/tmp/d");
}

TEST(Flags, UsageErrorsNameTheOption) {
  auto f = Parse({"--fast"});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().message, "unknown option --fast");
  f = Parse({"--state"});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().message, "--state needs a value");
  f = Parse({"--dead=1"});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().message, "--dead takes no value");
  f = Parse({"42"});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().message, "unexpected argument '42'");
  f = Parse({"--\xff"});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().message.find('\xff'), std::string::npos);  // made valid UTF-8
}

TEST(Flags, PositionalArgumentsAndHelp) {
  auto f = Parse({"42", "--dead"}, /*positional=*/true);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->positional, std::vector<std::string>{"42"});
  f = Parse({"--fast", "--help"});
  ASSERT_TRUE(f);  // --help wins over anything else
  EXPECT_TRUE(f->help);
}

TEST(Flags, HelpComesFromTheDeclarations) {
  const std::string help =
      FlagHelp(kFlags, [](std::string_view key) { return "help of " + std::string(key); });
  EXPECT_NE(help.find("  --state S   job state\n"), std::string::npos) << help;
  EXPECT_NE(help.find("  --data DIR  help of storage.data_dir (storage.data_dir)\n"),
            std::string::npos)
      << help;
  EXPECT_NE(help.find("--help"), std::string::npos);
}

}  // namespace
}  // namespace plaza::config
