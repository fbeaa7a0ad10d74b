#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace plaza {

enum class PostStatus { kLive, kDeleted, kHidden };
enum class LangSource { kDetected, kAuthor };

struct PostCounts {
  std::int64_t comments = 0;
  std::int64_t likes = 0;
  std::int64_t reposts = 0;  // every repost, quotes included
  std::int64_t shares = 0;
  std::int64_t tips = 0;
  std::int64_t quotes = 0;  // the reposts that carry a quote
};

/// A post at its current revision, joined with its author.
struct Post {
  std::int64_t id = 0;
  std::int64_t author_id = 0;
  std::string author_handle;
  std::string author_display_name;
  int revision = 1;
  std::string title;
  std::string body_md;
  std::string body_html;  // rendered from body_md when the revision was stored
  std::string lang;       // content code (DESIGN.md §4), "und" when unknown
  LangSource lang_source = LangSource::kDetected;
  std::string slug;  // current slug, ASCII, may be empty
  /// The post's tokens, as its chips show them: the cashtags of its title and body in order of
  /// first mention, then the attached tokens they do not mention (posts::TokensOfPost).
  std::vector<std::string> cashtags;
  std::vector<std::string> tokens;  // attached by the author from the registry, in their order
  /// Moves whenever what the post's comments show may have changed (a comment written, changed
  /// or removed, a commenter's new display name, a comment's translation stored): the post page
  /// keeps its rendered comments while it holds (docs/conversation.md). Read by id (Get) only.
  std::int64_t conversation_version = 0;
  PostStatus status = PostStatus::kLive;
  Timestamp created_at = 0;
  Timestamp edited_at = 0;  // 0 when never edited
  PostCounts counts;
};

/// The content of one revision.
struct RevisionContent {
  std::string title;
  std::string body_md;
  std::string body_html;
  std::string lang;
  LangSource lang_source = LangSource::kDetected;
  std::string slug;
  std::vector<std::string> cashtags;  // as Post::cashtags (stored in post_tokens)
  std::vector<std::string> tokens;    // as Post::tokens (stored apart, with the revision)
};

/// A job to enqueue, in the same transaction, for the revision a write stores: kind `kind`, dedupe
/// key and payload both "post:<id>:<revision>", run_after the write's time. So a post is never
/// stored without its jobs, even if the process dies right after.
struct RevisionJob {
  std::string kind;  // "summary", ...
  int max_attempts = 5;
};

struct NewPost {
  std::int64_t author_id = 0;
  RevisionContent content;
  Timestamp created_at = 0;
  std::vector<RevisionJob> jobs;
};

struct PostEdit {
  std::int64_t post_id = 0;
  int expected_revision = 0;  // the revision the edit was made against
  RevisionContent content;
  Timestamp edited_at = 0;
  std::vector<RevisionJob> jobs;
};

struct PostListPage {
  std::vector<Post> items;
  std::optional<std::int64_t> next_before_id;  // pass as `before_id` for the next page
};

/// How much of a post's HTML a card carries: enough for an excerpt of a few hundred characters
/// of text, however long the post.
constexpr std::size_t kCardHtmlHeadBytes = 4096;

/// A live post as a list shows it: the post without its bodies, only the head of its HTML.
struct PostCard {
  std::int64_t id = 0;
  std::int64_t author_id = 0;
  std::string author_handle;
  std::string author_display_name;
  int revision = 1;
  std::string title;
  std::string html_head;  // body_html's first kCardHtmlHeadBytes bytes, cut between code points
  bool html_cut = false;  // body_html goes on after html_head
  std::string lang;
  std::string slug;
  std::vector<std::string> cashtags;  // as Post::cashtags
  Timestamp created_at = 0;
  Timestamp edited_at = 0;
  PostCounts counts;
};

struct PostCardPage {
  std::vector<PostCard> items;
  std::optional<std::int64_t> next_before_id;  // pass as `before_id` for the next page
};

/// Posts and their revisions. Edits never overwrite: each is a new revision row.
class PostStore {
 public:
  virtual ~PostStore() = default;
  /// Inserts a post with revision 1 (and enqueues `jobs` for it, atomically). kNotFound (field
  /// "author_id") when the author does not exist.
  virtual Result<Post> Create(const NewPost& post) = 0;
  /// Returns the post at its current revision, whatever its status (deleted posts too).
  /// kNotFound when no post has that id.
  virtual Result<Post> Get(std::int64_t id) = 0;
  /// Stores revision expected_revision + 1 and makes it current, atomically (with `jobs`).
  /// kConflict when the current revision is not expected_revision; kGone when the post is not
  /// live; kNotFound when it does not exist.
  virtual Result<Post> Edit(const PostEdit& edit) = 0;
  /// Marks the post deleted (soft) and deletes its summaries, atomically. kNotFound when it does
  /// not exist; it is not an error if it was already deleted.
  virtual Status Delete(std::int64_t id, Timestamp at) = 0;
  /// Live posts, newest first (by id), with id < before_id when given; at most `limit`.
  /// `author_id` restricts to one author when given. kInvalidArgument when limit < 1; limits
  /// above 1000 are treated as 1000. next_before_id is set only when more posts follow.
  virtual Result<PostListPage> List(std::optional<std::int64_t> before_id, int limit,
                                    std::optional<std::int64_t> author_id) = 0;
  /// The cards of the posts List() returns with the same arguments (same order, same paging and
  /// errors), read in one query whatever the page size.
  virtual Result<PostCardPage> ListCards(std::optional<std::int64_t> before_id, int limit,
                                         std::optional<std::int64_t> author_id) = 0;
  /// Number of posts in any status (used by --demo: "an empty store").
  virtual Result<std::int64_t> Count() = 0;
  /// Every revision of a post, oldest first. kNotFound when it does not exist.
  virtual Result<std::vector<RevisionContent>> Revisions(std::int64_t id) = 0;
};

}  // namespace plaza
