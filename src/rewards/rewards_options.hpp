#pragma once

// [rewards]: the tip assets, the welcome grant, the platform fee and the idempotency window
// (docs/rewards.md), declared once.

#include <cstdint>
#include <string>
#include <vector>

#include "config/section.hpp"

namespace plaza::rewards {

/// One `[[rewards.assets]]` table.
struct TipAsset {
  std::string code;           // "PTS": 1-15 of A-Z0-9
  int decimals = 2;           // 0..18
  std::string welcome = "0";  // granted to each member's wallet when it opens ("100.00")
  std::string presets = "";   // the reward dialog's buttons ("1, 5, 10")
};

struct RewardsOptions {
  bool enabled = true;
  std::vector<TipAsset> assets = {{"PTS", 2, "100.00", "1, 5, 10, 50"}};
  int fee_bps = 0;                     // platform fee in basis points, 0..10,000
  int idempotency_hours = 24;          // keys are kept at least this long
  std::int64_t purge_every_s = 3'600;  // period of the key purge job
};

/// The [rewards] section (assets as `[[rewards.assets]]`).
const config::Section<RewardsOptions>& RewardsSection();

/// The presets of `asset` in minor units (the dialog's buttons), bad ones left out.
std::vector<std::int64_t> PresetAmounts(const TipAsset& asset);

}  // namespace plaza::rewards
