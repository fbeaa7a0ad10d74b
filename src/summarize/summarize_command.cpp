// `plaza summarize`: one post from standard input, summarized with the engine the job workers
// use.

#include <charconv>
#include <optional>
#include <string>
#include <utility>

#include "posts/lang_detect.hpp"
#include "summarize/module.hpp"

namespace plaza::summarize {
namespace {

// A post body holds at most 50,000 code points (200 KB); anything far past that is a mistake.
constexpr std::size_t kMaxInputBytes = std::size_t{1} << 20;
// More sentences than this is no longer a summary.
constexpr int kMaxSentences = 100;

Result<int> ParseSentences(std::string_view value) {
  int n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n < 0 || n > kMaxSentences) {
    return Fail(Errc::kInvalidArgument,
                "--sentences needs a whole number from 0 to " + std::to_string(kMaxSentences),
                "--sentences");
  }
  return n;
}

// All of `in`, or kLimitExceeded past kMaxInputBytes.
Result<std::string> ReadAll(std::FILE* in) {
  std::string data;
  char buffer[1 << 14];
  while (true) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, in);
    if (n == 0) break;
    data.append(buffer, n);
    if (data.size() > kMaxInputBytes) {
      return Fail(Errc::kLimitExceeded, "the input is larger than 1 MiB");
    }
  }
  if (std::ferror(in) != 0) return Fail(Errc::kInternal, "cannot read standard input");
  return data;
}

int Run(const LlmOptions& llm, const outgoing::OutgoingOptions& http,
        const config::ParsedFlags& flags, const CommandIo& io) {
  auto usage_error = [&io](const std::string& message) {
    std::fprintf(io.err, "plaza summarize: %s\n", message.c_str());
    return 2;
  };
  const std::optional<std::string> lang_flag = flags.Get("--lang");
  const std::string lang = lang_flag.value_or("");
  if (lang_flag && !IsKnownContentLang(lang)) {
    return usage_error("unknown language code '" + lang +
                       "' (en, fr, es, pt, ru, uk, zh-Hans, zh-Hant, ja, ar, vi, id, und)");
  }
  int sentences = 0;
  if (auto text = flags.Get("--sentences")) {
    auto n = ParseSentences(*text);
    if (!n) return usage_error(n.error().message);
    sentences = *n;
  }
  auto engine = MakeSummarizer(flags.Get("--engine").value_or("extractive"), llm, http);
  if (!engine) return usage_error(engine.error().message);
  auto input = ReadAll(io.in);
  if (!input) {
    std::fprintf(io.err, "plaza summarize: %s\n", input.error().message.c_str());
    return input.error().code == Errc::kLimitExceeded ? 2 : 1;
  }
  SummaryRequest request;
  const std::size_t newline = input->find('\n');
  request.title = input->substr(0, newline);
  if (!request.title.empty() && request.title.back() == '\r') request.title.pop_back();
  if (newline != std::string::npos) request.body = input->substr(newline + 1);
  request.sentences = sentences;
  request.lang = lang.empty() ? DetectContentLang(request.title, request.body) : lang;

  auto summary = (*engine)->Summarize(request);
  if (!summary) {
    std::fprintf(io.err, "plaza summarize: %s engine failed: %s\n", (*engine)->Name().c_str(),
                 summary.error().message.c_str());
    return 1;
  }
  const std::optional<SummaryOutput>& output = *summary;
  if (!output.has_value()) {
    std::fprintf(io.err,
                 "plaza summarize: no summary (the text is too short: fewer than %d words or "
                 "fewer than two sentences)\n",
                 kMinWordsForSummary);
    return 0;
  }
  for (const auto& sentence : output->sentences) {
    std::fprintf(io.out, "%s\n", sentence.c_str());
  }
  return std::fflush(io.out) == 0 ? 0 : 1;
}

}  // namespace

ModuleCommand SummarizeCommand(const LlmOptions& llm, const outgoing::OutgoingOptions& http) {
  ModuleCommand command;
  command.name = "summarize";
  command.summary = "summarize a post read from standard input";
  command.usage = "[options] < post.txt";
  command.about =
      "Summarizes a post read from standard input: the first line is the title, the rest the body\n"
      "(plain text). Prints the summary one sentence a line; prints nothing when the text gets no\n"
      "summary (fewer than 80 words or fewer than two sentences).";
  command.flags = {
      {"--lang", "CODE",
       "content language (en, fr, es, pt, ru, uk, zh-Hans, zh-Hant, ja, ar, vi, id, und); "
       "default: detected"},
      {"--engine", "NAME",
       "extractive (default) or llm (needs llm.url and llm.model in the config or "
       "PLAZA_LLM_URL / PLAZA_LLM_MODEL)"},
      {"--sentences", "N",
       "exactly N sentences, no length cap (default: 2-3 within 400 characters)"},
  };
  command.run = [llm, http](const config::ParsedFlags& flags, const CommandIo& io) {
    return Run(llm, http, flags, io);
  };
  return command;
}

}  // namespace plaza::summarize
