#include "summarize/module.hpp"

#include <memory>
#include <string>
#include <utility>

#include "events/event_hub.hpp"
#include "http/handlers/api_views.hpp"
#include "i18n/catalog.hpp"
#include "summarize/extractive.hpp"
#include "summarize/llm_summarizer.hpp"
#include "summarize/summaries.hpp"
#include "web/pages.hpp"

namespace plaza::summarize {
namespace {

// summary.ready (or summary.unavailable when the revision gets no summary) on "post:<id>", with
// the engine label formatted for each subscriber's language.
void PublishSummary(events::EventHub& hub, const Catalogs& catalogs, const Summary& summary) {
  const bool ready = summary.status == SummaryStatus::kReady;
  hub.Publish(
      "post:" + std::to_string(summary.post_id), ready ? "summary.ready" : "summary.unavailable",
      [&catalogs, summary, ready](const std::string& locale) {
        return http::SummaryEventJson(
            summary, ready ? web::SummaryEngineLabel(catalogs.For(locale), summary.engine) : "");
      });
}

// The engine and the job that runs it, shared by the kind's two handlers.
struct SummaryKind {
  std::unique_ptr<Summarizer> engine;
  std::unique_ptr<SummaryJobs> jobs;
};

}  // namespace

Result<std::unique_ptr<Summarizer>> MakeSummarizer(std::string_view name, const LlmOptions& llm,
                                                   const outgoing::OutgoingOptions& http) {
  if (name == "extractive") {
    return std::unique_ptr<Summarizer>(std::make_unique<ExtractiveSummarizer>());
  }
  if (name == "llm") {
    if (llm.base_url.empty() || llm.model.empty()) {
      return Fail(Errc::kInvalidArgument, "the llm engine needs llm.url and llm.model", "llm.url");
    }
    auto engine = LlmSummarizer::Create(llm, http);
    if (!engine) return std::unexpected(engine.error());
    return std::unique_ptr<Summarizer>(std::move(*engine));
  }
  return Fail(Errc::kInvalidArgument,
              "unknown summary engine '" + std::string(name) +
                  "' (known: " + std::string(kSummarizerNames) + ")",
              "--engine");
}

void Register(ModuleRegistry& registry, const SummaryOptions& summary, const LlmOptions& llm,
              const outgoing::OutgoingOptions& http, int max_attempts) {
  registry.AddCommand(SummarizeCommand(llm, http));
  if (summary.engine == "off") return;
  // Every revision stored queues its summary job in the same transaction.
  registry.AddRevisionJob(RevisionJob{std::string(kSummaryJobKind), max_attempts});
  registry.AddJobKind([engine_name = summary.engine, llm,
                       http](ModuleContext& context) -> Result<jobs::JobKind> {
    auto engine = MakeSummarizer(engine_name, llm, http);
    if (!engine) {
      Error e = engine.error();
      e.message = "summary engine: " + e.message;
      return std::unexpected(std::move(e));
    }
    auto kind = std::make_shared<SummaryKind>();
    kind->engine = std::move(*engine);
    // Each summary stored drops its post's cached page and JSON and goes out as an event to the
    // pages open on the post.
    kind->jobs = std::make_unique<SummaryJobs>(
        context.store, *kind->engine, context.clock, [&context](const Summary& stored) {
          if (context.drop_cached_post) context.drop_cached_post(stored.post_id);
          PublishSummary(context.events, context.catalogs, stored);
          for (const auto& listener : context.summary_listeners) listener(stored);
        });
    return jobs::JobKind{
        std::string(kSummaryJobKind),
        [kind](const Job& job, const JobTicket& ticket) { return kind->jobs->Run(job, ticket); },
        [kind](const Job& job, const Error& error) { kind->jobs->OnDead(job, error); },
    };
  });
}

}  // namespace plaza::summarize
