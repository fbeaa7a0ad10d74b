#include "markets/chips.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <unordered_map>

#include <boost/json.hpp>

#include "markets/number_format.hpp"

namespace plaza::markets {

namespace {
constexpr const char* kNoValue = "\u2014";  // —
constexpr int kPercentDigits = 2;
constexpr int kDefaultDecimals = 2;     // a symbol the registry no longer holds
constexpr std::size_t kMaxMemo = 4096;  // entries of ChipBoard's memo of chips
constexpr std::size_t kMaxThreadMemo = 512;

std::atomic<std::uint64_t> next_board_id{1};

// A post's chips as ForPost made them, per thread (no lock on the page's path): good while the
// ticker service's version is the same and no live chip has turned stale.
struct PostChipsMemo {
  std::uint64_t board = 0;
  std::uint64_t version = 0;
  Timestamp good_until = 0;  // FirstStaleAt of the chips; 0: until the version changes
  std::shared_ptr<const std::vector<ChipView>> chips;
};

// "2026-12-06T08:00:00.123Z": ticks come many times a second, and clients measure delays and
// staleness from it.
std::string Rfc3339Millis(Timestamp t) {
  std::string text = FormatRfc3339(t - t % kMicrosPerSecond);
  const auto millis = static_cast<int>((t % kMicrosPerSecond) / 1000);
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03d", millis < 0 ? 0 : millis);
  text.insert(text.size() - 1, fraction);
  return text;
}
}  // namespace

ChipView MakeChip(const TickerService& tickers, const std::string& symbol, int decimals,
                  const std::optional<std::string>& price_at_post, std::string_view locale) {
  const auto ticker = tickers.Latest(symbol);
  return MakeChip(symbol, ticker, ticker && tickers.IsStale(*ticker), tickers.stale_after(),
                  decimals, price_at_post, locale);
}

ChipView MakeChip(const std::string& symbol, const std::optional<Ticker>& ticker, bool stale,
                  Timestamp stale_after, int decimals,
                  const std::optional<std::string>& price_at_post, std::string_view locale) {
  ChipView chip;
  chip.symbol = symbol;
  chip.stale_after = stale_after;
  chip.decimals = decimals;
  chip.price_text = kNoValue;
  chip.change_text = kNoValue;
  if (!ticker) return chip;
  auto last = Decimal::Parse(ticker->last);
  auto change = Decimal::Parse(ticker->change_24h);
  if (!last || !change) return chip;  // the service stores only what Decimal wrote
  chip.has_price = true;
  chip.last = ticker->last;
  chip.change_24h = ticker->change_24h;
  chip.updated_at = ticker->updated_at;
  chip.stale = stale;
  const Decimal shown = change->Rounded(kPercentDigits);
  chip.direction = shown.IsZero() ? 0 : (shown.negative() ? -1 : 1);
  chip.price_text = FormatDecimal(locale, *last, decimals);
  chip.change_text = FormatSignedPercent(locale, *change, kPercentDigits);
  AddSincePost(chip, price_at_post, locale);
  return chip;
}

void AddSincePost(ChipView& chip, const std::optional<std::string>& price_at_post,
                  std::string_view locale) {
  if (!chip.has_price || !price_at_post || price_at_post->empty()) return;
  auto then = Decimal::Parse(*price_at_post);
  auto last = Decimal::Parse(chip.last);
  if (!then || !last) return;
  auto since = Decimal::PercentChange(*then, *last, kPercentDigits);
  if (!since) return;
  chip.change_since_post = since->ToFixed(kPercentDigits);
  chip.since_text = FormatSignedPercent(locale, *since, kPercentDigits);
}

std::string ChipJson(const ChipView& chip) { return boost::json::serialize(ChipObject(chip)); }

boost::json::object ChipObject(const ChipView& chip) {
  namespace json = boost::json;
  json::object o;
  o["symbol"] = chip.symbol;
  o["last"] = chip.has_price ? json::value(chip.last) : json::value(nullptr);
  o["change_24h"] = chip.has_price ? json::value(chip.change_24h) : json::value(nullptr);
  o["change_since_post"] =
      chip.change_since_post ? json::value(*chip.change_since_post) : json::value(nullptr);
  o["updated_at"] =
      chip.has_price ? json::value(Rfc3339Millis(chip.updated_at)) : json::value(nullptr);
  o["stale"] = chip.stale;
  o["stale_after_s"] = chip.stale_after / kMicrosPerSecond;
  o["display"] = json::object{
      {"price", chip.price_text}, {"change", chip.change_text}, {"since", chip.since_text}};
  return o;
}

ChipBoard::ChipBoard(const TickerService& tickers, MarketStore& store, bool demo, bool up_is_red)
    : tickers_(tickers),
      store_(store),
      demo_(demo),
      up_is_red_(up_is_red),
      id_(next_board_id.fetch_add(1, std::memory_order_relaxed)) {}

ChipView ChipBoard::BaseChip(const std::string& symbol, std::string_view locale) const {
  const auto ticker = tickers_.Latest(symbol);
  const bool stale = ticker && tickers_.IsStale(*ticker);
  const int decimals = tickers_.DecimalsOf(symbol, kDefaultDecimals);
  std::string key(locale);
  key.append("|").append(symbol);
  {
    std::lock_guard lock(memo_mu_);
    auto it = memo_.find(key);
    if (it != memo_.end() && it->second.has_price == ticker.has_value() &&
        (!ticker ||
         (it->second.updated_at == ticker->updated_at && it->second.last == ticker->last &&
          it->second.stale == stale && it->second.decimals == decimals))) {
      return it->second;
    }
  }
  ChipView chip =
      MakeChip(symbol, ticker, stale, tickers_.stale_after(), decimals, std::nullopt, locale);
  std::lock_guard lock(memo_mu_);
  // Bounded by locales × symbols; a registry that keeps changing starts over.
  if (memo_.size() >= kMaxMemo) memo_.clear();
  memo_.insert_or_assign(std::move(key), chip);
  return chip;
}

Result<std::shared_ptr<const std::vector<ChipView>>> ChipBoard::ForPost(
    std::int64_t post_id, int revision, const std::vector<std::string>& cashtags,
    std::string_view locale) const {
  if (cashtags.empty()) return std::make_shared<const std::vector<ChipView>>();
  // The chips depend on the post's revision and its cashtags (which fix their prices at post:
  // re-extraction keeps a known symbol's price), the locale, and the tickers now.
  std::string key(locale);
  key.append("|").append(std::to_string(post_id)).append(".").append(std::to_string(revision));
  for (const std::string& symbol : cashtags) key.append("|").append(symbol);
  const std::uint64_t version = tickers_.version();  // before reading the tickers
  const Timestamp now = tickers_.clock().Now();
  thread_local std::unordered_map<std::string, PostChipsMemo> memo;
  if (auto it = memo.find(key); it != memo.end() && it->second.board == id_ &&
                                it->second.version == version &&
                                (it->second.good_until == 0 || now <= it->second.good_until)) {
    return it->second.chips;
  }
  auto stored = store_.PostTokens(post_id, revision);
  if (!stored) return std::unexpected(stored.error());
  std::vector<ChipView> chips;
  chips.reserve(cashtags.size());
  for (const std::string& symbol : cashtags) {
    chips.push_back(BaseChip(symbol, locale));
    std::optional<std::string> then;
    for (const PostTokenPrice& token : *stored) {
      if (token.symbol == symbol) then = token.price_at_post;
    }
    AddSincePost(chips.back(), then, locale);
  }
  const Timestamp good_until = FirstStaleAt(chips);
  auto made = std::make_shared<const std::vector<ChipView>>(std::move(chips));
  if (memo.size() >= kMaxThreadMemo) memo.clear();
  memo.insert_or_assign(std::move(key), PostChipsMemo{id_, version, good_until, made});
  return made;
}

Result<AuthorRecord> ChipBoard::ForAuthor(std::int64_t author_id, std::string_view locale) const {
  auto tokens = store_.AuthorTokens(author_id);
  if (!tokens) return std::unexpected(tokens.error());
  AuthorRecord record;
  std::vector<Decimal> changes;
  std::optional<std::int64_t> last_post;
  for (const PostTokenPrice& token : *tokens) {
    if (token.post_id != last_post) ++record.tagged_posts;
    last_post = token.post_id;
    if (!token.price_at_post) continue;
    const auto now = tickers_.Latest(token.symbol);
    if (!now) continue;
    auto then = Decimal::Parse(*token.price_at_post);
    auto last = Decimal::Parse(now->last);
    if (!then || !last) continue;
    auto change = Decimal::PercentChange(*then, *last, kPercentDigits);
    if (change) changes.push_back(*change);
  }
  record.pairs = static_cast<int>(changes.size());
  record.median = Decimal::Median(changes, kPercentDigits);
  if (record.median)
    record.median_text = FormatSignedPercent(locale, *record.median, kPercentDigits);
  return record;
}

ChipView ChipBoard::ForSymbol(const std::string& symbol, std::string_view locale) const {
  return BaseChip(symbol, locale);
}

std::vector<ChipView> ChipBoard::ForSymbols(
    const std::vector<const std::vector<std::string>*>& symbol_lists,
    std::string_view locale) const {
  std::vector<ChipView> chips;
  for (const std::vector<std::string>* symbols : symbol_lists) {
    for (const std::string& symbol : *symbols) {
      if (std::any_of(chips.begin(), chips.end(),
                      [&](const ChipView& chip) { return chip.symbol == symbol; })) {
        continue;
      }
      chips.push_back(BaseChip(symbol, locale));
    }
  }
  return chips;
}

Timestamp FirstStaleAt(const std::vector<ChipView>& chips) {
  Timestamp first = 0;
  for (const ChipView& chip : chips) {
    if (!chip.has_price || chip.stale) continue;
    if (first == 0 || chip.stale_at() < first) first = chip.stale_at();
  }
  return first;
}

}  // namespace plaza::markets
