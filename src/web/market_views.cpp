#include "web/market_views.hpp"

#include <algorithm>
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

}  // namespace

void AddChips(data& d, const PageContext& ctx, const std::vector<std::string>& cashtags,
              const PostChipsView* chips) {
  data list{data::type::list};
  for (std::size_t i = 0; i < cashtags.size(); ++i) {
    const markets::ChipView* chip =
        chips != nullptr && i < chips->chips.size() ? &chips->chips[i] : nullptr;
    list.push_back(ChipData(ctx, cashtags[i], chip, ChipDetails::kShown));
  }
  d["chips_small"] = data(false);
  d["has_chips"] = data(!cashtags.empty());
  d["chips"] = std::move(list);
  d["chips_demo"] = data(chips != nullptr && chips->demo && !cashtags.empty());
  d["chips_up_red"] = data(chips != nullptr && chips->up_is_red);
}

std::string CardChipsHtml(const PageContext& ctx, const PageTemplates& templates,
                          const std::vector<std::string>& symbols, const FeedChipsView* chips) {
  std::vector<const markets::ChipView*> made;
  made.reserve(symbols.size());
  // What the HTML depends on besides the templates (locale, catalog): each chip's tick and
  // staleness, and the colours. The memo keeps one entry per list of symbols, replaced when this
  // changes, so a feed re-renders a list once per tick, not once per request.
  std::string state = chips != nullptr && chips->up_is_red ? "red" : "green";
  for (const std::string& symbol : symbols) {
    const markets::ChipView* chip = nullptr;
    if (chips != nullptr) {
      for (const markets::ChipView& candidate : chips->chips) {
        if (candidate.symbol == symbol) chip = &candidate;
      }
    }
    made.push_back(chip);
    if (chip == nullptr) {
      state += "|-";
    } else {
      state += StrCat("|", std::to_string(chip->updated_at), ":", chip->last, ":", chip->change_24h,
                      chip->stale ? ":s" : ":l");
    }
  }
  state += '\n';
  std::string key = "chips:";
  for (const std::string& symbol : symbols) key.append(symbol).append(",");
  if (auto kept = templates.Fragment(key); kept && kept->starts_with(state)) {
    return kept->substr(state.size());
  }
  data list{data::type::list};
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    list.push_back(ChipData(ctx, symbols[i], made[i], ChipDetails::kLeftOut));
  }
  data d;
  d["has_chips"] = data(!symbols.empty());
  d["chips"] = std::move(list);
  d["chips_small"] = data(true);
  d["chips_demo"] = data(false);  // the feed says it once (RenderHome)
  d["chips_up_red"] = data(chips != nullptr && chips->up_is_red);
  std::string html = templates.Render(PageKind::kChips, d, 512);
  templates.KeepFragment(std::move(key), std::make_shared<const std::string>(state + html));
  return html;
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
