#pragma once

// The JSON shapes of rewards (docs/openapi.json): amounts as decimal strings in the asset's
// units, never as numbers.

#include <string>
#include <string_view>
#include <vector>

#include "rewards/rewards.hpp"

namespace plaza::rewards {

/// `minor` units of an asset with `decimals` decimals written for the UI locale `locale` by
/// ICU from their exact decimal text ("1,234.50" in English, "1 234,50" in French).
std::string LocalAmount(std::string_view locale, std::int64_t minor, int decimals);

/// {"tip": {...}}
std::string TipJson(const plaza::Tip& tip, const TipAsset& asset);
/// {"wallet": {"balances": [{"asset", "amount", "decimals", "presets"}]}}
std::string WalletJson(const std::vector<WalletBalance>& balances);
/// {"items": [tip...], "next_cursor": null}
std::string TipListJson(const std::vector<plaza::Tip>& tips, const Rewards& rewards);
/// The data of post.counts: {"post_id", "counts": {"tips"}, "display": {"tips"}}.
std::string PostCountsEventJson(std::int64_t post_id, std::int64_t tips,
                                const std::string& display);
/// The data of comment.counts: {"comment_id", "post_id", "counts": {"tips"}, "display"}.
std::string CommentCountsEventJson(std::int64_t comment_id, std::int64_t post_id, std::int64_t tips,
                                   const std::string& display);
/// The data of wallet.balance: {"asset", "amount", "display"}.
std::string BalanceEventJson(const TipAsset& asset, std::int64_t amount,
                             const std::string& display);

}  // namespace plaza::rewards
