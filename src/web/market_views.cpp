#include "web/market_views.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>

#include "core/clock.hpp"
#include "posts/posts.hpp"
#include "web/html.hpp"
#include "web/page_parts.hpp"

namespace plaza::web {

namespace {

using kainjow::mustache::data;

// The live part of a chip (direction, staleness, change), shared by the post page's chips and
// the token page's quote.
void AddQuote(data& d, const markets::ChipView* chip) {
  const bool priced = chip != nullptr && chip->has_price;
  d["up"] = data(priced && chip->direction > 0);
  d["down"] = data(priced && chip->direction < 0);
  d["stale"] = data(priced && chip->stale);
  d["stale_at"] = priced ? data(FormatRfc3339(chip->stale_at())) : data(false);
  d["change_text"] = data(chip != nullptr ? chip->change_text : std::string());
  d["price_text"] = data(chip != nullptr ? chip->price_text : std::string());
}

enum class ChipDetails { kShown, kLeftOut };

// One chip's data: every key is set, so none is looked up in the page around it.
data ChipData(const PageContext& ctx, const std::string& symbol, const markets::ChipView* chip,
              ChipDetails details) {
  data d;
  d["symbol"] = data(symbol);
  AddQuote(d, chip);
  d["has_details"] = data(chip != nullptr && details == ChipDetails::kShown);
  if (chip == nullptr || details == ChipDetails::kLeftOut) {
    d["details_label"] = data(std::string());
    d["change_line"] = data(std::string());
    d["since_line"] = data(false);
    return d;
  }
  d["details_label"] = data(ctx.catalog.Format("markets.details_label", {{"symbol", symbol}}));
  d["change_line"] =
      data(ctx.catalog.Format("markets.change_24h", {{"change", chip->change_text}}));
  d["since_line"] =
      chip->since_text.empty()
          ? data(false)
          : data(ctx.catalog.Format("markets.since_post", {{"change", chip->since_text}}));
  return d;
}

// A chip list rendered alone (templates/chips.mustache): `symbols`, each with its chip in `made`
// (nullptr: the symbol alone). Memoized under `key` with everything the HTML shows besides the
// locale's templates, so a page re-renders its chips once per tick, not once per request.
std::string ChipListHtml(const PageContext& ctx, const PageTemplates& templates, std::string key,
                         const std::vector<std::string>& symbols,
                         const std::vector<const markets::ChipView*>& made, ChipDetails details,
                         bool demo, bool up_is_red) {
  const bool shown = details == ChipDetails::kShown;
  std::string state = StrCat(up_is_red ? "red" : "green", demo ? ":demo" : "");
  for (const markets::ChipView* chip : made) {
    if (chip == nullptr) {
      state += "|-";
      continue;
    }
    state +=
        StrCat("|", std::to_string(chip->has_price ? chip->stale_at() : 0), ":",
               std::to_string(chip->direction), chip->stale ? ":s:" : ":l:", chip->change_text);
    if (shown) state += StrCat(":", chip->price_text, ":", chip->since_text);
  }
  state += '\n';
  if (auto kept = templates.Fragment(key); kept && kept->starts_with(state)) {
    return kept->substr(state.size());
  }
  data list{data::type::list};
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    list.push_back(ChipData(ctx, symbols[i], made[i], details));
  }
  data d;
  d["has_chips"] = data(!symbols.empty());
  d["chips"] = std::move(list);
  d["chips_small"] = data(!shown);
  d["chips_demo"] = data(demo && !symbols.empty());
  d["chips_up_red"] = data(up_is_red);
  std::string html = templates.Render(PageKind::kChips, d, shown ? 1024 : 512);
  templates.KeepFragment(std::move(key), std::make_shared<const std::string>(state + html));
  return html;
}

// The post page's chip list as last rendered on this thread, in a few slots: current while the
// slot holds the very vector of chips it was rendered from (ChipBoard::ForPost hands out the same
// vector while its values hold, and holding it keeps its address from being reused) with the
// same templates and colours. Skips even the state check of ChipListHtml.
struct PostChipListMemo {
  std::uint64_t templates = 0;
  std::shared_ptr<const std::vector<markets::ChipView>> from;
  bool demo = false;
  bool up_is_red = false;
  std::string html;
};
constexpr std::size_t kPostChipListSlots = 64;

bool SameSymbols(const std::vector<markets::ChipView>& chips,
                 const std::vector<std::string>& symbols) {
  if (chips.size() != symbols.size()) return false;
  for (std::size_t i = 0; i < chips.size(); ++i) {
    if (chips[i].symbol != symbols[i]) return false;
  }
  return true;
}

}  // namespace

void AddChips(data& d, const PageContext& ctx, const PageTemplates& templates, const Post& post,
              const PostChipsView* chips) {
  if (post.cashtags.empty()) {
    d["chips_html"] = data(std::string());
    return;
  }
  const bool demo = chips != nullptr && chips->demo;
  const bool up_is_red = chips != nullptr && chips->up_is_red;
  PostChipListMemo* kept = nullptr;
  if (chips != nullptr && chips->chips) {
    thread_local std::array<PostChipListMemo, kPostChipListSlots> memo;
    const auto address = reinterpret_cast<std::uintptr_t>(chips->chips.get());
    kept = &memo[((address >> 4) ^ (templates.id() * 0x9E3779B97F4A7C15ULL)) % memo.size()];
    if (kept->from == chips->chips && kept->templates == templates.id() && kept->demo == demo &&
        kept->up_is_red == up_is_red && SameSymbols(*chips->chips, post.cashtags)) {
      d["chips_html"] = data(kept->html);
      return;
    }
  }
  std::vector<const markets::ChipView*> made;
  made.reserve(post.cashtags.size());
  for (std::size_t i = 0; i < post.cashtags.size(); ++i) {
    made.push_back(chips != nullptr && chips->chips && i < chips->chips->size()
                       ? &(*chips->chips)[i]
                       : nullptr);
  }
  std::string key =
      StrCat("chips:post:", std::to_string(post.id), ":", std::to_string(post.revision), ":");
  for (const std::string& symbol : post.cashtags) key.append(symbol).append(",");
  std::string html = ChipListHtml(ctx, templates, std::move(key), post.cashtags, made,
                                  ChipDetails::kShown, demo, up_is_red);
  if (kept != nullptr) {
    *kept = PostChipListMemo{templates.id(), chips->chips, demo, up_is_red, html};
  }
  d["chips_html"] = data(std::move(html));
}

std::string CardChipsHtml(const PageContext& ctx, const PageTemplates& templates,
                          const std::vector<std::string>& symbols, const FeedChipsView* chips) {
  std::vector<const markets::ChipView*> made;
  made.reserve(symbols.size());
  for (const std::string& symbol : symbols) {
    const markets::ChipView* chip = nullptr;
    if (chips != nullptr) {
      for (const markets::ChipView& candidate : chips->chips) {
        if (candidate.symbol == symbol) chip = &candidate;
      }
    }
    made.push_back(chip);
  }
  std::string key = "chips:";
  for (const std::string& symbol : symbols) key.append(symbol).append(",");
  // The feed says "demo prices" once (RenderHome), not under each card.
  return ChipListHtml(ctx, templates, std::move(key), symbols, made, ChipDetails::kLeftOut, false,
                      chips != nullptr && chips->up_is_red);
}

void AddTokenPicker(data& d, const PageContext& ctx, const std::vector<plaza::Asset>& assets,
                    const std::vector<std::string>& ticked) {
  if (assets.empty()) {
    d["token_picker"] = data(false);
    return;
  }
  data picker;
  data options{data::type::list};
  for (const plaza::Asset& asset : assets) {
    data option;
    option["symbol"] = data(asset.symbol);
    option["name"] = data(asset.name == asset.symbol ? std::string() : asset.name);
    option["checked"] = data(std::find(ticked.begin(), ticked.end(), asset.symbol) != ticked.end());
    options.push_back(std::move(option));
  }
  picker["options"] = std::move(options);
  picker["hint"] = data(ctx.catalog.Format(
      "markets.attach_hint", {{"max", static_cast<std::int64_t>(kMaxAttachedTokens)}}));
  picker["max"] = data(std::to_string(kMaxAttachedTokens));
  d["token_picker"] = std::move(picker);
}

void AddRecord(data& d, const PageContext& ctx, const markets::AuthorRecord* record) {
  if (record == nullptr || record->tagged_posts == 0) {
    d["record"] = data(false);
    return;
  }
  data r;
  const std::string median = record->median ? record->median_text : std::string("\u2014");
  r["text"] = data(ctx.catalog.Format(
      "markets.record_text", {{"posts", std::int64_t{record->tagged_posts}}, {"median", median}}));
  d["record"] = std::move(r);
}

std::string RenderToken(const PageContext& ctx, const TokenPageView& view) {
  const Asset& asset = view.asset;
  data d =
      PageData(ctx, asset.name.empty() ? asset.symbol : StrCat(asset.symbol, " · ", asset.name));
  d["symbol"] = data(asset.symbol);
  d["name"] = data(asset.name);
  AddQuote(d, &view.chip);
  d["chips_up_red"] = data(view.up_is_red);
  d["demo"] = data(view.demo);
  d["trade_url"] = view.trade_url.empty() ? data(false) : data(view.trade_url);
  d["trade_label"] = data(ctx.catalog.Format("markets.trade", {{"symbol", asset.symbol}}));
  d["chart_24h"] = data(view.chart_24h);
  d["chart_30d"] = data(view.chart_30d);
  d["tagged_heading"] =
      data(ctx.catalog.Format("markets.tagged_posts", {{"symbol", asset.symbol}}));
  data posts{data::type::list};
  for (const Post& post : view.posts) {
    data item;
    item["url"] = data(PostPath(post));
    item["title"] = data(post.title);
    item["post_lang"] = data(post.lang.empty() || post.lang == "und" ? std::string() : post.lang);
    item["author_handle"] = data(post.author_handle);
    item["created_rfc3339"] = data(FormatRfc3339(post.created_at));
    item["created_display"] = data(TimeText(ctx, post.created_at));
    posts.push_back(std::move(item));
  }
  d["has_posts"] = data(!view.posts.empty());
  d["posts"] = std::move(posts);
  return RenderPage(ctx, PageKind::kToken, d);
}

}  // namespace plaza::web
