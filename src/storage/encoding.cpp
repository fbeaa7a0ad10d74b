#include "storage/encoding.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "core/utf8.hpp"
#include "storage/market_rows.hpp"

namespace plaza::storage {

namespace {

// One table per enum keeps the name <-> value mapping in a single place per type.
template <typename E, std::size_t N>
struct NameTable {
  struct Entry {
    E value;
    const char* name;
  };
  Entry entries[N];

  const char* Name(E value) const {
    for (const auto& e : entries) {
      if (e.value == value) return e.name;
    }
    return entries[0].name;
  }
  std::optional<E> Parse(std::string_view name) const {
    for (const auto& e : entries) {
      if (name == e.name) return e.value;
    }
    return std::nullopt;
  }
};

constexpr NameTable<Role, 2> kRoles{{{Role::kMember, "member"}, {Role::kAdmin, "admin"}}};
constexpr NameTable<PostStatus, 3> kStatuses{{{PostStatus::kLive, "live"},
                                              {PostStatus::kDeleted, "deleted"},
                                              {PostStatus::kHidden, "hidden"}}};
constexpr NameTable<LangSource, 2> kLangSources{
    {{LangSource::kDetected, "detected"}, {LangSource::kAuthor, "author"}}};
constexpr NameTable<SessionKind, 2> kSessionKinds{
    {{SessionKind::kBrowser, "browser"}, {SessionKind::kApiToken, "api_token"}}};

constexpr NameTable<JobState, 4> kJobStates{{{JobState::kQueued, "queued"},
                                             {JobState::kRunning, "running"},
                                             {JobState::kDone, "done"},
                                             {JobState::kDead, "dead"}}};
constexpr NameTable<SummaryStatus, 3> kSummaryStatuses{{{SummaryStatus::kReady, "ready"},
                                                        {SummaryStatus::kNone, "none"},
                                                        {SummaryStatus::kFailed, "failed"}}};

Status CheckField(std::string_view value, const char* field) {
  if (IsStorableText(value)) return {};
  return Fail(Errc::kInvalidArgument, std::string(field) + " must be valid UTF-8 without NUL",
              field);
}

}  // namespace

const char* RoleName(Role role) { return kRoles.Name(role); }
std::optional<Role> ParseRole(std::string_view name) { return kRoles.Parse(name); }
const char* PostStatusName(PostStatus status) { return kStatuses.Name(status); }
std::optional<PostStatus> ParsePostStatus(std::string_view name) { return kStatuses.Parse(name); }
const char* LangSourceName(LangSource source) { return kLangSources.Name(source); }
std::optional<LangSource> ParseLangSource(std::string_view name) {
  return kLangSources.Parse(name);
}
const char* SessionKindName(SessionKind kind) { return kSessionKinds.Name(kind); }
std::optional<SessionKind> ParseSessionKind(std::string_view name) {
  return kSessionKinds.Parse(name);
}

std::optional<SummaryStatus> ParseSummaryStatus(std::string_view name) {
  return kSummaryStatuses.Parse(name);
}

bool IsStorableText(std::string_view s) {
  return s.find('\0') == std::string_view::npos && text::IsValidUtf8(s);
}

Status CheckNewUser(const NewUser& user) {
  if (auto s = CheckField(user.handle, "handle"); !s) return s;
  if (auto s = CheckField(user.display_name, "display_name"); !s) return s;
  return CheckField(user.password_hash, "password_hash");
}

Status CheckProfile(std::string_view display_name, std::string_view bio) {
  if (auto s = CheckField(display_name, "display_name"); !s) return s;
  return CheckField(bio, "bio");
}

Status CheckSession(const SessionRecord& session) {
  if (auto s = CheckField(session.token_hash, "token_hash"); !s) return s;
  if (auto s = CheckField(session.id, "id"); !s) return s;
  if (auto s = CheckField(session.device, "device"); !s) return s;
  if (auto s = CheckField(session.address, "address"); !s) return s;
  return CheckField(session.csrf, "csrf");
}

Status CheckRevision(const RevisionContent& content) {
  if (auto s = CheckField(content.title, "title"); !s) return s;
  if (auto s = CheckField(content.body_md, "body_md"); !s) return s;
  if (auto s = CheckField(content.body_html, "body_html"); !s) return s;
  if (auto s = CheckField(content.lang, "lang"); !s) return s;
  if (auto s = CheckField(content.slug, "slug"); !s) return s;
  for (const auto& tag : content.cashtags) {
    if (auto s = CheckField(tag, "cashtags"); !s) return s;
  }
  // Attached tokens share one column: a symbol with a ',' would read back as two.
  for (const auto& token : content.tokens) {
    if (!IsSymbol(token)) {
      return Fail(Errc::kInvalidArgument,
                  "tokens must be 1 to 10 upper-case ASCII letters or digits each", "tokens");
    }
  }
  return {};
}

Result<int> CheckListLimit(int limit) {
  if (limit < 1) return Fail(Errc::kInvalidArgument, "limit must be at least 1", "limit");
  return limit > kMaxListLimit ? kMaxListLimit : limit;
}

std::int64_t ListCursor(std::optional<std::int64_t> before_id) {
  return before_id.value_or(std::numeric_limits<std::int64_t>::max());
}

namespace {

template <typename Page>
void ClosePageOf(Page& page, int page_size) {
  if (page.items.size() <= static_cast<std::size_t>(page_size)) return;
  page.items.pop_back();
  page.next_before_id = page.items.back().id;
}

}  // namespace

void ClosePage(PostListPage& page, int page_size) { ClosePageOf(page, page_size); }
void ClosePage(PostCardPage& page, int page_size) { ClosePageOf(page, page_size); }

Status CheckEditable(bool found, std::string_view status, std::int64_t current_revision,
                     int expected_revision) {
  if (!found) return Fail(Errc::kNotFound, "post not found");
  if (status != PostStatusName(PostStatus::kLive)) return Fail(Errc::kGone, "post is deleted");
  if (current_revision != expected_revision) {
    return Fail(Errc::kConflict, "post was edited since this revision", "revision");
  }
  return {};
}

Status CheckSummaryTarget(bool found, std::string_view status, std::int64_t current_revision,
                          int revision) {
  if (!found || status != PostStatusName(PostStatus::kLive)) {
    return Fail(Errc::kNotFound, "post not found", "post_id");
  }
  if (revision > current_revision) {
    return Fail(Errc::kNotFound, "post has no such revision", "revision");
  }
  return {};
}

Status CheckRecurring(const NewRecurring& recurring, Timestamp now) {
  if (auto s = CheckField(recurring.kind, "kind"); !s) return s;
  if (recurring.kind.empty()) return Fail(Errc::kInvalidArgument, "kind is empty", "kind");
  if (recurring.period_us <= 0) {
    return Fail(Errc::kInvalidArgument, "a recurring period must be positive", "period_us");
  }
  if (recurring.max_attempts < 1) {
    return Fail(Errc::kInvalidArgument, "max_attempts must be at least 1", "max_attempts");
  }
  if (now < 0) return Fail(Errc::kInvalidArgument, "time before the epoch", "now");
  return {};
}

NewJob RecurringJobFor(const NewRecurring& recurring, Timestamp period_start) {
  return NewJob{recurring.kind, RecurringDedupeKey(recurring.kind, period_start),
                std::to_string(period_start), recurring.max_attempts, period_start};
}

Status CheckNewJob(const NewJob& job) {
  if (auto s = CheckField(job.kind, "kind"); !s) return s;
  if (auto s = CheckField(job.dedupe_key, "dedupe_key"); !s) return s;
  if (auto s = CheckField(job.payload, "payload"); !s) return s;
  if (job.kind.empty()) return Fail(Errc::kInvalidArgument, "kind is empty", "kind");
  if (job.dedupe_key.empty()) {
    return Fail(Errc::kInvalidArgument, "dedupe_key is empty", "dedupe_key");
  }
  if (job.max_attempts < 1) {
    return Fail(Errc::kInvalidArgument, "max_attempts must be at least 1", "max_attempts");
  }
  return {};
}

Status CheckOwner(const std::string& owner) {
  if (auto s = CheckField(owner, "owner"); !s) return s;
  if (owner.empty()) return Fail(Errc::kInvalidArgument, "owner is empty", "owner");
  return {};
}

Status CheckClaim(const std::string& owner, const std::vector<std::string>& kinds, int limit,
                  std::int64_t lease_us) {
  if (auto s = CheckOwner(owner); !s) return s;
  for (const auto& kind : kinds) {
    if (auto s = CheckField(kind, "kinds"); !s) return s;
  }
  if (limit < 1 || limit > kMaxJobBatch) {
    return Fail(Errc::kInvalidArgument, "limit must be between 1 and 1000", "limit");
  }
  if (lease_us <= 0) return Fail(Errc::kInvalidArgument, "lease must be positive", "lease_us");
  return {};
}

Status CheckJobFilter(const JobFilter& filter) {
  if (filter.kind) {
    if (auto s = CheckField(*filter.kind, "kind"); !s) return s;
  }
  if (filter.limit < 1 || filter.limit > kMaxJobBatch) {
    return Fail(Errc::kInvalidArgument, "limit must be between 1 and 1000", "limit");
  }
  return {};
}

Result<std::string> JobErrorText(std::string_view error) {
  if (auto s = CheckField(error, "error"); !s) return std::unexpected(s.error());
  if (error.size() <= kMaxJobErrorBytes) return std::string(error);
  std::size_t end = kMaxJobErrorBytes;
  // Back up to the first byte of the sequence the cut would split (continuation bytes are
  // 10xxxxxx); valid input has at most three of them in a row.
  while (end > 0 && (static_cast<unsigned char>(error[end]) & 0xC0) == 0x80) --end;
  return std::string(error.substr(0, end));
}

Status CheckRevisionJobs(const std::vector<RevisionJob>& jobs) {
  for (const auto& job : jobs) {
    if (auto s = CheckField(job.kind, "jobs"); !s) return s;
    if (job.kind.empty()) return Fail(Errc::kInvalidArgument, "job kind is empty", "jobs");
    if (job.max_attempts < 1) {
      return Fail(Errc::kInvalidArgument, "max_attempts must be at least 1", "jobs");
    }
  }
  return {};
}

std::string RevisionJobKey(std::int64_t post_id, int revision) {
  return "post:" + std::to_string(post_id) + ":" + std::to_string(revision);
}

Status CheckSummary(const Summary& summary) {
  if (auto s = CheckField(summary.text, "text"); !s) return s;
  if (auto s = CheckField(summary.lang, "lang"); !s) return s;
  if (auto s = CheckField(summary.engine, "engine"); !s) return s;
  if (summary.revision < 1) {
    return Fail(Errc::kInvalidArgument, "revision must be at least 1", "revision");
  }
  return {};
}

Status CheckTranslation(const Translation& translation) {
  const TranslationKey& key = translation.key;
  for (const auto& [value, field] :
       {std::pair{&key.source_hash, "source_hash"}, std::pair{&key.source_lang, "source_lang"},
        std::pair{&key.target, "target"}, std::pair{&key.engine, "engine"}}) {
    if (auto s = CheckField(*value, field); !s) return s;
    if (value->empty()) {
      return Fail(Errc::kInvalidArgument, std::string(field) + " must not be empty", field);
    }
  }
  return CheckField(translation.text, "text");
}

Status CheckTicket(const std::optional<JobTicket>& ticket) {
  if (!ticket) return {};
  return CheckField(ticket->owner, "owner");
}

Status CheckKindFilter(const std::optional<std::string>& kind) {
  if (!kind) return {};
  return CheckField(*kind, "kind");
}

Status CheckPurgeState(std::optional<JobState> state) {
  if (state && *state != JobState::kDone && *state != JobState::kDead) {
    return Fail(Errc::kInvalidArgument, "only done and dead jobs can be purged", "state");
  }
  return {};
}

NewJob RevisionJobFor(const RevisionJob& job, std::int64_t post_id, int revision, Timestamp at) {
  NewJob next;
  next.kind = job.kind;
  next.dedupe_key = RevisionJobKey(post_id, revision);
  next.payload = next.dedupe_key;
  next.max_attempts = job.max_attempts;
  next.run_after = at;
  return next;
}

Status JobUntouched(bool exists) {
  if (!exists) return Fail(Errc::kNotFound, "job not found");
  return Fail(Errc::kConflict, "job is not running under this owner");
}

Status RetryUntouched(bool exists) {
  if (!exists) return Fail(Errc::kNotFound, "job not found");
  return Fail(Errc::kConflict, "job is not dead");
}

}  // namespace plaza::storage

namespace plaza {

const char* JobStateName(JobState state) { return storage::kJobStates.Name(state); }
std::optional<JobState> ParseJobState(std::string_view name) {
  return storage::kJobStates.Parse(name);
}
Timestamp RecurringPeriodStart(Timestamp now, std::int64_t period_us) {
  return now - now % period_us;
}
std::string RecurringDedupeKey(const std::string& kind, Timestamp period_start) {
  return "recurring:" + kind + ":" + std::to_string(period_start);
}
const char* SummaryStatusName(SummaryStatus status) {
  return storage::kSummaryStatuses.Name(status);
}

}  // namespace plaza
