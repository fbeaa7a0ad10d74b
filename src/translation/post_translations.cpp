#include "translation/post_translations.hpp"

#include <algorithm>
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "i18n/language_names.hpp"
#include "summarize/summaries.hpp"
#include "text/markdown.hpp"
#include "text/text.hpp"
#include "translation/text_hash.hpp"

namespace plaza::translation {
namespace {

namespace json = boost::json;

const char* PartName(TextPart part) {
  switch (part) {
    case TextPart::kTitle:
      return "title";
    case TextPart::kBody:
      return "body";
    case TextPart::kSummary:
      return "summary";
    case TextPart::kComment:
      return "comment";
  }
  return "title";
}

std::optional<TextPart> ParsePart(std::string_view name) {
  if (name == "title") return TextPart::kTitle;
  if (name == "body") return TextPart::kBody;
  if (name == "summary") return TextPart::kSummary;
  if (name == "comment") return TextPart::kComment;
  return std::nullopt;
}

// A language the engines can start from: a content code, not "und" or empty.
bool Translatable(std::string_view lang) { return !lang.empty() && lang != "und"; }

std::vector<std::string> EnginesOf(const translate::Route& route) {
  std::vector<std::string> engines;
  for (const translate::Hop& hop : route.hops) engines.push_back(hop.engine);
  return engines;
}

Error BadPayload() {
  return Error{Errc::kInvalidArgument, "not a translate job payload", "payload", {}, {}};
}

}  // namespace

std::string TranslateJobKey(const TranslateRequest& request) {
  return TextHash(request.text) + ":" + request.from + ":" + request.to + ":" + request.engine;
}

std::string TranslatePayload(const TranslateRequest& request) {
  json::object payload{
      {"post_id", request.post_id},
      {"revision", request.revision},
      {"part", PartName(request.part)},
      {"from", request.from},
      {"to", request.to},
      {"engine", request.engine},
      {"text", request.text},
  };
  if (request.part == TextPart::kComment) payload["comment_id"] = request.comment_id;
  return json::serialize(payload);
}

Result<TranslateRequest> ParseTranslatePayload(std::string_view payload) {
  boost::system::error_code ec;
  json::value value = json::parse(payload, ec);
  if (ec || !value.is_object()) return std::unexpected(BadPayload());
  const json::object& object = value.get_object();
  TranslateRequest request;
  const auto* post_id = object.if_contains("post_id");
  const auto* revision = object.if_contains("revision");
  const auto* part = object.if_contains("part");
  const auto* from = object.if_contains("from");
  const auto* to = object.if_contains("to");
  const auto* engine = object.if_contains("engine");
  const auto* text = object.if_contains("text");
  if (post_id == nullptr || !post_id->is_int64() || revision == nullptr || !revision->is_int64() ||
      part == nullptr || !part->is_string() || from == nullptr || !from->is_string() ||
      to == nullptr || !to->is_string() || engine == nullptr || !engine->is_string() ||
      text == nullptr || !text->is_string()) {
    return std::unexpected(BadPayload());
  }
  auto parsed_part = ParsePart(part->get_string());
  if (!parsed_part) return std::unexpected(BadPayload());
  request.post_id = post_id->get_int64();
  request.revision = static_cast<int>(revision->get_int64());
  request.part = *parsed_part;
  request.from = std::string(from->get_string());
  request.to = std::string(to->get_string());
  request.engine = std::string(engine->get_string());
  request.text = std::string(text->get_string());
  if (const auto* comment_id = object.if_contains("comment_id")) {
    if (!comment_id->is_int64()) return std::unexpected(BadPayload());
    request.comment_id = comment_id->get_int64();
  }
  if (request.part == TextPart::kComment && request.comment_id <= 0) {
    return std::unexpected(BadPayload());
  }
  return request;
}

PostTranslations::PostTranslations(Store& store, const Clock& clock,
                                   std::shared_ptr<const translate::Translator> translator,
                                   const translate::TranslationOptions& options, int max_attempts)
    : store_(store),
      clock_(clock),
      translator_(std::move(translator)),
      options_(options),
      max_attempts_(std::max(1, max_attempts)),
      on_demand_(clock, RateLimit{options.on_demand_per_minute, 60}) {}

std::optional<translate::Route> PostTranslations::RouteFor(std::string_view from,
                                                           std::string_view target) const {
  if (!translator_ || !Translatable(from) || target.empty()) return std::nullopt;
  if (translate::ContentCodeOfTarget(target) == from) return std::nullopt;
  return translator_->RouteFor(from, target);
}

TranslationKey PostTranslations::KeyOf(std::string_view text, std::string_view from,
                                       std::string_view to, const translate::Route& route) const {
  return TranslationKey{TextHash(text), std::string(from), std::string(to), route.EngineKey()};
}

bool PostTranslations::IsEager(std::string_view target, const translate::Route& route) const {
  for (const std::string& eager : options_.eager) {
    if (eager == "offline") {
      if (translator_ && translator_->IsOffline(route)) return true;
    } else if (translate::TargetForLocale(eager) == target) {
      return true;
    }
  }
  return false;
}

std::vector<std::pair<std::string, translate::Route>> PostTranslations::EagerTargets(
    std::string_view from) const {
  std::vector<std::pair<std::string, translate::Route>> targets;
  if (!translator_ || !Translatable(from)) return targets;
  for (auto& [pair, route] : translator_->Routes()) {
    if (pair.first != from || translate::ContentCodeOfTarget(pair.second) == from) continue;
    if (IsEager(pair.second, route)) targets.emplace_back(pair.second, route);
  }
  return targets;
}

Result<PostTranslations::Queued> PostTranslations::Queue(const TranslateRequest& request) {
  NewJob job;
  job.kind = std::string(kTranslateJobKind);
  job.dedupe_key = TranslateJobKey(request);
  job.payload = TranslatePayload(request);
  job.max_attempts = max_attempts_;
  const Timestamp now = clock_.Now();
  job.run_after = now;
  auto enqueued = store_.jobs().Enqueue(job, now);
  if (!enqueued) return std::unexpected(enqueued.error());
  // Dead: every attempt failed. Done without the row the caller missed: it found no route when
  // it ran. Either way nothing more will come (until `plaza jobs retry` or a purge).
  const JobState state = enqueued->job.state;
  return Queued{state == JobState::kQueued || state == JobState::kRunning};
}

Result<TranslationView> PostTranslations::ViewFor(const Post& post,
                                                  const summarize::SummaryView& summary,
                                                  std::string_view locale, Queueing queueing,
                                                  std::string_view address) {
  const std::optional<std::string> target = translate::TargetForLocale(locale);
  auto view = ViewForTarget(post, summary, target.value_or(""), queueing, address);
  if (!view) return view;
  if (view->status != TranslationStatus::kOriginal) {
    view->from_name = LanguageNameIn(view->from, locale);
    view->to_name = LanguageNameIn(view->to, locale);
  }
  return view;
}

Result<TranslationView> PostTranslations::ViewForTarget(const Post& post,
                                                        const summarize::SummaryView& summary,
                                                        std::string_view target, Queueing queueing,
                                                        std::string_view address) {
  TranslationView view;
  view.from = post.lang;
  view.to = std::string(target);
  if (target.empty() || !Translatable(post.lang) ||
      translate::ContentCodeOfTarget(target) == post.lang) {
    view.status = TranslationStatus::kOriginal;
    return view;
  }
  const std::optional<translate::Route> route = RouteFor(post.lang, target);
  if (!route) {
    view.status = TranslationStatus::kUnavailable;
    return view;
  }
  view.engines = EnginesOf(*route);
  const bool eager = IsEager(target, *route);
  // One hit on the limit per view that needs work, taken on first need.
  std::optional<bool> may_queue;
  auto allowed = [&] {
    if (!may_queue) {
      may_queue = queueing == Queueing::kReader && (eager || on_demand_.Hit(address).has_value());
    }
    return *may_queue;
  };

  auto title = store_.translations().Get(KeyOf(post.title, post.lang, target, *route));
  if (!title) return std::unexpected(title.error());
  auto body = store_.translations().Get(KeyOf(post.body_md, post.lang, target, *route));
  if (!body) return std::unexpected(body.error());
  if (*title && *body) {
    auto html = text::RenderMarkdown((*body)->text);
    if (!html) {
      spdlog::warn("translation of post {} into {} does not render: {}", post.id, target,
                   html.error().message);
      view.status = TranslationStatus::kUnavailable;
      return view;
    }
    view.status = TranslationStatus::kReady;
    view.title = (*title)->text;
    view.body_md = (*body)->text;
    view.body_html = std::move(html->html);
  } else {
    view.status = TranslationStatus::kUnavailable;
    if (allowed()) {
      bool alive = true;
      for (auto [part, text, found] :
           {std::tuple{TextPart::kTitle, &post.title, title->has_value()},
            std::tuple{TextPart::kBody, &post.body_md, body->has_value()}}) {
        if (found) continue;
        auto queued = Queue({post.id, post.revision, part, post.lang, std::string(target),
                             route->EngineKey(), *text});
        if (!queued) return std::unexpected(queued.error());
        alive = alive && queued->alive;
      }
      if (alive) view.status = TranslationStatus::kPending;
    }
  }

  // The summary, from its own language, once the post's text is (or is being) translated.
  const bool has_summary = (summary.state == summarize::SummaryState::kReady ||
                            summary.state == summarize::SummaryState::kUpdating) &&
                           !summary.text.empty() && Translatable(summary.lang);
  if (view.status == TranslationStatus::kUnavailable || !has_summary ||
      translate::ContentCodeOfTarget(target) == summary.lang) {
    return view;
  }
  const std::optional<translate::Route> summary_route = RouteFor(summary.lang, target);
  if (!summary_route) return view;
  auto stored =
      store_.translations().Get(KeyOf(summary.text, summary.lang, target, *summary_route));
  if (!stored) return std::unexpected(stored.error());
  if (*stored) {
    view.summary_state = SummaryTranslation::kReady;
    view.summary = (*stored)->text;
    return view;
  }
  if (queueing == Queueing::kReader && (IsEager(target, *summary_route) || allowed())) {
    auto queued = Queue({post.id, summary.revision, TextPart::kSummary, summary.lang,
                         std::string(target), summary_route->EngineKey(), summary.text});
    if (!queued) return std::unexpected(queued.error());
    if (queued->alive) view.summary_state = SummaryTranslation::kPending;
  }
  return view;
}

Status PostTranslations::QueueEager(const Post& post) {
  for (const auto& [target, route] : EagerTargets(post.lang)) {
    for (auto [part, text] :
         {std::pair{TextPart::kTitle, &post.title}, std::pair{TextPart::kBody, &post.body_md}}) {
      auto queued =
          Queue({post.id, post.revision, part, post.lang, target, route.EngineKey(), *text});
      if (!queued) return std::unexpected(queued.error());
    }
  }
  return {};
}

Status PostTranslations::QueueSummary(const Summary& summary) {
  if (summary.status != SummaryStatus::kReady || summary.text.empty()) return {};
  for (const auto& [target, route] : EagerTargets(summary.lang)) {
    auto queued = Queue({summary.post_id, summary.revision, TextPart::kSummary, summary.lang,
                         target, route.EngineKey(), summary.text});
    if (!queued) return std::unexpected(queued.error());
  }
  return {};
}

Result<jobs::Completion> PostTranslations::RunTranslate(const Job& job, const JobTicket& ticket) {
  auto request = ParseTranslatePayload(job.payload);
  if (!request) return std::unexpected(request.error());
  const std::optional<translate::Route> route = RouteFor(request->from, request->to);
  // The engines changed since it was queued and no longer reach the target: nothing to do.
  if (!route) return jobs::Completion::kDone;
  auto translated = request->part == TextPart::kBody
                        ? translator_->TranslateMarkdown(*route, request->text)
                        : translator_->TranslatePlain(*route, request->text);
  if (!translated) {
    spdlog::warn("translate job {} ({} {} → {}, attempt {}): {}", job.id, PartName(request->part),
                 request->from, request->to, job.attempts, translated.error().message);
    return std::unexpected(translated.error());
  }
  if (translated->empty() && !request->text.empty()) {
    return Fail(Errc::kUnavailable, "the engine answered an empty translation");
  }
  Translation translation;
  translation.key = KeyOf(request->text, request->from, request->to, *route);
  translation.text = std::move(*translated);
  translation.created_at = clock_.Now();
  if (request->part == TextPart::kComment) translation.comment_post_id = request->post_id;
  if (auto stored = store_.translations().Put(translation, ticket); !stored) {
    return std::unexpected(stored.error());
  }
  // After the store: a page read meanwhile keeps the old number, so it is read again.
  if (request->part == TextPart::kComment) {
    comment_translations_stored_.fetch_add(1, std::memory_order_release);
  }
  NotifyStored(*request);
  return jobs::Completion::kCompletedByHandler;
}

void PostTranslations::OnTranslateDead(const Job& job, const Error& error) {
  auto request = ParseTranslatePayload(job.payload);
  spdlog::error("translation {} ({}) failed after {} attempts: {}", job.dedupe_key,
                request ? PartName(request->part) : "?", job.attempts, error.message);
  // Readers waiting for it are shown the original ("not available") once their page is read
  // again: drop it.
  if (request) NotifyStored(*request);
}

void PostTranslations::NotifyStored(const TranslateRequest& request) {
  std::vector<std::pair<std::int64_t, std::int64_t>> waiting;
  {
    std::lock_guard lock(waiting_mu_);
    if (auto it = waiting_.find(TranslateJobKey(request)); it != waiting_.end()) {
      waiting = std::move(it->second.comments);
      waiting_count_ -= waiting.size();
      waiting_.erase(it);
    }
  }
  if (!on_stored_) return;
  on_stored_(request);
  for (const auto& [post_id, comment_id] : waiting) {
    if (request.part == TextPart::kComment && request.comment_id == comment_id) continue;
    TranslateRequest comment = request;
    comment.part = TextPart::kComment;
    comment.post_id = post_id;
    comment.comment_id = comment_id;
    on_stored_(comment);
  }
}

std::optional<TranslationKey> PostTranslations::StartCommentView(
    const CommentText& comment, std::string_view target, TextTranslationView& view,
    std::optional<translate::Route>* route) const {
  view.from = comment.lang;
  view.to = std::string(target);
  if (target.empty() || !Translatable(comment.lang) || comment.text.empty() ||
      translate::ContentCodeOfTarget(target) == comment.lang) {
    view.status = TextTranslationStatus::kOriginal;
    return std::nullopt;
  }
  *route = RouteFor(comment.lang, target);
  if (!*route) {
    view.status = TextTranslationStatus::kUnavailable;
    return std::nullopt;
  }
  view.engines = EnginesOf(**route);
  return KeyOf(comment.text, comment.lang, target, **route);
}

void PostTranslations::FinishCommentView(TextTranslationView& view,
                                         const std::optional<Translation>& stored) {
  if (stored) {
    view.status = TextTranslationStatus::kReady;
    // Comments are shown as written, white space kept (pre-wrap): what an engine adds around
    // the text (Apertium's leading blank) goes, as the comment's own was trimmed when stored.
    view.text = std::string(text::TrimSpace(stored->text));
  } else {
    view.status = TextTranslationStatus::kAvailable;
  }
}

Result<TextTranslationView> PostTranslations::CommentView(const CommentText& comment,
                                                          std::string_view target,
                                                          std::optional<translate::Route>* route) {
  TextTranslationView view;
  const auto key = StartCommentView(comment, target, view, route);
  if (!key) return view;
  auto stored = store_.translations().Get(*key);
  if (!stored) return std::unexpected(stored.error());
  FinishCommentView(view, *stored);
  return view;
}

Result<std::vector<TextTranslationView>> PostTranslations::CommentViewsFor(
    const std::vector<CommentText>& comments, std::string_view target) {
  std::vector<TextTranslationView> views(comments.size());
  std::vector<TranslationKey> keys;
  std::vector<std::size_t> keyed;  // the index in `views` of each key
  for (std::size_t i = 0; i < comments.size(); ++i) {
    std::optional<translate::Route> route;
    if (auto key = StartCommentView(comments[i], target, views[i], &route)) {
      keys.push_back(std::move(*key));
      keyed.push_back(i);
    }
  }
  // One read per kMaxTranslationKeys (a page of comments with its replies may hold more).
  for (std::size_t first = 0; first < keys.size(); first += kMaxTranslationKeys) {
    const std::size_t last = std::min(keys.size(), first + kMaxTranslationKeys);
    auto stored = store_.translations().GetMany(
        std::vector<TranslationKey>(keys.begin() + first, keys.begin() + last));
    if (!stored) return std::unexpected(stored.error());
    for (std::size_t k = first; k < last; ++k) {
      FinishCommentView(views[keyed[k]], (*stored)[k - first]);
    }
  }
  return views;
}

Result<TextTranslationView> PostTranslations::CommentViewFor(const CommentText& comment,
                                                             std::string_view target) {
  std::optional<translate::Route> route;
  return CommentView(comment, target, &route);
}

Result<TextTranslationView> PostTranslations::RequestComment(const CommentText& comment,
                                                             std::string_view target,
                                                             std::string_view address) {
  std::optional<translate::Route> route;
  auto view = CommentView(comment, target, &route);
  if (!view || view->status != TextTranslationStatus::kAvailable) return view;
  if (auto hit = on_demand_.Hit(address); !hit) return std::unexpected(hit.error());
  TranslateRequest request{comment.post_id,     0,
                           TextPart::kComment,  comment.lang,
                           std::string(target), route->EngineKey(),
                           comment.text,        comment.comment_id};
  // Waiting before queueing: a job that runs at once finds the comment and tells its page.
  const std::string key = TranslateJobKey(request);
  {
    std::lock_guard lock(waiting_mu_);
    const Timestamp now = clock_.Now();
    if (waiting_count_ >= kMaxWaiting) {
      const Timestamp stale =
          now - std::chrono::duration_cast<std::chrono::microseconds>(kWaitingFor).count();
      std::erase_if(waiting_, [&](const auto& entry) {
        if (entry.second.since >= stale) return false;
        waiting_count_ -= entry.second.comments.size();
        return true;
      });
    }
    Waiting& waiting = waiting_[key];
    const std::pair<std::int64_t, std::int64_t> ids{comment.post_id, comment.comment_id};
    if (waiting_count_ < kMaxWaiting && std::find(waiting.comments.begin(), waiting.comments.end(),
                                                  ids) == waiting.comments.end()) {
      waiting.comments.push_back(ids);
      waiting.since = now;
      ++waiting_count_;
    }
    if (waiting.comments.empty()) waiting_.erase(key);
  }
  auto queued = Queue(request);
  if (!queued) return std::unexpected(queued.error());
  if (!queued->alive) {
    // Dead (every attempt failed) or done without a row (no route when it ran): nothing comes.
    std::lock_guard lock(waiting_mu_);
    if (auto it = waiting_.find(key); it != waiting_.end()) {
      waiting_count_ -= it->second.comments.size();
      waiting_.erase(it);
    }
    // A job that finished since the store was read has stored the text: read it again.
    auto again = CommentView(comment, target, &route);
    if (!again || again->status == TextTranslationStatus::kReady) return again;
    view->status = TextTranslationStatus::kUnavailable;
    return view;
  }
  view->status = TextTranslationStatus::kPending;
  return view;
}

Result<jobs::Completion> PostTranslations::RunRevision(const Job& job, const JobTicket&) {
  auto key = summarize::ParseRevisionKey(job.payload);
  if (!key) return std::unexpected(key.error());
  auto post = store_.posts().Get(key->first);
  if (!post) {
    if (post.error().code == Errc::kNotFound) return jobs::Completion::kDone;
    return std::unexpected(post.error());
  }
  // A deleted post needs no translation; a newer revision has a job of its own.
  if (post->status != PostStatus::kLive || post->revision != key->second) {
    return jobs::Completion::kDone;
  }
  if (auto queued = QueueEager(*post); !queued) return std::unexpected(queued.error());
  return jobs::Completion::kDone;
}

}  // namespace plaza::translation
