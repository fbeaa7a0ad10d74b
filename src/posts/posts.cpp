#include "posts/posts.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "markets/registry.hpp"
#include "posts/lang_detect.hpp"
#include "posts/permissions.hpp"
#include "text/markdown.hpp"
#include "text/text.hpp"

namespace plaza {

namespace {

constexpr int kMinPageSize = 1;
constexpr int kMaxPageSize = 100;
// Cursors are "p" + the id the next page starts below. The prefix leaves room for other kinds of
// cursor later; clients treat the whole string as opaque.
constexpr char kCursorPrefix = 'p';

Status CheckUtf8(const std::optional<std::string>& value, const char* field) {
  if (!value) return {};
  if (!text::IsValidUtf8(*value)) {
    return Fail(Errc::kInvalidArgument, std::string(field) + " is not valid UTF-8", field);
  }
  if (value->find('\0') != std::string::npos) {
    return Fail(Errc::kInvalidArgument, std::string(field) + " contains a NUL character", field);
  }
  return {};
}

// Checks the fields an author sent, in a fixed order: encoding of every field first, then title,
// body and lang. `creating` makes title and body required. Returns the trimmed title, if any.
Result<std::optional<std::string>> ValidateInput(const PostInput& input, bool creating) {
  for (auto [value, field] : {std::pair{&input.title, "title"}, std::pair{&input.body, "body"},
                              std::pair{&input.lang, "lang"}}) {
    if (auto ok = CheckUtf8(*value, field); !ok) return std::unexpected(ok.error());
  }
  std::optional<std::string> title;
  if (input.title) {
    const std::string_view trimmed = text::TrimSpace(*input.title);
    // A title of only invisible characters (U+2060, U+3164, ...) would show as nothing.
    if (!text::HasVisibleChar(trimmed)) {
      return Fail(Errc::kInvalidArgument, "title is required", "title");
    }
    if (auto ok = text::CheckTextLimit(trimmed, text::kTitleLimit, "title", "title"); !ok) {
      return std::unexpected(ok.error());
    }
    if (text::HasControl(trimmed)) {
      return Fail(Errc::kInvalidArgument, "title contains control characters", "title");
    }
    title = std::string(trimmed);
  } else if (creating) {
    return Fail(Errc::kInvalidArgument, "title is required", "title");
  }
  if (input.body) {
    if (text::TrimSpace(*input.body).empty()) {
      return Fail(Errc::kInvalidArgument, "body is required", "body");
    }
    if (text::CountCodePoints(*input.body) > text::kMaxBodyCodePoints) {
      return text::LimitExceeded("body is longer than 50000 characters", "body",
                                 text::kMaxBodyCodePoints);
    }
    if (auto ok = text::CheckClusterMarks(*input.body, "body", "body"); !ok) {
      return std::unexpected(ok.error());
    }
  } else if (creating) {
    return Fail(Errc::kInvalidArgument, "body is required", "body");
  }
  if (input.lang && !input.lang->empty() && !IsKnownContentLang(*input.lang)) {
    return Fail(Errc::kInvalidArgument, "unknown language", "lang");
  }
  if (input.tokens && input.tokens->size() > kMaxAttachedTokens) {
    return text::LimitExceeded("at most " + std::to_string(kMaxAttachedTokens) + " tokens",
                               "tokens", kMaxAttachedTokens);
  }
  return title;
}

Result<std::optional<std::int64_t>> ParseCursor(const std::string& cursor) {
  if (cursor.empty()) return std::nullopt;
  const auto invalid = [] { return Fail(Errc::kInvalidArgument, "malformed cursor", "cursor"); };
  // "p" + 1..19 digits without a leading zero.
  if (cursor.size() < 2 || cursor.size() > 20 || cursor[0] != kCursorPrefix || cursor[1] == '0') {
    return invalid();
  }
  std::int64_t id = 0;
  const char* first = cursor.data() + 1;
  const char* last = cursor.data() + cursor.size();
  const auto [end, ec] = std::from_chars(first, last, id);
  if (ec != std::errc() || end != last || id <= 0) return invalid();
  return id;
}

std::optional<std::string> MakeCursor(std::optional<std::int64_t> before_id) {
  if (!before_id) return std::nullopt;
  return kCursorPrefix + std::to_string(*before_id);
}

}  // namespace

std::vector<std::string> CashtagsOfPost(std::string_view title, std::string_view prose,
                                        const text::SymbolLookup& lookup) {
  std::vector<std::string> tags = text::ExtractCashtags(title, lookup);
  for (std::string& tag : text::ExtractCashtagsFromProse(prose, lookup)) {
    if (tags.size() >= text::kMaxCashtags) break;
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
  }
  return tags;
}

std::vector<std::string> TokensOfPost(std::vector<std::string> cashtags,
                                      const std::vector<std::string>& attached,
                                      const text::SymbolLookup& lookup) {
  for (const std::string& token : attached) {
    if (lookup && !lookup(token)) continue;
    if (std::find(cashtags.begin(), cashtags.end(), token) == cashtags.end()) {
      cashtags.push_back(token);
    }
  }
  return cashtags;
}

namespace {

// The registry's symbols for the tokens an author attached (symbols or aliases, any case), in
// their order without repeats. kInvalidArgument naming "tokens" for one it does not know.
Result<std::vector<std::string>> ResolveAttached(const std::vector<std::string>& requested,
                                                 const markets::AssetRegistry& registry) {
  std::vector<std::string> symbols;
  for (const std::string& token : requested) {
    std::string candidate(text::TrimSpace(token));
    bool plain = !candidate.empty() && candidate.size() <= 10;  // worth quoting in the message
    for (char& c : candidate) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      plain = plain && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    }
    const Asset* asset = registry.Find(candidate);
    if (asset == nullptr) {
      return Fail(Errc::kInvalidArgument,
                  plain ? "unknown token: " + candidate : std::string("unknown token"), "tokens");
    }
    if (std::find(symbols.begin(), symbols.end(), asset->symbol) == symbols.end()) {
      symbols.push_back(asset->symbol);
    }
  }
  return symbols;
}

// A page of `list` (PostStore::List or ListCards) at `cursor`, as the service returns it.
template <typename Page, typename StorePage>
Result<Page> ListPage(PostStore& posts,
                      Result<StorePage> (PostStore::*list)(std::optional<std::int64_t>, int,
                                                           std::optional<std::int64_t>),
                      std::optional<std::int64_t> author_id, const std::string& cursor, int limit) {
  auto before_id = ParseCursor(cursor);
  if (!before_id) return std::unexpected(before_id.error());
  auto page = (posts.*list)(*before_id, std::clamp(limit, kMinPageSize, kMaxPageSize), author_id);
  if (!page) return std::unexpected(page.error());
  return Page{std::move(page->items), MakeCursor(page->next_before_id)};
}

}  // namespace

Posts::Posts(Store& store, const Clock& clock, RateLimiter& post_per_user,
             std::function<void(const PostChange&)> on_change,
             std::vector<RevisionJob> revision_jobs)
    : store_(store),
      clock_(clock),
      post_per_user_(post_per_user),
      on_change_(std::move(on_change)),
      revision_jobs_(std::move(revision_jobs)),
      summaries_on_(std::ranges::any_of(revision_jobs_, [](const RevisionJob& job) {
        return job.kind == summarize::kSummaryJobKind;
      })) {}

Result<RevisionContent> Posts::Prepare(const std::string& title, const std::string& body,
                                       const std::optional<std::string>& lang,
                                       const std::vector<std::string>& tokens, TokenSource source) {
  RevisionContent content;
  content.title = title;
  content.body_md = body;
  // One parse gives the HTML and the plain text that language detection and cashtags read.
  auto rendered = text::RenderMarkdown(body);
  if (!rendered) {
    return text::LimitExceeded("body renders to more than " +
                                   std::to_string(text::kMaxMarkdownHtmlBytes) + " bytes of HTML",
                               "body", text::kMaxMarkdownHtmlBytes);
  }
  content.body_html = std::move(rendered->html);
  if (lang && !lang->empty()) {
    content.lang = *lang;
    content.lang_source = LangSource::kAuthor;
  } else {
    content.lang = DetectContentLangOfText(title, rendered->plain_text);
    content.lang_source = LangSource::kDetected;
  }
  content.slug = text::Slugify(title);
  // Tags resolve through the asset registry (kept in the store, edited while Plaza runs); an
  // empty registry, or one that cannot be read, lets every letter-first tag count.
  auto assets = store_.markets().Assets();
  const markets::AssetRegistry registry(assets ? std::move(*assets) : std::vector<Asset>{});
  if (source == TokenSource::kResolve) {
    auto attached = ResolveAttached(tokens, registry);
    if (!attached) return std::unexpected(attached.error());
    content.tokens = std::move(*attached);
  } else {
    content.tokens = tokens;
  }
  const text::SymbolLookup lookup = registry.Lookup();
  content.cashtags =
      TokensOfPost(CashtagsOfPost(title, rendered->plain_text, lookup), content.tokens, lookup);
  return content;
}

void Posts::Changed(const Post& post, PostChange::Kind kind) {
  if (on_change_) on_change_(PostChange{post.id, post.author_id, kind});
}

Result<Post> Posts::Create(const User& author, const PostInput& input) {
  return Insert(author, input, clock_.Now(), Throttle::kApply);
}

Result<Post> Posts::Import(const User& author, const PostInput& input, Timestamp created_at) {
  return Insert(author, input, created_at, Throttle::kSkip);
}

Result<Post> Posts::Insert(const User& author, const PostInput& input, Timestamp created_at,
                           Throttle throttle) {
  auto title = ValidateInput(input, /*creating=*/true);
  if (!title) return std::unexpected(title.error());
  if (throttle == Throttle::kApply) {
    if (auto ok = post_per_user_.Hit("post:" + std::to_string(author.id)); !ok) {
      return std::unexpected(ok.error());
    }
  }
  // ValidateInput made sure both are there.
  auto content =
      Prepare(title->value_or(std::string()), input.body.value_or(std::string()), input.lang,
              input.tokens.value_or(std::vector<std::string>{}), TokenSource::kResolve);
  if (!content) return std::unexpected(content.error());
  auto post =
      store_.posts().Create(NewPost{author.id, std::move(*content), created_at, revision_jobs_});
  if (!post) return std::unexpected(post.error());
  Changed(*post, PostChange::Kind::kCreated);
  return post;
}

Result<Post> Posts::Edit(const User& actor, std::int64_t id, int expected_revision,
                         const PostInput& input) {
  auto title = ValidateInput(input, /*creating=*/false);
  if (!title) return std::unexpected(title.error());
  auto current = store_.posts().Get(id);
  if (!current) return std::unexpected(current.error());
  // Permission first: telling a stranger "gone" would reveal that the post was deleted.
  if (!MayManagePost(actor, *current)) {
    return Fail(Errc::kForbidden, "only the author can edit this post");
  }
  if (current->status != PostStatus::kLive) return Fail(Errc::kGone, "post is gone");
  if (current->revision != expected_revision) {
    return Fail(Errc::kConflict, "the post was edited since this revision", "revision");
  }
  // Every edit stores a whole new revision (up to 50,000 characters) and queues summary and
  // translation work, so edits are throttled too, on their own key: fixing typos never eats
  // into the allowance for new posts.
  if (auto ok = post_per_user_.Hit("post-edit:" + std::to_string(actor.id)); !ok) {
    return std::unexpected(ok.error());
  }

  const std::string new_title = title->value_or(current->title);
  const std::string new_body = input.body.value_or(current->body_md);
  std::optional<std::string> lang = input.lang;
  if (!lang && current->lang_source == LangSource::kAuthor) {
    lang = current->lang;  // the author's choice stands until they change it
  }
  // Attached tokens stay as they are unless the edit sends them.
  auto content = input.tokens
                     ? Prepare(new_title, new_body, lang, *input.tokens, TokenSource::kResolve)
                     : Prepare(new_title, new_body, lang, current->tokens, TokenSource::kKeep);
  if (!content) return std::unexpected(content.error());
  auto post = store_.posts().Edit(
      PostEdit{id, expected_revision, std::move(*content), clock_.Now(), revision_jobs_});
  if (!post) return std::unexpected(post.error());
  Changed(*post, PostChange::Kind::kEdited);
  return post;
}

Status Posts::Delete(const User& actor, std::int64_t id) {
  auto current = store_.posts().Get(id);
  if (!current) return std::unexpected(current.error());
  if (!MayManagePost(actor, *current)) {
    return Fail(Errc::kForbidden, "only the author can delete this post");
  }
  if (current->status == PostStatus::kDeleted) return {};  // deleting twice is not an error
  if (auto ok = store_.posts().Delete(id, clock_.Now()); !ok) return ok;
  Changed(*current, PostChange::Kind::kDeleted);
  return {};
}

Result<Post> Posts::Get(std::int64_t id) {
  auto post = store_.posts().Get(id);
  if (!post) return post;
  if (post->status != PostStatus::kLive) return Fail(Errc::kGone, "post is gone");
  return post;
}

Result<ReaderPost> Posts::Read(std::int64_t id) {
  auto post = Get(id);
  if (!post) return std::unexpected(post.error());
  auto summary = SummaryOf(*post);
  if (!summary) return std::unexpected(summary.error());
  return ReaderPost{std::move(*post), std::move(*summary)};
}

Result<summarize::SummaryView> Posts::SummaryOf(const Post& post) {
  auto stored = store_.summaries().ForPost(post.id);
  if (!stored) return std::unexpected(stored.error());
  summarize::SummaryView view = summarize::ViewOf(post.revision, *stored);
  // With summaries switched off nothing will come: no box rather than one that waits forever.
  if (!summaries_on_ && view.state == summarize::SummaryState::kPending) {
    view.state = summarize::SummaryState::kNone;
  }
  return view;
}

summarize::SummaryView Posts::SummaryOfNewPost() const {
  summarize::SummaryView view;
  view.state = summaries_on_ ? summarize::SummaryState::kPending : summarize::SummaryState::kNone;
  return view;
}

Result<PostPage> Posts::Latest(const std::string& cursor, int limit) {
  return ListPage<PostPage>(store_.posts(), &PostStore::List, std::nullopt, cursor, limit);
}

Result<PostPage> Posts::ByAuthor(std::int64_t author_id, const std::string& cursor, int limit) {
  return ListPage<PostPage>(store_.posts(), &PostStore::List, author_id, cursor, limit);
}

Result<CardPage> Posts::LatestCards(const std::string& cursor, int limit) {
  return ListPage<CardPage>(store_.posts(), &PostStore::ListCards, std::nullopt, cursor, limit);
}

Result<CardPage> Posts::CardsByAuthor(std::int64_t author_id, const std::string& cursor,
                                      int limit) {
  return ListPage<CardPage>(store_.posts(), &PostStore::ListCards, author_id, cursor, limit);
}

}  // namespace plaza
