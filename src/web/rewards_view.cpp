// The wallet page and the reward form (rewards_view.hpp).

#include "web/rewards_view.hpp"

#include "web/page_parts.hpp"
#include "web/templates.hpp"

namespace plaza::web {

using kainjow::mustache::data;

std::string RenderWallet(const PageContext& ctx, const std::vector<WalletBalanceView>& balances,
                         const std::vector<WalletEntryView>& entries,
                         const std::string& older_href) {
  data d = PageData(ctx, ctx.catalog.Format("rewards.wallet"));
  data list{data::type::list};
  for (const WalletBalanceView& b : balances) {
    data item;
    item["w_asset"] = data(b.asset);
    item["w_amount"] = data(b.amount);
    list.push_back(item);
  }
  d["balances"] = std::move(list);
  data history{data::type::list};
  for (const WalletEntryView& e : entries) {
    data item;
    item["e_what"] = data(e.what);
    item["e_amount"] = data(e.amount);
    item["e_credit"] = data(e.credit);
    item["e_memo"] = e.memo.empty() ? data(false) : data(e.memo);
    item["e_post_url"] = e.post_url.empty() ? data(false) : data(e.post_url);
    item["e_created_rfc3339"] = data(FormatRfc3339(e.created_at));
    item["e_created_display"] = data(TimeText(ctx, e.created_at));
    history.push_back(item);
  }
  d["entries"] = std::move(history);
  d["has_entries"] = data(!entries.empty());
  d["older_href"] = older_href.empty() ? data(false) : data(older_href);
  return RenderPage(ctx, PageKind::kWallet, d);
}

std::string RenderReward(const PageContext& ctx, const RewardFormView& form) {
  data d = PageData(ctx, form.heading);
  d["r_heading"] = data(form.heading);
  d["r_subject"] = data(form.subject);
  d["r_action"] = data(form.action);
  d["r_back"] = data(form.back_href);
  d["r_token"] = data(form.form_token);
  d["r_notice"] = form.notice.empty() ? data(false) : data(form.notice);
  d["r_error"] = form.error.empty() ? data(false) : data(form.error);
  d["r_amount"] = data(form.amount);
  d["r_message"] = data(form.message);
  d["r_count"] = form.count.empty() ? data(false) : data(form.count);
  d["r_one_asset"] = data(form.assets.size() == 1);
  data assets{data::type::list};
  for (std::size_t i = 0; i < form.assets.size(); ++i) {
    const RewardAssetView& a = form.assets[i];
    data item;
    item["a_code"] = data(a.code);
    item["a_balance"] = data(a.balance);
    item["a_first"] = data(i == 0);
    data presets{data::type::list};
    for (std::size_t j = 0; j < a.presets.size(); ++j) {
      data preset;
      preset["p_id"] = data(a.code + "-" + std::to_string(j));
      preset["p_value"] = data(a.presets[j].first);
      preset["p_label"] = data(a.presets[j].second);
      presets.push_back(preset);
    }
    item["a_presets"] = std::move(presets);
    assets.push_back(item);
  }
  d["assets"] = std::move(assets);
  data tippers{data::type::list};
  for (const std::string& handle : form.tippers) tippers.push_back(data(handle));
  d["tippers"] = std::move(tippers);
  d["has_tippers"] = data(!form.tippers.empty());
  return RenderPage(ctx, PageKind::kReward, d);
}

}  // namespace plaza::web
