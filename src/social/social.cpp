#include "social/social.hpp"

#include <algorithm>
#include <charconv>

#include "core/ascii.hpp"
#include "core/utf8.hpp"
#include "text/text.hpp"

namespace plaza::social {
namespace {

constexpr int kMaxPageSize = 100;

int ClampLimit(int limit) { return std::clamp(limit, 1, kMaxPageSize); }

Result<std::optional<std::int64_t>> ParseIdCursor(std::string_view text) {
  if (text.empty()) return std::optional<std::int64_t>();
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0) {
    return Fail(Errc::kInvalidArgument, "malformed cursor", "cursor");
  }
  return std::optional<std::int64_t>(id);
}

// One stream of a FeedCursor: "" (from the top), "x" (ended) or a positive id.
Status ParseStream(std::string_view text, std::optional<std::int64_t>& before, bool& done) {
  if (text == "x") {
    done = true;
    return {};
  }
  auto id = ParseIdCursor(text);
  if (!id) return std::unexpected(id.error());
  before = *id;
  return {};
}

std::string FormatStream(std::optional<std::int64_t> before, bool done) {
  if (done) return "x";
  return before ? std::to_string(*before) : std::string();
}

// A quote may hold line breaks and tabs, as the quote box sends them; other C0 controls and DEL
// are refused.
bool HasControlBesidesBreaks(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return (b < 0x20 && c != '\n' && c != '\r' && c != '\t') || b == 0x7F;
  });
}

UserRef RefOf(const User& user) { return UserRef{user.id, user.handle, user.display_name}; }

}  // namespace

Result<FeedCursor> ParseFeedCursor(std::string_view text) {
  FeedCursor cursor;
  if (text.empty()) return cursor;
  const auto r = text.find('r');
  if (!text.starts_with('p') || r == std::string_view::npos) {
    return Fail(Errc::kInvalidArgument, "malformed cursor", "cursor");
  }
  if (auto s = ParseStream(text.substr(1, r - 1), cursor.posts_before, cursor.posts_done); !s) {
    return std::unexpected(s.error());
  }
  if (auto s = ParseStream(text.substr(r + 1), cursor.reposts_before, cursor.reposts_done); !s) {
    return std::unexpected(s.error());
  }
  return cursor;
}

std::string FormatFeedCursor(const FeedCursor& cursor) {
  return "p" + FormatStream(cursor.posts_before, cursor.posts_done) + "r" +
         FormatStream(cursor.reposts_before, cursor.reposts_done);
}

FeedPage MergeFeed(const PostCardPage& posts, const RepostCardPage& reposts, int limit,
                   const FeedCursor& from) {
  FeedPage page;
  std::size_t p = 0;
  std::size_t r = 0;
  while (page.items.size() < static_cast<std::size_t>(limit) &&
         (p < posts.items.size() || r < reposts.items.size())) {
    const bool take_repost = r < reposts.items.size() &&
                             (p == posts.items.size() ||
                              reposts.items[r].repost.created_at >= posts.items[p].created_at);
    if (take_repost) {
      page.items.push_back(FeedItem{reposts.items[r].post, reposts.items[r].repost});
      ++r;
    } else {
      page.items.push_back(FeedItem{posts.items[p], std::nullopt});
      ++p;
    }
  }
  // Each stream goes on after the last item it gave, or where it stood when it gave none; it
  // has ended when it gave everything it read and its store page said nothing follows.
  FeedCursor next = from;
  if (p > 0) next.posts_before = posts.items[p - 1].id;
  if (r > 0) next.reposts_before = reposts.items[r - 1].repost.id;
  next.posts_done = from.posts_done || (p == posts.items.size() && !posts.next_before_id);
  next.reposts_done = from.reposts_done || (r == reposts.items.size() && !reposts.next_before_id);
  if (!next.posts_done || !next.reposts_done) page.next_cursor = FormatFeedCursor(next);
  return page;
}

Social::Social(Store& store, const Clock& clock, RateLimiter& writes_per_user,
               NotificationSink notify, CountsListener on_counts, RateLimiter* writes_per_address)
    : store_(store),
      clock_(clock),
      writes_per_user_(writes_per_user),
      notify_(std::move(notify)),
      on_counts_(std::move(on_counts)),
      writes_per_address_(writes_per_address) {}

Status Social::Throttle(const User& actor, std::string_view address) {
  if (auto s = writes_per_user_.Hit("social:" + std::to_string(actor.id)); !s) return s;
  if (address.empty() || writes_per_address_ == nullptr) return {};
  return writes_per_address_->Hit(address);
}

void Social::Notify(NotificationEvent::Kind kind, std::int64_t recipient_id, const User& actor,
                    std::optional<std::int64_t> post_id, std::string quote) {
  if (!notify_ || recipient_id == actor.id) return;
  notify_(
      NotificationEvent{kind, recipient_id, RefOf(actor), post_id, std::move(quote), clock_.Now()});
}

void Social::CountsChanged(std::int64_t post_id, const EngagementWrite& write) {
  if (write.changed && on_counts_) on_counts_(post_id, write.counts);
}

Result<EngagementWrite> Social::Repost(const User& actor, std::int64_t post_id,
                                       const std::optional<std::string>& quote,
                                       std::string_view address) {
  std::string quote_text;
  if (quote) {
    if (!text::IsValidUtf8(*quote)) {
      return Fail(Errc::kInvalidArgument, "quote must be UTF-8", "quote");
    }
    // Limits count the quote as sent, as the quote box's counter does (and before NFC can
    // fold marks into letters); the stored quote is trimmed and in NFC.
    if (auto s = text::CheckTextLimit(*quote, kQuoteLimit, "quote", "quote"); !s) {
      return std::unexpected(s.error());
    }
    if (HasControlBesidesBreaks(*quote)) {
      return Fail(Errc::kInvalidArgument, "quote must not hold control characters", "quote");
    }
    auto nfc = text::ToNfc(text::TrimSpace(*quote));
    if (!nfc) return std::unexpected(nfc.error());
    if (text::HasVisibleChar(*nfc)) quote_text = std::move(*nfc);
  }
  if (auto s = Throttle(actor, address); !s) return std::unexpected(s.error());
  auto write = store_.social().Repost(post_id, actor.id, quote_text, clock_.Now());
  if (!write) return write;
  CountsChanged(post_id, *write);
  if (write->changed) {
    auto post = store_.posts().Get(post_id);
    if (post) {
      Notify(
          quote_text.empty() ? NotificationEvent::Kind::kRepost : NotificationEvent::Kind::kQuote,
          post->author_id, actor, post_id, quote_text);
    }
  }
  return write;
}

Result<EngagementWrite> Social::Unrepost(const User& actor, std::int64_t post_id,
                                         std::string_view address) {
  if (auto s = Throttle(actor, address); !s) return std::unexpected(s.error());
  auto write = store_.social().Unrepost(post_id, actor.id);
  if (write) CountsChanged(post_id, *write);
  return write;
}

Result<EngagementWrite> Social::Share(const User& actor, std::int64_t post_id,
                                      std::string_view address) {
  if (auto s = Throttle(actor, address); !s) return std::unexpected(s.error());
  auto write = store_.social().Share(post_id, actor.id, clock_.Now());
  if (write) CountsChanged(post_id, *write);
  return write;
}

Result<bool> Social::Pin(const User& actor, std::int64_t post_id, std::string_view address) {
  if (auto s = Throttle(actor, address); !s) return std::unexpected(s.error());
  return store_.social().Pin(actor.id, post_id, clock_.Now());
}

Result<bool> Social::Unpin(const User& actor, std::int64_t post_id, std::string_view address) {
  if (auto s = Throttle(actor, address); !s) return std::unexpected(s.error());
  return store_.social().Unpin(actor.id, post_id);
}

Result<User> Social::Follow(const User& actor, std::string_view handle, std::string_view address) {
  auto followee = store_.users().FindByHandle(AsciiLowered(handle));
  if (!followee) return followee;
  if (followee->id == actor.id) {
    return Fail(Errc::kInvalidArgument, "you cannot follow yourself", "handle");
  }
  if (auto s = Throttle(actor, address); !s) return std::unexpected(s.error());
  auto created = store_.social().Follow(actor.id, followee->id, clock_.Now());
  if (!created) return std::unexpected(created.error());
  if (*created) Notify(NotificationEvent::Kind::kFollow, followee->id, actor, std::nullopt, "");
  return followee;
}

Result<User> Social::Unfollow(const User& actor, std::string_view handle,
                              std::string_view address) {
  auto followee = store_.users().FindByHandle(AsciiLowered(handle));
  if (!followee) return followee;
  if (auto s = Throttle(actor, address); !s) return std::unexpected(s.error());
  auto removed = store_.social().Unfollow(actor.id, followee->id);
  if (!removed) return std::unexpected(removed.error());
  return followee;
}

Result<FeedPage> FollowingFeed(Store& store, std::int64_t reader_id, const std::string& cursor,
                               int limit) {
  auto from = ParseFeedCursor(cursor);
  if (!from) return std::unexpected(from.error());
  limit = ClampLimit(limit);
  PostCardPage posts;
  if (!from->posts_done) {
    auto read = store.social().FollowedPostCards(reader_id, from->posts_before, limit);
    if (!read) return std::unexpected(read.error());
    posts = std::move(*read);
  }
  RepostCardPage reposts;
  if (!from->reposts_done) {
    auto read = store.social().FollowedReposts(reader_id, from->reposts_before, limit);
    if (!read) return std::unexpected(read.error());
    reposts = std::move(*read);
  }
  return MergeFeed(posts, reposts, limit, *from);
}

namespace {

Result<PeoplePage> People(Result<FollowPage> page) {
  if (!page) return std::unexpected(page.error());
  PeoplePage people{std::move(page->items), std::nullopt};
  if (page->next_before_id) people.next_cursor = std::to_string(*page->next_before_id);
  return people;
}

}  // namespace

Result<PeoplePage> Followers(Store& store, std::int64_t user_id, const std::string& cursor,
                             int limit) {
  auto before = ParseIdCursor(cursor);
  if (!before) return std::unexpected(before.error());
  return People(store.social().Followers(user_id, *before, ClampLimit(limit)));
}

Result<PeoplePage> Following(Store& store, std::int64_t user_id, const std::string& cursor,
                             int limit) {
  auto before = ParseIdCursor(cursor);
  if (!before) return std::unexpected(before.error());
  return People(store.social().Following(user_id, *before, ClampLimit(limit)));
}

Result<ProfileSocial> ProfileOf(Store& store, std::int64_t user_id,
                                std::optional<std::int64_t> viewer_id) {
  ProfileSocial profile;
  auto counts = store.social().CountFollows(user_id);
  if (!counts) return std::unexpected(counts.error());
  profile.counts = *counts;
  auto pinned = store.social().PinnedCards(user_id);
  if (!pinned) return std::unexpected(pinned.error());
  profile.pinned = std::move(*pinned);
  if (viewer_id && *viewer_id != user_id) {
    auto follows = store.social().IsFollowing(*viewer_id, user_id);
    if (!follows) return std::unexpected(follows.error());
    profile.viewer_follows = *follows;
  }
  return profile;
}

}  // namespace plaza::social
