// The llm.* config keys: they fill summarize::LlmOptions from a TOML file and the environment.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "app/config.hpp"

namespace plaza {
namespace {

std::string WriteToml(const std::string& text) {
  auto dir =
      std::filesystem::temp_directory_path() / ("plaza-llm-config-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / "plaza.toml";
  std::ofstream(path) << text;
  return path.string();
}

TEST(LlmConfig, FileFillsTheEngineOptions) {
  Config c;
  auto path = WriteToml(
      "[llm]\nurl = \"http://127.0.0.1:8080/v1/\"\nmodel = \"qwen\"\ntimeout_ms = 5000\n"
      "max_tokens = 200\ntemperature = 0.5\nmax_input_chars = 8000\nprompt = \"P {language}\"\n"
      "prompt_zh_hans = \"Chinese prompt\"\nprompt_fr = \"French prompt\"\n");
  auto st = ApplyConfigFile(c, path);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(c.llm.base_url, "http://127.0.0.1:8080/v1");
  EXPECT_EQ(c.llm.model, "qwen");
  EXPECT_EQ(c.llm.timeout_ms, 5000u);
  EXPECT_EQ(c.llm.max_tokens, 200);
  EXPECT_DOUBLE_EQ(c.llm.temperature, 0.5);
  EXPECT_EQ(c.llm.max_input_chars, 8000u);
  EXPECT_EQ(c.llm.prompt, "P {language}");
  EXPECT_EQ(c.llm.prompts.at("zh-Hans"), "Chinese prompt");
  EXPECT_EQ(c.llm.prompts.at("fr"), "French prompt");
}

TEST(LlmConfig, KeyComesFromTheEnvironmentAndEmptyPromptFallsBack) {
  Config c;
  ASSERT_TRUE(SetConfigValue(c, "llm.prompt_ja", "Japanese prompt"));
  ASSERT_TRUE(ApplyConfigEnv(c, {{"PLAZA_LLM_API_KEY", "sk-env"}, {"PLAZA_LLM_PROMPT_JA", ""}}));
  EXPECT_EQ(c.llm.api_key, "sk-env");
  EXPECT_EQ(c.llm.prompts.count("ja"), 0u);
}

TEST(LlmConfig, BadValuesNameTheirKey) {
  Config c;
  EXPECT_EQ(SetConfigValue(c, "llm.url", "ftp://x").error().field, "llm.url");
  EXPECT_EQ(SetConfigValue(c, "llm.temperature", "2.5").error().field, "llm.temperature");
  EXPECT_EQ(SetConfigValue(c, "llm.temperature", "warm").error().field, "llm.temperature");
  EXPECT_EQ(SetConfigValue(c, "llm.timeout_ms", "0").error().field, "llm.timeout_ms");
  EXPECT_EQ(SetConfigValue(c, "llm.max_input_chars", "10").error().field, "llm.max_input_chars");
  EXPECT_TRUE(SetConfigValue(c, "llm.url", ""));
}

}  // namespace
}  // namespace plaza
