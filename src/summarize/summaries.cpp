#include "summarize/summaries.hpp"

#include <charconv>
#include <optional>

#include <spdlog/spdlog.h>

#include "text/markdown.hpp"

namespace plaza::summarize {

namespace {

template <typename Int>
std::optional<Int> ParseDecimal(std::string_view text) {
  if (text.empty() || text.size() > 18 || text.front() == '-' || text.front() == '+') {
    return std::nullopt;
  }
  Int value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

}  // namespace

Result<std::pair<std::int64_t, int>> ParseRevisionKey(std::string_view key) {
  constexpr std::string_view kPrefix = "post:";
  if (!key.starts_with(kPrefix)) {
    return Fail(Errc::kInvalidArgument, "a revision key is post:<id>:<revision>", "payload");
  }
  key.remove_prefix(kPrefix.size());
  const auto colon = key.find(':');
  if (colon == std::string_view::npos) {
    return Fail(Errc::kInvalidArgument, "a revision key is post:<id>:<revision>", "payload");
  }
  auto id = ParseDecimal<std::int64_t>(key.substr(0, colon));
  auto revision = ParseDecimal<int>(key.substr(colon + 1));
  if (!id || !revision) {
    return Fail(Errc::kInvalidArgument, "a revision key is post:<id>:<revision>", "payload");
  }
  return std::pair{*id, *revision};
}

SummaryJobs::SummaryJobs(Store& store, Summarizer& engine, const Clock& clock,
                         std::function<void(const Summary&)> on_stored)
    : store_(store), engine_(engine), clock_(clock), on_stored_(std::move(on_stored)) {}

Result<jobs::Completion> SummaryJobs::Run(const Job& job, const JobTicket& ticket) {
  auto key = ParseRevisionKey(job.payload);
  if (!key) return std::unexpected(key.error());
  const auto [post_id, revision] = *key;

  auto post = store_.posts().Get(post_id);
  if (!post) {
    if (post.error().code == Errc::kNotFound) return jobs::Completion::kDone;
    return std::unexpected(post.error());
  }
  // A deleted post needs no summary; a newer revision has a job of its own.
  if (post->status != PostStatus::kLive || post->revision != revision) {
    return jobs::Completion::kDone;
  }

  SummaryRequest request;
  request.title = post->title;
  request.body = text::PlainTextOfMarkdown(post->body_md);
  request.lang = post->lang;
  auto output = engine_.Summarize(request);
  if (!output) return std::unexpected(output.error());

  Summary summary;
  summary.post_id = post_id;
  summary.revision = revision;
  summary.updated_at = clock_.Now();
  summary.lang = post->lang;
  summary.engine = engine_.Name();
  const std::optional<SummaryOutput>& result = *output;
  if (result.has_value() && !result->sentences.empty()) {
    summary.status = SummaryStatus::kReady;
    summary.lang = result->lang.empty() ? post->lang : result->lang;
    summary.engine = result->engine;
    for (const auto& sentence : result->sentences) {
      if (!summary.text.empty()) summary.text += '\n';
      summary.text += sentence;
    }
  } else {
    summary.status = SummaryStatus::kNone;
  }
  auto stored = store_.summaries().Put(summary, ticket);
  if (!stored) {
    // Deleted while it was being summarized: nothing to keep.
    if (stored.error().code == Errc::kNotFound) return jobs::Completion::kDone;
    return std::unexpected(stored.error());
  }
  if (on_stored_) on_stored_(summary);
  return jobs::Completion::kCompletedByHandler;
}

void SummaryJobs::OnDead(const Job& job, const Error& error) {
  auto key = ParseRevisionKey(job.payload);
  if (!key) return;
  spdlog::error("summary of post {} revision {} failed after {} attempts: {}", key->first,
                key->second, job.attempts, error.message);
  Summary summary;
  summary.post_id = key->first;
  summary.revision = key->second;
  summary.status = SummaryStatus::kFailed;
  summary.engine = engine_.Name();
  summary.updated_at = clock_.Now();
  auto stored = store_.summaries().Put(summary, std::nullopt);
  if (!stored) {
    if (stored.error().code != Errc::kNotFound) {
      spdlog::error("cannot record the failed summary of post {}: {}", key->first,
                    stored.error().message);
    }
    return;
  }
  if (on_stored_) on_stored_(summary);
}

jobs::JobKind SummaryJobs::Kind() {
  return jobs::JobKind{
      std::string(kSummaryJobKind),
      [this](const Job& job, const JobTicket& ticket) { return Run(job, ticket); },
      [this](const Job& job, const Error& error) { OnDead(job, error); },
  };
}

}  // namespace plaza::summarize
