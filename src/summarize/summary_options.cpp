#include "summarize/summary_options.hpp"

#include <cctype>
#include <charconv>

#include "i18n/locales.hpp"

namespace plaza::summarize {

const config::Section<SummaryOptions>& SummarySection() {
  static const auto section =
      config::Section<SummaryOptions>("summary", "summaries of posts: docs/summaries.md")
          .Choice("engine", &SummaryOptions::engine, {"extractive", "llm", "off"},
                  "\"extractive\" (built in, offline), \"llm\" (needs llm.url and llm.model) or "
                  "\"off\" (no summaries)");
  return section;
}

namespace {

Status SetTemperature(LlmOptions& o, std::string_view v, std::string_view key) {
  double t = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), t);
  if (ec != std::errc() || p != v.data() + v.size() || !(t >= 0 && t <= 2)) {
    return config::BadValue(key, "'" + std::string(v) + "' is not a number within 0..2");
  }
  o.temperature = t;
  return {};
}

std::string ShowTemperature(const LlmOptions& o) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, o.temperature);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

// "zh-Hans" → "zh_hans": the key suffix of a content language's prompt.
std::string KeySuffix(std::string_view code) {
  std::string out;
  for (char c : code) out += c == '-' ? '_' : static_cast<char>(std::tolower(c));
  return out;
}

config::Section<LlmOptions> DeclareLlm() {
  config::Section<LlmOptions> section(
      "llm", "LLM summaries (summary.engine = \"llm\"): docs/llm-summaries.md");
  section
      .Scalar(
          "url",
          [](LlmOptions& o, std::string_view v, std::string_view key) -> Status {
            auto url = config::ParseBaseUrl(key, v, /*allow_empty=*/true);
            if (!url) return std::unexpected(url.error());
            o.base_url = std::move(*url);
            return {};
          },
          [](const LlmOptions& o) { return config::Quoted(o.base_url); },
          "API root that /chat/completions is appended to, e.g. \"http://127.0.0.1:8080/v1\" "
          "(llama.cpp, vLLM), \"http://127.0.0.1:11434/v1\" (Ollama); \"\" = no LLM engine")
      .Text("model", &LlmOptions::model,
            "the request's \"model\"; the summary box says \"AI summary · model\"")
      .Text("api_key", &LlmOptions::api_key,
            "sent as \"Authorization: Bearer <key>\"; \"\" = no header. Prefer "
            "PLAZA_LLM_API_KEY over writing it in the file")
      .Integer("timeout_ms", &LlmOptions::timeout_ms, 1u, 3'600'000u,
               "one request, connecting included (at most 10 s of it)")
      .Integer("max_tokens", &LlmOptions::max_tokens, 1, 100'000, "longest answer, in tokens")
      .Scalar("temperature", &SetTemperature, &ShowTemperature, "sampling temperature, 0..2")
      .Integer("max_input_chars", &LlmOptions::max_input_chars, std::size_t{100},
               std::size_t{1'000'000}, "the post (title + body) is cut to this many characters")
      .Text("prompt", &LlmOptions::prompt,
            "system prompt; \"\" = the built-in English one. {language} and {sentences} are "
            "filled in (\"French\", \"2 to 3 sentences\"). prompt_<language> below wins over it "
            "for posts in that language");
  for (const ContentLanguage& lang : ContentLanguages()) {
    const std::string code(lang.code);
    section.Scalar(
        "prompt_" + KeySuffix(code),
        [code](LlmOptions& o, std::string_view v, std::string_view) -> Status {
          if (v.empty()) {
            o.prompts.erase(code);
          } else {
            o.prompts[code] = std::string(v);
          }
          return {};
        },
        [code](const LlmOptions& o) {
          auto it = o.prompts.find(code);
          return config::Quoted(it == o.prompts.end() ? std::string() : it->second);
        },
        "for posts in " + std::string(lang.name) + " (" + code + "); \"\" = use `prompt`");
  }
  return section;
}

}  // namespace

const config::Section<LlmOptions>& LlmSection() {
  static const config::Section<LlmOptions> section = DeclareLlm();
  return section;
}

}  // namespace plaza::summarize
