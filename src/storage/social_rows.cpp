#include "storage/social_rows.hpp"

#include "storage/encoding.hpp"

namespace plaza::storage {
namespace {

// A row read from column `offset` on: one query may select two records side by side.
class ShiftedRow final : public Row {
 public:
  ShiftedRow(const Row& row, int offset) : row_(row), offset_(offset) {}
  std::int64_t Int(int column) const override { return row_.Int(column + offset_); }
  std::string Text(int column) const override { return row_.Text(column + offset_); }

 private:
  const Row& row_;
  int offset_;
};

// Columns of the repost (and its reposter) that followed_reposts.sql selects first.
constexpr int kRepostColumns = 7;

template <typename Page, typename Item>
void ClosePageOf(Page& page, int page_size, std::int64_t (*id_of)(const Item&)) {
  if (page.items.size() <= static_cast<std::size_t>(page_size)) return;
  page.items.pop_back();
  page.next_before_id = id_of(page.items.back());
}

}  // namespace

PostCounts CountsFromRow(const Row& row) {
  PostCounts counts;
  counts.comments = row.Int(0);
  counts.likes = row.Int(1);
  counts.reposts = row.Int(2);
  counts.shares = row.Int(3);
  counts.tips = row.Int(4);
  counts.quotes = row.Int(5);
  return counts;
}

Result<FollowEntry> FollowFromRow(const Row& row) {
  FollowEntry entry;
  entry.id = row.Int(0);
  entry.user.id = row.Int(1);
  entry.user.handle = row.Text(2);
  entry.user.display_name = row.Text(3);
  entry.created_at = row.Int(4);
  return entry;
}

Result<RepostCard> RepostCardFromRow(const Row& row) {
  RepostCard item;
  item.repost.id = row.Int(0);
  item.repost.post_id = row.Int(1);
  item.repost.by.id = row.Int(2);
  item.repost.by.handle = row.Text(3);
  item.repost.by.display_name = row.Text(4);
  item.repost.quote = row.Text(5);
  item.repost.created_at = row.Int(6);
  auto card = CardFromRow(ShiftedRow(row, kRepostColumns));
  if (!card) return std::unexpected(card.error());
  item.post = std::move(*card);
  return item;
}

Result<ViewerPostState> ViewerStateFromRow(const Row& row) {
  ViewerPostState state;
  state.reposted = row.Int(0) != 0;
  state.quote = row.Text(1);
  state.shared = row.Int(2) != 0;
  state.pinned = row.Int(3) != 0;
  return state;
}

Status CheckSocialTarget(bool found, std::string_view status) {
  if (!found) return Fail(Errc::kNotFound, "no post has that id");
  if (status != PostStatusName(PostStatus::kLive)) {
    return Fail(Errc::kGone, "the post was deleted or hidden");
  }
  return {};
}

Status CheckQuote(const std::string& quote) {
  if (!IsStorableText(quote)) {
    return Fail(Errc::kInvalidArgument, "quote must be UTF-8 without NUL", "quote");
  }
  return {};
}

Status CheckPinner(std::int64_t author_id, std::int64_t pinner_id) {
  if (author_id != pinner_id) {
    return Fail(Errc::kForbidden, "only the author may pin a post", "post_id");
  }
  return {};
}

Status CheckPinRoom(std::int64_t pinned) {
  if (pinned >= kMaxPinnedPosts) {
    return std::unexpected(Error{
        Errc::kLimitExceeded,
        "at most " + std::to_string(kMaxPinnedPosts) + " posts may be pinned; unpin one first",
        "post_id", kMaxPinnedPosts, std::nullopt});
  }
  return {};
}

Status CheckFollow(std::int64_t follower_id, std::int64_t followee_id) {
  if (follower_id == followee_id) {
    return Fail(Errc::kInvalidArgument, "you cannot follow yourself", "handle");
  }
  return {};
}

RepostDelta RepostDeltaOf(const std::optional<std::string>& before,
                          const std::optional<std::string>& after) {
  auto quotes = [](const std::optional<std::string>& q) -> std::int64_t {
    return q && !q->empty() ? 1 : 0;
  };
  RepostDelta delta;
  delta.reposts = (after ? 1 : 0) - (before ? 1 : 0);
  delta.quotes = quotes(after) - quotes(before);
  return delta;
}

void ClosePage(FollowPage& page, int page_size) {
  ClosePageOf(page, page_size, +[](const FollowEntry& e) { return e.id; });
}

void ClosePage(RepostCardPage& page, int page_size) {
  ClosePageOf(page, page_size, +[](const RepostCard& e) { return e.repost.id; });
}

}  // namespace plaza::storage
