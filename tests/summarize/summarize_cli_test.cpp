// `plaza summarize` run as a process: the built binary (PLAZA_BIN) reads a post on stdin.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "summarize/summarize_texts.hpp"
#include "text/text.hpp"

namespace plaza {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class SummarizeCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "plaza-summarize-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `plaza summarize ARGS` with `input` on stdin (arguments are single-quoted).
  Outcome Run(std::string_view input, const std::vector<std::string>& args) {
    {
      std::ofstream in(dir_ / "in.txt", std::ios::binary);
      in.write(input.data(), static_cast<std::streamsize>(input.size()));
    }
    std::string command = std::string("'") + PLAZA_BIN + "' summarize";
    for (const auto& a : args) command += " '" + a + "'";
    command += " < '" + (dir_ / "in.txt").string() + "' > '" + (dir_ / "out.txt").string() +
               "' 2> '" + (dir_ / "err.txt").string() + "'";
    const int status = std::system(command.c_str());
    Outcome outcome;
    if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
    outcome.out = ReadFile(dir_ / "out.txt");
    outcome.err = ReadFile(dir_ / "err.txt");
    return outcome;
  }

  static std::string Post() {
    return std::string(summarize::testing::kEnglishTitle) + "\n" +
           std::string(summarize::testing::kEnglishBody);
  }

  fs::path dir_;
};

TEST_F(SummarizeCommand, PrintsTwoOrThreeSentencesOneALine) {
  const Outcome o = Run(Post(), {"--lang", "en"});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  const auto lines = Lines(o.out);
  EXPECT_GE(lines.size(), 2U);
  EXPECT_LE(lines.size(), 3U);
  std::size_t chars = 0;
  for (const auto& line : lines) {
    EXPECT_NE(summarize::testing::kEnglishBody.find(line), std::string_view::npos) << line;
    chars += text::CountCodePoints(line) + 1;
  }
  EXPECT_LE(chars - 1, 400U);
}

TEST_F(SummarizeCommand, DetectsTheLanguageWhenNotGiven) {
  const auto& ja = summarize::testing::SampleTexts()[8];
  ASSERT_EQ(ja.lang, "ja");
  const Outcome o = Run(std::string(ja.title) + "\n" + std::string(ja.body), {});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_GE(Lines(o.out).size(), 2U);
}

TEST_F(SummarizeCommand, SentencesGivesExactlyN) {
  const Outcome o = Run(Post(), {"--sentences=5", "--engine", "extractive"});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(Lines(o.out).size(), 5U);
}

TEST_F(SummarizeCommand, ShortTextPrintsNothingAndSaysSo) {
  const Outcome o = Run("Title\nToo short to summarize.\n", {});
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_EQ(o.out, "");
  EXPECT_NE(o.err.find("no summary"), std::string::npos) << o.err;
}

TEST_F(SummarizeCommand, EmptyInputPrintsNothing) {
  const Outcome o = Run("", {});
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_EQ(o.out, "");
}

TEST_F(SummarizeCommand, UnknownEngineIsAUsageError) {
  const Outcome o = Run(Post(), {"--engine", "magic"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_NE(o.err.find("unknown summary engine 'magic'"), std::string::npos) << o.err;
}

TEST_F(SummarizeCommand, TheLlmEngineWithoutAnEndpointIsAUsageError) {
  const Outcome o = Run(Post(), {"--engine", "llm"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_NE(o.err.find("needs llm.url and llm.model"), std::string::npos) << o.err;
}

TEST_F(SummarizeCommand, BadSentencesIsAUsageError) {
  for (const char* bad : {"x", "-1", "3.5", "101", ""}) {
    SCOPED_TRACE(bad);
    const Outcome o = Run(Post(), {std::string("--sentences=") + bad});
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.err.find("--sentences"), std::string::npos) << o.err;
  }
}

TEST_F(SummarizeCommand, UnknownLanguageIsAUsageError) {
  const Outcome o = Run(Post(), {"--lang", "klingon"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("unknown language code 'klingon'"), std::string::npos) << o.err;
}

TEST_F(SummarizeCommand, UnknownOptionIsAUsageError) {
  const Outcome o = Run(Post(), {"--fast"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("unknown option --fast"), std::string::npos) << o.err;
}

TEST_F(SummarizeCommand, MissingValueIsAUsageError) {
  const Outcome o = Run(Post(), {"--lang"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--lang needs a value"), std::string::npos) << o.err;
}

TEST_F(SummarizeCommand, HelpListsTheOptions) {
  const Outcome o = Run("", {"--help"});
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_NE(o.out.find("--sentences"), std::string::npos);
  EXPECT_NE(o.out.find("--engine"), std::string::npos);
}

TEST_F(SummarizeCommand, InputOverOneMebibyteIsRefused) {
  const Outcome o = Run(std::string((1 << 20) + 10, 'a'), {});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("larger than 1 MiB"), std::string::npos) << o.err;
}

TEST_F(SummarizeCommand, InvalidUtf8AndNulBytesStillGiveValidOutput) {
  std::string post = Post();
  for (std::size_t i = 60; i < post.size(); i += 53) post.insert(i, std::string("\0\xff", 2));
  const Outcome o = Run(post, {"--lang", "en"});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_FALSE(o.out.empty());
  EXPECT_TRUE(text::IsValidUtf8(o.out));
  EXPECT_EQ(o.out.find('\0'), std::string::npos);
}

}  // namespace
}  // namespace plaza
