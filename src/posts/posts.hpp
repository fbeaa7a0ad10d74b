#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "core/result.hpp"
#include "storage/store.hpp"
#include "summarize/summary_view.hpp"
#include "text/text.hpp"

namespace plaza {

/// What an author sends. Absent fields keep their value on edit; on create title and body are
/// required.
struct PostInput {
  std::optional<std::string> title;
  std::optional<std::string> body;
  std::optional<std::string> lang;  // content code chosen by the author; "" or absent = detect
  /// Tokens attached from the asset registry (symbols or aliases, any case), at most
  /// kMaxAttachedTokens; absent keeps the post's (none on create), empty removes them. (A default
  /// initializer, so that initializations naming the first three fields stay warning-free.)
  std::optional<std::vector<std::string>> tokens = std::nullopt;
};

/// How many tokens an author may attach to a post (docs/markets.md).
constexpr std::size_t kMaxAttachedTokens = 5;

/// A post as a reader sees it: the post and the state of its summary.
struct ReaderPost {
  Post post;
  summarize::SummaryView summary;
};

struct PostPage {
  std::vector<Post> items;
  std::optional<std::string> next_cursor;  // opaque
};

/// A page of cards: what list pages show of each post (no bodies), read in one query.
struct CardPage {
  std::vector<PostCard> items;
  std::optional<std::string> next_cursor;  // opaque, the same cursors as PostPage's
};

/// A post write, as the page cache and the job runner hear of it.
struct PostChange {
  enum class Kind { kCreated, kEdited, kDeleted };
  std::int64_t post_id = 0;
  std::int64_t author_id = 0;
  Kind kind = Kind::kCreated;
};

/// The cashtags of a post (title first, then the prose of its body: RenderedMarkdown's
/// plain_text), resolved through `lookup` (text::ExtractCashtags), unique, at most
/// text::kMaxCashtags. What a revision stores and what re-extraction recomputes.
std::vector<std::string> CashtagsOfPost(std::string_view title, std::string_view prose,
                                        const text::SymbolLookup& lookup);

/// A post's tokens, as its chips show them and post_tokens stores them: `cashtags` (of its text,
/// in order of first mention), then the `attached` tokens they do not name, in the author's
/// order. An attached token `lookup` no longer resolves (its asset left the registry) is left out,
/// and comes back if the asset does; with an empty lookup (no registry) all count.
std::vector<std::string> TokensOfPost(std::vector<std::string> cashtags,
                                      const std::vector<std::string>& attached,
                                      const text::SymbolLookup& lookup);

/// Creating, editing, deleting and reading posts. Synchronous; called on the worker pool.
class Posts {
 public:
  /// `on_change` is called after every successful create, edit and delete
  /// (caches and the job runner listen to it). `revision_jobs` are enqueued with every revision
  /// stored, in the same transaction (the summary job, later translations).
  Posts(Store& store, const Clock& clock, RateLimiter& post_per_user,
        std::function<void(const PostChange&)> on_change = {},
        std::vector<RevisionJob> revision_jobs = {});

  /// Validates (UTF-8 per field; title 1–200 graphemes and at most 1,600 bytes, with a visible
  /// character; body 1–50,000 code points; at most 30 combining marks per character; lang a
  /// known content code; tokens at most kMaxAttachedTokens, each a symbol or alias of the
  /// registry, kInvalidArgument naming "tokens" otherwise), renders Markdown (kLimitExceeded when
  /// its HTML would pass text::kMaxMarkdownHtmlBytes), detects the language unless given, extracts
  /// cashtags, makes the slug, stores revision 1. Throttled per author. Limits are kLimitExceeded
  /// (HTTP 422) with the field and the limit.
  Result<Post> Create(const User& author, const PostInput& input);
  /// Stores a post like Create, but with the given creation time and without the per-author
  /// throttle: for demo content and imports run by the operator, never for requests.
  Result<Post> Import(const User& author, const PostInput& input, Timestamp created_at);
  /// A new revision made against `expected_revision`. kForbidden unless the author (or an
  /// admin); kConflict when stale; kGone when deleted (told only to whoever may edit it). Throttled
  /// per editor, on a key of its own
  /// ("post-edit:<user id>") so edits never use up the allowance for new posts.
  Result<Post> Edit(const User& actor, std::int64_t id, int expected_revision,
                    const PostInput& input);
  /// Soft delete. kForbidden unless the author (or an admin).
  Status Delete(const User& actor, std::int64_t id);
  /// A live post. kGone when deleted or hidden, kNotFound when it never existed.
  Result<Post> Get(std::int64_t id);
  /// A live post with its summary's state, as Get.
  Result<ReaderPost> Read(std::int64_t id);
  /// The summary's state for a post at `post.revision`.
  Result<summarize::SummaryView> SummaryOf(const Post& post);
  /// The summary's state of a post just created: pending (its job was queued with it), or none
  /// when summaries are off.
  summarize::SummaryView SummaryOfNewPost() const;
  /// Newest live posts; `cursor` is a next_cursor from a previous page ("" = first page).
  /// kInvalidArgument for a malformed cursor. `limit` is clamped to 1..100.
  Result<PostPage> Latest(const std::string& cursor, int limit);
  Result<PostPage> ByAuthor(std::int64_t author_id, const std::string& cursor, int limit);
  /// The cards of Latest() and ByAuthor(), same arguments and errors: what list pages render.
  Result<CardPage> LatestCards(const std::string& cursor, int limit);
  Result<CardPage> CardsByAuthor(std::int64_t author_id, const std::string& cursor, int limit);

 private:
  enum class Throttle { kApply, kSkip };
  Result<Post> Insert(const User& author, const PostInput& input, Timestamp created_at,
                      Throttle throttle);
  // kResolve: `tokens` come from the author and are resolved through the registry; kKeep: they
  // are the post's, stored already.
  enum class TokenSource { kResolve, kKeep };
  Result<RevisionContent> Prepare(const std::string& title, const std::string& body,
                                  const std::optional<std::string>& lang,
                                  const std::vector<std::string>& tokens, TokenSource source);
  void Changed(const Post& post, PostChange::Kind kind);

  Store& store_;
  const Clock& clock_;
  RateLimiter& post_per_user_;
  std::function<void(const PostChange&)> on_change_;
  std::vector<RevisionJob> revision_jobs_;
  bool summaries_on_ = false;  // a summary job is among revision_jobs_
};

}  // namespace plaza
