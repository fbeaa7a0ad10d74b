// `plaza translate` run as a process: the built binary (PLAZA_BIN) with the installed engines.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "translate/pipeline_process.hpp"

namespace plaza::translate {
namespace {

bool ApertiumInstalled() {
  return std::filesystem::exists("/usr/share/apertium/modes/eng-spa.mode") &&
         std::filesystem::exists("/usr/share/apertium/modes/es-fr.mode");
}

Result<std::string> Plaza(const std::vector<std::string>& args, std::string_view input) {
  std::vector<std::string> argv{PLAZA_BIN, "translate"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunToEnd(argv, input, std::chrono::steady_clock::now() + std::chrono::minutes(3));
}

TEST(TranslateCommand, PrintsTheRouteTable) {
  if (!ApertiumInstalled()) GTEST_SKIP() << "Apertium not installed";
  auto out = Plaza({"--routes"}, "");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_NE(out->find("en       fr       2      yes      apertium en→es, apertium es→fr"),
            std::string::npos)
      << *out;
  EXPECT_NE(out->find("zh-Hans  zh-Hant  1      yes      opencc zh-Hans→zh-Hant"),
            std::string::npos);
  EXPECT_EQ(out->find("ru "), std::string::npos);
}

TEST(TranslateCommand, TranslatesStandardInputLineByLine) {
  if (!ApertiumInstalled()) GTEST_SKIP() << "Apertium not installed";
  auto out = Plaza({"--from", "en", "--to", "fr"}, "The house is big.\n\nBuy $BTC now, @bob!\n");
  ASSERT_TRUE(out) << out.error().message;
  const std::size_t first = out->find('\n');
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(out->substr(0, first).find("maison"), std::string::npos) << *out;
  EXPECT_EQ(out->substr(first, 2), "\n\n");  // the empty line stays empty
  EXPECT_NE(out->find("$BTC"), std::string::npos);
  EXPECT_NE(out->find("@bob!"), std::string::npos);
  EXPECT_EQ(std::count(out->begin(), out->end(), '\n'), 3);
}

TEST(TranslateCommand, UsageErrors) {
  EXPECT_FALSE(Plaza({"--from", "en"}, ""));                // no --to
  EXPECT_FALSE(Plaza({"--from", "xx", "--to", "fr"}, ""));  // unknown language
  EXPECT_FALSE(Plaza({"--from", "en", "--to", "xx"}, ""));  // unknown target
}

}  // namespace
}  // namespace plaza::translate
