#include "app/summarize_command.hpp"

#include <charconv>
#include <optional>
#include <string>
#include <utility>

#include "posts/lang_detect.hpp"
#include "summarize/extractive.hpp"
#include "summarize/llm_summarizer.hpp"

namespace plaza {
namespace {

// A post body holds at most 50,000 code points (200 KB); anything far past that is a mistake.
constexpr std::size_t kMaxInputBytes = std::size_t{1} << 20;
// More sentences than this is no longer a summary.
constexpr int kMaxSentences = 100;

constexpr std::string_view kUsage =
    "usage: plaza summarize [options] < post.txt\n"
    "\n"
    "Summarizes a post read from standard input: the first line is the title, the rest the body\n"
    "(plain text). Prints the summary one sentence a line; prints nothing when the text gets no\n"
    "summary (fewer than 80 words or fewer than two sentences).\n"
    "\n"
    "options:\n"
    "  --lang CODE      content language (en, fr, es, pt, ru, uk, zh-Hans, zh-Hant, ja, ar, vi,\n"
    "                   id, und); default: detected\n"
    "  --engine NAME    extractive (default) or llm (needs llm.url and llm.model in the config\n"
    "                   or PLAZA_LLM_URL / PLAZA_LLM_MODEL)\n"
    "  --sentences N    exactly N sentences, no length cap (default: 2-3 within 400 characters)\n"
    "  --config FILE    settings for the engine (TOML, as for `plaza serve`)\n"
    "  --help           show this help\n";

struct Options {
  std::string lang;  // "" = detect
  std::string engine = "extractive";
  int sentences = 0;
  std::string config_file;
};

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

// Options, or a usage error. `help` is set by --help.
Result<Options> Parse(std::span<char* const> args, bool& help) {
  Options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      help = true;
      return options;
    }
    std::string value;
    bool has_value = false;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      value = std::string(arg.substr(eq + 1));
      arg = arg.substr(0, eq);
      has_value = true;
    }
    if (arg != "--lang" && arg != "--engine" && arg != "--sentences" && arg != "--config") {
      return Fail(Errc::kInvalidArgument, "unknown option " + std::string(arg), std::string(arg));
    }
    if (!has_value) {
      if (i + 1 >= args.size()) {
        return Fail(Errc::kInvalidArgument, std::string(arg) + " needs a value", std::string(arg));
      }
      value = args[++i];
    }
    if (arg == "--lang") {
      if (!IsKnownContentLang(value)) {
        return Fail(Errc::kInvalidArgument,
                    "unknown language code '" + value +
                        "' (en, fr, es, pt, ru, uk, zh-Hans, zh-Hant, ja, ar, vi, id, und)",
                    "--lang");
      }
      options.lang = value;
    } else if (arg == "--engine") {
      options.engine = value;
    } else if (arg == "--sentences") {
      auto n = ParseSentences(value);
      if (!n) return std::unexpected(n.error());
      options.sentences = *n;
    } else {
      options.config_file = value;
    }
  }
  return options;
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

}  // namespace

Result<std::unique_ptr<summarize::Summarizer>> MakeSummarizer(std::string_view name,
                                                              const Config& config) {
  if (name == "extractive") {
    return std::unique_ptr<summarize::Summarizer>(
        std::make_unique<summarize::ExtractiveSummarizer>());
  }
  if (name == "llm") {
    if (config.llm.base_url.empty() || config.llm.model.empty()) {
      return Fail(Errc::kInvalidArgument, "the llm engine needs llm.url and llm.model", "llm.url");
    }
    auto engine = summarize::LlmSummarizer::Create(config.llm, config.http_client);
    if (!engine) return std::unexpected(engine.error());
    return std::unique_ptr<summarize::Summarizer>(std::move(*engine));
  }
  return Fail(Errc::kInvalidArgument,
              "unknown summary engine '" + std::string(name) +
                  "' (known: " + std::string(kSummarizerNames) + ")",
              "--engine");
}

int RunSummarizeCommand(std::span<char* const> args, std::FILE* in, std::FILE* out,
                        std::FILE* err) {
  bool help = false;
  auto options = Parse(args, help);
  if (help) {
    std::fputs(std::string(kUsage).c_str(), out);
    return 0;
  }
  if (!options) {
    std::fprintf(err, "plaza summarize: %s\n", options.error().message.c_str());
    return 2;
  }
  Config config;
  if (!options->config_file.empty()) {
    if (auto st = ApplyConfigFile(config, options->config_file); !st) {
      std::fprintf(err, "plaza summarize: %s\n", st.error().message.c_str());
      return 2;
    }
  }
  if (auto st = ApplyConfigEnv(config, ProcessEnvironment()); !st) {
    std::fprintf(err, "plaza summarize: %s\n", st.error().message.c_str());
    return 2;
  }
  auto engine = MakeSummarizer(options->engine, config);
  if (!engine) {
    std::fprintf(err, "plaza summarize: %s\n", engine.error().message.c_str());
    return 2;
  }
  auto input = ReadAll(in);
  if (!input) {
    std::fprintf(err, "plaza summarize: %s\n", input.error().message.c_str());
    return input.error().code == Errc::kLimitExceeded ? 2 : 1;
  }
  summarize::SummaryRequest request;
  const std::size_t newline = input->find('\n');
  request.title = input->substr(0, newline);
  if (!request.title.empty() && request.title.back() == '\r') request.title.pop_back();
  if (newline != std::string::npos) request.body = input->substr(newline + 1);
  request.sentences = options->sentences;
  request.lang =
      options->lang.empty() ? DetectContentLang(request.title, request.body) : options->lang;

  auto summary = (*engine)->Summarize(request);
  if (!summary) {
    std::fprintf(err, "plaza summarize: %s engine failed: %s\n", (*engine)->Name().c_str(),
                 summary.error().message.c_str());
    return 1;
  }
  const std::optional<summarize::SummaryOutput>& output = *summary;
  if (!output.has_value()) {
    std::fprintf(err,
                 "plaza summarize: no summary (the text is too short: fewer than %d words or "
                 "fewer than two sentences)\n",
                 summarize::kMinWordsForSummary);
    return 0;
  }
  for (const auto& sentence : output->sentences) {
    std::fprintf(out, "%s\n", sentence.c_str());
  }
  return std::fflush(out) == 0 ? 0 : 1;
}

}  // namespace plaza
