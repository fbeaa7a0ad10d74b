#include "rewards/rewards_options.hpp"

#include "rewards/amount.hpp"

namespace plaza::rewards {
namespace {

Status CheckCode(std::string_view code, std::string_view key) {
  if (code.empty() || code.size() > 15) return config::BadValue(key, "expected 1-15 of A-Z0-9");
  for (char c : code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
      return config::BadValue(key, "expected 1-15 of A-Z0-9");
    }
  }
  return {};
}

config::Section<TipAsset> AssetFields() {
  config::Section<TipAsset> fields;
  fields
      .Scalar(
          "code",
          [](TipAsset& a, std::string_view v, std::string_view key) -> Status {
            if (auto s = CheckCode(v, key); !s) return s;
            a.code = std::string(v);
            return {};
          },
          [](const TipAsset& a) { return config::Quoted(a.code); },
          "the asset's code, 1-15 of A-Z0-9 (\"PTS\", \"USDT\")")
      .Required()
      .Integer("decimals", &TipAsset::decimals, 0, kMaxDecimals,
               "decimals of the asset: amounts are whole numbers of 10^-decimals units")
      .Text("welcome", &TipAsset::welcome,
            "granted to each member's wallet when it opens, in the asset's units (\"0\" = none)")
      .Text("presets", &TipAsset::presets,
            "the reward dialog's preset amounts, comma-separated (\"1, 5, 10\")")
      .Check([](const TipAsset& a, std::string_view key) -> Status {
        if (a.welcome == "0") return {};
        auto w = ParseAmount(a.welcome, a.decimals, AmountSign::kPositive, "welcome");
        if (!w) return config::BadValue(std::string(key) + ".welcome", w.error().message);
        return {};
      });
  return fields;
}

}  // namespace

std::vector<std::int64_t> PresetAmounts(const TipAsset& asset) {
  std::vector<std::int64_t> out;
  std::string_view rest = asset.presets;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (auto minor = ParseAmount(item, asset.decimals)) out.push_back(*minor);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

const config::Section<RewardsOptions>& RewardsSection() {
  static const auto section =
      config::Section<RewardsOptions>("rewards", "tips and wallets: docs/rewards.md")
          .Bool("enabled", &RewardsOptions::enabled,
                "tips, wallets and the reward button (false: none of them)")
          .Tables("assets", &RewardsOptions::assets, AssetFields(),
                  "the tip assets, as [[rewards.assets]] tables (default: PTS with 2 decimals "
                  "and a welcome grant of 100.00); the first is the reward dialog's default")
          .Integer("fee_bps", &RewardsOptions::fee_bps, 0, 10'000,
                   "platform fee in basis points taken from each tip to the fee account: the "
                   "author gets amount - floor(amount x fee_bps / 10000)")
          .Integer("idempotency_hours", &RewardsOptions::idempotency_hours, 24, 24 * 366,
                   "hours an Idempotency-Key is kept (at least 24)")
          .Integer("purge_every_s", &RewardsOptions::purge_every_s, std::int64_t{60},
                   std::int64_t{86'400}, "period of the job that purges expired idempotency keys");
  return section;
}

}  // namespace plaza::rewards
