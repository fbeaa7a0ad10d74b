#pragma once

// The translations service: what a reader is shown of a post in their language, the
// "translate" jobs that make it, and the queueing rules (eager targets at publish, summaries
// when stored, other targets on demand within a per-address limit). Plain synchronous C++: the
// page and API handlers call ViewFor on the worker pool, the job runner calls the Run methods.
// It reaches the translation engines only through translate::Translator (src/translate/).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
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

/// Which text a job translates: a post's title, body or summary, or a comment (plain text).
enum class TextPart { kTitle, kBody, kSummary, kComment };

/// What one "translate" job translates: `text` (in `from`) into `to`. `post_id` and `revision`
/// (`comment_id` for a comment) say which post or comment asked first (for its event and cache
/// drop); another post or comment with the same text shares the job and the stored row.
struct TranslateRequest {
  std::int64_t post_id = 0;
  int revision = 0;
  TextPart part = TextPart::kTitle;
  std::string from;
  std::string to;
  std::string engine;  // Route::EngineKey() when queued
  std::string text;
  std::int64_t comment_id = 0;  // part kComment: the comment (on post `post_id`)
};

/// A comment's text as the translations service reads it (any plain text on a post).
struct CommentText {
  std::int64_t post_id = 0;
  std::int64_t comment_id = 0;
  std::string lang;  // its content code ("und" when unknown)
  std::string text;  // as written (plain text)
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

  /// What a reader reading into `target` ("fr", "pt-BR"; "" for none) is shown of a comment,
  /// read only (never queues): original (same language, unknown language or no target), ready
  /// (stored: `text`), available (a route exists, nothing stored) or unavailable (no route).
  /// The stored row is the one any text with the same hash, language, target and engines has.
  /// Errors are the store's.
  Result<TextTranslationView> CommentViewFor(const CommentText& comment, std::string_view target);
  /// How many comments' translations this process has stored: a page of comments kept
  /// (docs/conversation.md) may show any comment with the same text, not only the post's whose
  /// conversation version the store moved. Read it before the comments and their translations.
  std::uint64_t comment_translations_stored() const {
    return comment_translations_stored_.load(std::memory_order_acquire);
  }
  /// CommentViewFor for a page of comments (at most kMaxTranslationKeys), with one store read.
  Result<std::vector<TextTranslationView>> CommentViewsFor(const std::vector<CommentText>& comments,
                                                           std::string_view target);
  /// A reader asks for a comment's translation into `target`: ready when stored; otherwise one
  /// hit on the per-address limit (`address`; over it kRateLimited with retry_after_s) queues its
  /// "translate" job (part "comment"; one job per text, target and engines however many readers
  /// or comments ask) and the answer is pending, or unavailable when that job died. Original
  /// and unavailable (no route) as CommentViewFor. The comment is remembered as waiting for the
  /// job, so on_stored runs for it too when another comment's job stores the same text (in this
  /// process; at most kMaxWaiting comments wait at once). Never waits for an engine.
  Result<TextTranslationView> RequestComment(const CommentText& comment, std::string_view target,
                                             std::string_view address);
  /// At most this many comments wait for jobs queued by others at once (RequestComment); when
  /// full, jobs nobody asked about for kWaitingFor (finished by another instance, say) are
  /// forgotten.
  static constexpr std::size_t kMaxWaiting = 4096;
  static constexpr std::chrono::minutes kWaitingFor{10};

  /// Called after every translation a job stored (on the job worker's thread), and for every
  /// comment that waited for it (a request with part kComment and that comment's ids).
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
  // A comment's view without queueing, and the route it found (none: no route).
  Result<TextTranslationView> CommentView(const CommentText& comment, std::string_view target,
                                          std::optional<translate::Route>* route);
  // The part of CommentView before the store: `view` final (original, unavailable) and none, or
  // the key whose stored row decides (FinishCommentView).
  std::optional<TranslationKey> StartCommentView(const CommentText& comment,
                                                 std::string_view target, TextTranslationView& view,
                                                 std::optional<translate::Route>* route) const;
  static void FinishCommentView(TextTranslationView& view,
                                const std::optional<Translation>& stored);
  // Calls on_stored_ for `request` and for every comment waiting for its job.
  void NotifyStored(const TranslateRequest& request);

  Store& store_;
  const Clock& clock_;
  std::shared_ptr<const translate::Translator> translator_;
  translate::TranslationOptions options_;
  int max_attempts_;
  InMemoryRateLimiter on_demand_;
  std::function<void(const TranslateRequest&)> on_stored_;
  // The comments (post id, comment id) that asked while a job ran, and when the last one asked.
  struct Waiting {
    Timestamp since = 0;
    std::vector<std::pair<std::int64_t, std::int64_t>> comments;
  };
  std::atomic<std::uint64_t> comment_translations_stored_{0};  // moved after the store
  std::mutex waiting_mu_;
  std::map<std::string, Waiting> waiting_;  // GUARDED_BY(waiting_mu_), by job dedupe key
  std::size_t waiting_count_ = 0;           // GUARDED_BY(waiting_mu_)
};

}  // namespace plaza::translation
