#pragma once

// `plaza summarize`: summarizes one post read from standard input with the engine the job
// workers use, so operators can try an engine (and the evaluation can script it).

#include <cstdio>
#include <memory>
#include <span>
#include <string_view>

#include "app/config.hpp"
#include "core/result.hpp"
#include "summarize/summarizer.hpp"

namespace plaza {

/// The engines `--engine` and the config accept, for messages.
inline constexpr std::string_view kSummarizerNames = "extractive, llm";

/// The engine called `name`, built from `config`: "extractive" (no settings) or "llm"
/// (config.llm; kInvalidArgument when its url or model is missing). kInvalidArgument (field
/// "--engine") for any other name.
Result<std::unique_ptr<summarize::Summarizer>> MakeSummarizer(std::string_view name,
                                                              const Config& config);

/// Runs `plaza summarize [--lang CODE] [--engine NAME] [--sentences N] [--config FILE]`; `args`
/// are the arguments after "summarize". Reads the post from `in` (plain text: the first line is
/// the title, the rest the body; at most 1 MiB) and writes the summary to `out`, one sentence a
/// line. --lang defaults to the language CLD2 detects. Returns the exit code: 0 (also when the
/// text gets no summary: nothing on `out`, a note on `err`), 2 for a usage error (unknown option,
/// engine or language code, bad --sentences, oversized input), 1 when the engine fails.
int RunSummarizeCommand(std::span<char* const> args, std::FILE* in, std::FILE* out, std::FILE* err);

}  // namespace plaza
