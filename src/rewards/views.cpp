#include "rewards/views.hpp"

#include <boost/json.hpp>

#include "markets/decimal.hpp"
#include "markets/number_format.hpp"
#include "rewards/amount.hpp"

namespace plaza::rewards {
namespace {

namespace json = boost::json;

json::object TipObject(const plaza::Tip& tip, const TipAsset& asset) {
  return json::object{
      {"id", tip.id},
      {"subject", {{"kind", TipSubjectKindName(tip.subject_kind)}, {"id", tip.subject_id}}},
      {"post_id", tip.post_id},
      {"asset", tip.asset},
      {"amount", FormatAmount(tip.amount, asset.decimals)},
      {"fee", FormatAmount(tip.fee, asset.decimals)},
      {"message", tip.message},
      {"tipper", {{"handle", tip.tipper_handle}}},
      {"author", {{"handle", tip.author_handle}}},
      {"created_at", FormatRfc3339(tip.created_at)},
  };
}

}  // namespace

std::string LocalAmount(std::string_view locale, std::int64_t minor, int decimals) {
  const std::string exact = FormatAmount(minor, decimals);
  auto value = markets::Decimal::Parse(exact);
  // FormatAmount always writes a plain decimal that Parse reads; keep it as is otherwise.
  if (!value) return exact;
  return markets::FormatDecimal(locale, *value, decimals);
}

std::string TipJson(const plaza::Tip& tip, const TipAsset& asset) {
  return json::serialize(json::object{{"tip", TipObject(tip, asset)}});
}

std::string WalletJson(const std::vector<WalletBalance>& balances) {
  json::array items;
  for (const WalletBalance& b : balances) {
    json::array presets;
    for (std::int64_t p : PresetAmounts(*b.asset)) {
      presets.emplace_back(FormatAmount(p, b.asset->decimals));
    }
    items.emplace_back(json::object{{"asset", b.asset->code},
                                    {"amount", FormatAmount(b.amount, b.asset->decimals)},
                                    {"decimals", b.asset->decimals},
                                    {"presets", std::move(presets)}});
  }
  return json::serialize(json::object{{"wallet", {{"balances", std::move(items)}}}});
}

std::string TipListJson(const std::vector<plaza::Tip>& tips, const Rewards& rewards) {
  json::array items;
  for (const plaza::Tip& tip : tips) {
    // An asset no longer configured keeps its amounts in minor units (0 decimals).
    const TipAsset* asset = rewards.FindAsset(tip.asset);
    const TipAsset fallback{tip.asset, 0, "0", ""};
    items.emplace_back(TipObject(tip, asset != nullptr ? *asset : fallback));
  }
  return json::serialize(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
}

std::string PostCountsEventJson(std::int64_t post_id, std::int64_t tips,
                                const std::string& display) {
  return json::serialize(json::object{
      {"post_id", post_id}, {"counts", {{"tips", tips}}}, {"display", {{"tips", display}}}});
}

std::string CommentCountsEventJson(std::int64_t comment_id, std::int64_t post_id, std::int64_t tips,
                                   const std::string& display) {
  return json::serialize(json::object{{"comment_id", comment_id},
                                      {"post_id", post_id},
                                      {"counts", {{"tips", tips}}},
                                      {"display", {{"tips", display}}}});
}

std::string BalanceEventJson(const TipAsset& asset, std::int64_t amount,
                             const std::string& display) {
  return json::serialize(json::object{{"asset", asset.code},
                                      {"amount", FormatAmount(amount, asset.decimals)},
                                      {"display", display}});
}

}  // namespace plaza::rewards
