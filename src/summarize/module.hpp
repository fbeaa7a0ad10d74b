#pragma once

// The summaries module: the worked example of a capability module (docs/architecture.md).
// It owns [summary] and [llm] (summary_options.hpp), the "summary" job queued with every post
// revision and run with the configured engine, the summary.ready / summary.unavailable events,
// the cache drop of a post whose summary is stored, and `plaza summarize`.

#include <memory>
#include <string_view>

#include "core/result.hpp"
#include "modules/registry.hpp"
#include "outgoing/outgoing_options.hpp"
#include "summarize/summarizer.hpp"
#include "summarize/summary_options.hpp"

namespace plaza::summarize {

/// The engines `--engine` and summary.engine accept, for messages.
inline constexpr std::string_view kSummarizerNames = "extractive, llm";

/// The engine called `name`: "extractive" (no settings) or "llm" (`llm`; kInvalidArgument when
/// its url or model is missing). kInvalidArgument (field "--engine") for any other name.
Result<std::unique_ptr<Summarizer>> MakeSummarizer(std::string_view name, const LlmOptions& llm,
                                                   const outgoing::OutgoingOptions& http);

/// Registers the module. Unless summary.engine is "off": the summary job with every revision
/// (`max_attempts` attempts, jobs.max_attempts) and its kind, whose engine is made when the
/// runner starts (a bad [llm] section stops `plaza serve` then). Always: `plaza summarize`.
void Register(ModuleRegistry& registry, const SummaryOptions& summary, const LlmOptions& llm,
              const outgoing::OutgoingOptions& http, int max_attempts);

/// `plaza summarize` (summarize_command.cpp): summarizes one post read from standard input with
/// the engine the job workers use, so operators can try an engine (and the evaluation can
/// script it).
ModuleCommand SummarizeCommand(const LlmOptions& llm, const outgoing::OutgoingOptions& http);

}  // namespace plaza::summarize
