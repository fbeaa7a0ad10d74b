#pragma once

// The rewards pages (docs/rewards.md): the reader's wallet and the reward form that works
// without script. Amounts arrive already written for the reader's locale: the rewards module
// formats them from exact integers.

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "web/pages.hpp"

namespace plaza::web {

/// One balance of the wallet: the asset and its amount with it, localized ("1 234,50 PTS").
struct WalletBalanceView {
  std::string asset;
  std::string amount;
};

/// One entry of the wallet's history, newest first.
struct WalletEntryView {
  std::string what;    // "Reward sent", "Welcome grant"… (localized)
  std::string amount;  // signed and localized: "+5.00 PTS", "−5.00 PTS"
  bool credit = false;
  std::string memo;      // a tip's message or a grant's reason, "" for none
  std::string post_url;  // a tip's post, "" otherwise
  Timestamp created_at = 0;
};

/// The wallet page: balances, then the history with a link to older entries
/// (`older_href`, "" when there are none).
std::string RenderWallet(const PageContext& ctx, const std::vector<WalletBalanceView>& balances,
                         const std::vector<WalletEntryView>& entries,
                         const std::string& older_href);

/// One asset the reward form offers: its balance and preset amounts (plain decimal text, the
/// value posted, with its localized label).
struct RewardAssetView {
  std::string code;
  std::string balance;  // the sentence "Your balance: 12.50 PTS", localized
  std::vector<std::pair<std::string, std::string>> presets;  // (value, label)
};

/// The reward form of a post or a comment (GET /p/{id}/reward, /c/{id}/reward).
struct RewardFormView {
  std::string heading;     // "Reward @ana's post" (localized)
  std::string subject;     // the post's title or the comment's text
  std::string action;      // where the form posts
  std::string back_href;   // the post page, at the subject
  std::string form_token;  // comments::MakeFormToken: the tip's idempotency key
  std::vector<RewardAssetView> assets;
  std::string count;                 // "Rewards: 3" (localized), "" when not shown
  std::vector<std::string> tippers;  // handles, newest first, each once
  std::string notice;                // success message, "" for none
  std::string error;                 // error message, "" for none
  std::string amount;                // refilled after an error
  std::string message;
};
std::string RenderReward(const PageContext& ctx, const RewardFormView& form);

}  // namespace plaza::web
