#include "storage/rows.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "storage/encoding.hpp"
#include "storage/market_rows.hpp"

namespace plaza::storage {

std::unexpected<Error> CorruptRow() {
  return Fail(Errc::kInternal, "storage failure: unexpected value in a stored row");
}

Error Refine(Error error, std::string message, std::string field) {
  error.message = std::move(message);
  error.field = std::move(field);
  return error;
}

Error NewUserError(Error error) {
  if (error.code != Errc::kConflict) return error;
  return Refine(std::move(error), "handle is taken", "handle");
}

Status RefineSessionError(Status status) {
  if (status) return status;
  if (status.error().code == Errc::kConflict) {
    return std::unexpected(Refine(status.error(), "session already exists", "token_hash"));
  }
  if (status.error().code == Errc::kNotFound) {
    return std::unexpected(Refine(status.error(), "user not found", "user_id"));
  }
  return status;
}

Error NewPostError(Error error) {
  if (error.code != Errc::kNotFound) return error;
  return Refine(std::move(error), "author not found", "author_id");
}

Result<User> UserFromRow(const Row& row) {
  User user;
  user.id = row.Int(0);
  user.handle = row.Text(1);
  user.display_name = row.Text(2);
  user.bio = row.Text(3);
  user.locale = row.Text(4);
  auto role = ParseRole(row.Text(5));
  if (!role) return CorruptRow();
  user.role = *role;
  user.password_hash = row.Text(6);
  user.created_at = row.Int(7);
  return user;
}

User CreatedUser(std::int64_t id, const NewUser& user) {
  User created;
  created.id = id;
  created.handle = user.handle;
  created.display_name = user.display_name;
  created.role = user.role;
  created.password_hash = user.password_hash;
  created.created_at = user.created_at;
  return created;
}

Result<SessionRecord> SessionFromRow(const Row& row) {
  SessionRecord session;
  session.token_hash = row.Text(0);
  session.user_id = row.Int(1);
  session.csrf = row.Text(2);
  auto kind = ParseSessionKind(row.Text(3));
  if (!kind) return CorruptRow();
  session.kind = *kind;
  session.created_at = row.Int(4);
  session.expires_at = row.Int(5);
  session.id = row.Text(6);
  session.last_seen_at = row.Int(7);
  session.device = row.Text(8);
  session.address = row.Text(9);
  return session;
}

Result<Job> JobFromRow(const Row& row) {
  Job job;
  job.id = row.Int(0);
  job.kind = row.Text(1);
  job.dedupe_key = row.Text(2);
  job.payload = row.Text(3);
  auto state = ParseJobState(row.Text(4));
  if (!state) return CorruptRow();
  job.state = *state;
  job.attempts = static_cast<int>(row.Int(5));
  job.max_attempts = static_cast<int>(row.Int(6));
  job.run_after = row.Int(7);
  job.lease_owner = row.Text(8);
  job.lease_until = row.Int(9);
  job.last_error = row.Text(10);
  job.created_at = row.Int(11);
  job.updated_at = row.Int(12);
  return job;
}

Result<JobCount> JobCountFromRow(const Row& row) {
  auto state = ParseJobState(row.Text(1));
  if (!state) return CorruptRow();
  return JobCount{row.Text(0), *state, row.Int(2)};
}

Result<Recurring> RecurringFromRow(const Row& row) {
  Recurring recurring{row.Text(0), row.Int(1), row.Int(2), row.Int(3), std::nullopt, row.Int(5)};
  if (recurring.job_id != 0) {
    recurring.job_state = ParseJobState(row.Text(4));
    if (!recurring.job_state) return CorruptRow();
  }
  return recurring;
}

Result<Post> PostFromRow(const Row& row) {
  Post post;
  post.id = row.Int(0);
  post.author_id = row.Int(1);
  post.author_handle = row.Text(2);
  post.author_display_name = row.Text(3);
  post.revision = static_cast<int>(row.Int(4));
  post.title = row.Text(5);
  post.body_md = row.Text(6);
  post.body_html = row.Text(7);
  post.lang = row.Text(8);
  auto lang_source = ParseLangSource(row.Text(9));
  post.slug = row.Text(10);
  auto status = ParsePostStatus(row.Text(11));
  if (!lang_source || !status) return CorruptRow();
  post.lang_source = *lang_source;
  post.status = *status;
  post.created_at = row.Int(12);
  post.edited_at = row.Int(13);
  post.counts.comments = row.Int(14);
  post.counts.likes = row.Int(15);
  post.counts.reposts = row.Int(16);
  post.counts.shares = row.Int(17);
  post.counts.tips = row.Int(18);
  post.counts.quotes = row.Int(19);
  auto cashtags = DecodeCashtags(row.Text(20));
  if (!cashtags) return std::unexpected(cashtags.error());
  post.cashtags = std::move(*cashtags);
  post.tokens = SplitSymbols(row.Text(21));
  return post;
}

Result<Post> PostByIdFromRow(const Row& row) {
  auto post = PostFromRow(row);
  if (post) post->conversation_version = row.Int(22);
  return post;
}

Result<PostCard> CardFromRow(const Row& row) {
  PostCard card;
  card.id = row.Int(0);
  card.author_id = row.Int(1);
  card.author_handle = row.Text(2);
  card.author_display_name = row.Text(3);
  card.revision = static_cast<int>(row.Int(4));
  card.title = row.Text(5);
  // The query selects one byte more than a card keeps: its presence says the HTML goes on.
  card.html_head = row.Text(6);
  card.html_cut = card.html_head.size() > kCardHtmlHeadBytes;
  if (card.html_cut) {
    std::size_t end = kCardHtmlHeadBytes;
    while (end > 0 && (static_cast<unsigned char>(card.html_head[end]) & 0xC0) == 0x80) --end;
    card.html_head.resize(end);
  }
  card.lang = row.Text(7);
  card.slug = row.Text(8);
  card.created_at = row.Int(9);
  card.edited_at = row.Int(10);
  card.counts.comments = row.Int(11);
  card.counts.likes = row.Int(12);
  card.counts.reposts = row.Int(13);
  card.counts.shares = row.Int(14);
  card.counts.tips = row.Int(15);
  card.counts.quotes = row.Int(16);
  auto cashtags = DecodeCashtags(row.Text(17));
  if (!cashtags) return std::unexpected(cashtags.error());
  card.cashtags = std::move(*cashtags);
  return card;
}

Result<std::vector<std::string>> DecodeCashtags(std::string_view encoded) {
  std::vector<std::pair<std::int64_t, std::string>> tokens;
  while (!encoded.empty()) {
    std::int64_t position = 0;
    std::size_t length = 0;
    const char* end = encoded.data() + encoded.size();
    auto [comma, ec1] = std::from_chars(encoded.data(), end, position);
    if (ec1 != std::errc() || comma == end || *comma != ',') return CorruptRow();
    auto [colon, ec2] = std::from_chars(comma + 1, end, length);
    if (ec2 != std::errc() || colon == end || *colon != ':') return CorruptRow();
    const std::size_t start = static_cast<std::size_t>(colon + 1 - encoded.data());
    if (encoded.size() - start < length) return CorruptRow();
    tokens.emplace_back(position, std::string(encoded.substr(start, length)));
    encoded.remove_prefix(start + length);
  }
  std::ranges::sort(tokens, {}, &std::pair<std::int64_t, std::string>::first);
  std::vector<std::string> symbols;
  symbols.reserve(tokens.size());
  for (auto& token : tokens) symbols.push_back(std::move(token.second));
  return symbols;
}

Result<RevisionContent> RevisionFromRow(const Row& row) {
  RevisionContent content;
  content.title = row.Text(1);
  content.body_md = row.Text(2);
  content.body_html = row.Text(3);
  content.lang = row.Text(4);
  auto lang_source = ParseLangSource(row.Text(5));
  if (!lang_source) return CorruptRow();
  content.lang_source = *lang_source;
  content.slug = row.Text(6);
  content.tokens = SplitSymbols(row.Text(7));
  return content;
}

Status AppendRevision(const Row& row, std::vector<RevisionContent>& revisions) {
  if (row.Int(0) != static_cast<std::int64_t>(revisions.size()) + 1) return CorruptRow();
  auto content = RevisionFromRow(row);
  if (!content) return std::unexpected(content.error());
  revisions.push_back(std::move(*content));
  return {};
}

Status AddRevisionToken(std::vector<RevisionContent>& revisions, std::int64_t revision,
                        std::string symbol) {
  if (revision < 1 || revision > static_cast<std::int64_t>(revisions.size())) return CorruptRow();
  revisions[static_cast<std::size_t>(revision - 1)].cashtags.push_back(std::move(symbol));
  return {};
}

Result<Summary> SummaryFromRow(const Row& row) {
  Summary summary;
  summary.post_id = row.Int(0);
  summary.revision = static_cast<int>(row.Int(1));
  auto status = ParseSummaryStatus(row.Text(2));
  if (!status) return CorruptRow();
  summary.status = *status;
  summary.text = row.Text(3);
  summary.lang = row.Text(4);
  summary.engine = row.Text(5);
  summary.updated_at = row.Int(6);
  return summary;
}

Result<Translation> TranslationFromRow(const Row& row) {
  Translation translation;
  translation.key.source_hash = row.Text(0);
  translation.key.source_lang = row.Text(1);
  translation.key.target = row.Text(2);
  translation.key.engine = row.Text(3);
  translation.text = row.Text(4);
  translation.created_at = row.Int(5);
  return translation;
}

Result<std::vector<std::string>> HashesToLookUp(const std::vector<TranslationKey>& keys) {
  if (keys.size() > kMaxTranslationKeys) {
    return Fail(Errc::kInvalidArgument,
                "at most " + std::to_string(kMaxTranslationKeys) + " keys at once", "keys");
  }
  std::vector<std::string> hashes;
  for (const TranslationKey& key : keys) {
    if (!IsStorableText(key.source_hash) || !IsStorableText(key.source_lang) ||
        !IsStorableText(key.target) || !IsStorableText(key.engine)) {
      continue;
    }
    if (std::find(hashes.begin(), hashes.end(), key.source_hash) == hashes.end()) {
      hashes.push_back(key.source_hash);
    }
  }
  return hashes;
}

std::vector<std::optional<Translation>> MatchTranslations(const std::vector<TranslationKey>& keys,
                                                          std::vector<Translation> rows) {
  std::vector<std::optional<Translation>> found(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const TranslationKey& key = keys[i];
    for (const Translation& row : rows) {
      if (row.key.source_hash == key.source_hash && row.key.source_lang == key.source_lang &&
          row.key.target == key.target && row.key.engine == key.engine) {
        found[i] = row;
        break;
      }
    }
  }
  return found;
}

}  // namespace plaza::storage
