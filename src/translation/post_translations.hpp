#pragma once

// The translations service: what a reader is shown of a post in their language, the
// "translate" jobs that make it, and the queueing rules (eager targets at publish, summaries
// when stored, other targets on demand within a per-address limit). Plain synchronous C++: the
// page and API handlers call ViewFor on the worker pool, the job runner calls the Run methods.
// It reaches the translation engines only through translate::Translator (src/translate/).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "core/result.hpp"
#include "jobs/job_runner.hpp"
#include "storage/store.hpp"
#include "summarize/summary_view.hpp"
#include "translate/translation_options.hpp"
#include "translate/translator.hpp"
#include "translation/translation_view.hpp"

namespace plaza::translation {

/// One job per (text, target, engines): dedupe key "<text hash>:<from>:<to>:<engines>".
inline constexpr std::string_view kTranslateJobKind = "translate";
/// Queued with every post revision (dedupe key "post:<id>:<revision>"): queues the revision's
/// title and body into every eager target.
inline constexpr std::string_view kTranslateRevisionJobKind = "translate.revision";

/// Which text of a post a job translates.
enum class TextPart { kTitle, kBody, kSummary };

/// What one "translate" job translates: `text` (in `from`) into `to`. `post_id` and `revision`
/// say which post asked first (for its event and cache drop); another post with the same text
/// shares the job and the stored row.
struct TranslateRequest {
  std::int64_t post_id = 0;
  int revision = 0;
  TextPart part = TextPart::kTitle;
  std::string from;
  std::string to;
  std::string engine;  // Route::EngineKey() when queued
  std::string text;
};

/// "<TextHash(text)>:<from>:<to>:<engine>".
std::string TranslateJobKey(const TranslateRequest& request);
/// The job's payload (JSON) and back; kInvalidArgument (field "payload") for anything else.
std::string TranslatePayload(const TranslateRequest& request);
Result<TranslateRequest> ParseTranslatePayload(std::string_view payload);

/// Whether a view may queue the jobs it finds missing.
enum class Queueing {
  kReader,  // a reader asks: eager targets always, others within the per-address limit
  kNever,   // read only (events, tests)
};

class PostTranslations {
 public:
  /// `translator` may be null (no engine configured): every other language is unavailable.
  /// `max_attempts` (jobs.max_attempts) for every job it queues. `store`, `clock` outlive it.
  PostTranslations(Store& store, const Clock& clock,
                   std::shared_ptr<const translate::Translator> translator,
                   const translate::TranslationOptions& options, int max_attempts);

  /// What a reader whose interface locale is `locale` is shown of `post` (with `summary`, its
  /// summary's view): status, texts and the languages' names in `locale`. An unknown locale
  /// reads the original. With kReader, queues the missing jobs: for an eager target always,
  /// otherwise one hit on the per-address limit (`address`; over it, the view is unavailable
  /// for now). Never waits for an engine; errors are the store's.
  Result<TranslationView> ViewFor(const Post& post, const summarize::SummaryView& summary,
                                  std::string_view locale, Queueing queueing,
                                  std::string_view address);
  /// The same for a target code ("pt-BR") instead of a locale; names left empty.
  Result<TranslationView> ViewForTarget(const Post& post, const summarize::SummaryView& summary,
                                        std::string_view target, Queueing queueing,
                                        std::string_view address);

  /// The targets `from` is translated into without being asked (translation.eager), with their
  /// routes.
  std::vector<std::pair<std::string, translate::Route>> EagerTargets(std::string_view from) const;
  /// Queues the title and body of `post` into every eager target.
  Status QueueEager(const Post& post);
  /// Queues a stored summary's translation into every eager target (SummaryJobs' on_stored).
  Status QueueSummary(const Summary& summary);

  /// The "translate" job: translates and stores the text (completing the job in the same
  /// write), then calls on_stored. No route any more: done without work. An engine's failure
  /// (timeout, crash, garbage, empty output) is returned for the runner to retry with backoff.
  Result<jobs::Completion> RunTranslate(const Job& job, const JobTicket& ticket);
  /// After the last attempt: logs the error; readers then see "not available".
  void OnTranslateDead(const Job& job, const Error& error);
  /// The "translate.revision" job: QueueEager for the job's revision if it is still current.
  Result<jobs::Completion> RunRevision(const Job& job, const JobTicket& ticket);

  /// Called after every translation a job stored (on the job worker's thread).
  void SetOnStored(std::function<void(const TranslateRequest&)> on_stored) {
    on_stored_ = std::move(on_stored);
  }
  const translate::Translator* translator() const { return translator_.get(); }

 private:
  struct Queued {
    bool alive = false;  // a job is queued or running (not dead)
  };
  bool IsEager(std::string_view target, const translate::Route& route) const;
  Result<Queued> Queue(const TranslateRequest& request);
  std::optional<translate::Route> RouteFor(std::string_view from, std::string_view target) const;
  TranslationKey KeyOf(std::string_view text, std::string_view from, std::string_view to,
                       const translate::Route& route) const;

  Store& store_;
  const Clock& clock_;
  std::shared_ptr<const translate::Translator> translator_;
  translate::TranslationOptions options_;
  int max_attempts_;
  InMemoryRateLimiter on_demand_;
  std::function<void(const TranslateRequest&)> on_stored_;
};

}  // namespace plaza::translation
