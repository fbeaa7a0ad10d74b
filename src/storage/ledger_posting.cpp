#include "storage/ledger_posting.hpp"

#include <algorithm>
#include <vector>

#include "storage/ledger_rows.hpp"

namespace plaza::storage {
namespace {

LedgerPosting Welcome(const std::string& asset, const AccountRef& account, std::int64_t amount,
                      Timestamp at) {
  LedgerPosting welcome;
  welcome.kind = LedgerTxKind::kWelcome;
  welcome.asset = asset;
  welcome.legs = {{{AccountKind::kSystem, 0}, -amount}, {account, amount}};
  welcome.created_at = at;
  return welcome;
}

}  // namespace

Result<PostedTx> PostIn(LedgerSteps& steps, const LedgerPosting& posting, std::int64_t tx_id) {
  if (auto s = CheckPosting(posting); !s) return std::unexpected(s.error());
  struct Resolved {
    LedgerLeg leg;
    std::int64_t account_id;
  };
  std::vector<Resolved> legs;
  for (const LedgerLeg& leg : posting.legs) {
    bool opened = false;
    auto id = steps.AccountId(leg.account, posting.asset, &opened);
    if (!id) return std::unexpected(id.error());
    if (opened && leg.account.kind == AccountKind::kUser && posting.welcome > 0) {
      auto welcome =
          PostIn(steps, Welcome(posting.asset, leg.account, posting.welcome, posting.created_at));
      if (!welcome) return std::unexpected(welcome.error());
    }
    legs.push_back({leg, *id});
  }
  if (tx_id == 0) {
    auto id = steps.InsertTx(posting);
    if (!id) return std::unexpected(id.error());
    tx_id = *id;
  }
  std::sort(legs.begin(), legs.end(),
            [](const Resolved& a, const Resolved& b) { return a.account_id < b.account_id; });
  PostedTx posted{tx_id, {}};
  for (const Resolved& r : legs) {
    auto balance =
        steps.ApplyEntry(tx_id, r.account_id, r.leg.account.kind, posting.asset, r.leg.amount);
    if (!balance) return std::unexpected(balance.error());
    if (r.leg.account.kind == AccountKind::kUser) {
      posted.user_balances.emplace_back(r.leg.account.user_id, *balance);
    }
  }
  return posted;
}

Status OpenWalletIn(LedgerSteps& steps, std::int64_t user_id, std::span<const AssetAmount> assets,
                    Timestamp now) {
  const AccountRef account{AccountKind::kUser, user_id};
  for (const AssetAmount& asset : assets) {
    bool opened = false;
    auto id = steps.AccountId(account, asset.asset, &opened);
    if (!id) return std::unexpected(id.error());
    if (!opened || asset.amount <= 0) continue;
    auto welcome = PostIn(steps, Welcome(asset.asset, account, asset.amount, now));
    if (!welcome) return std::unexpected(welcome.error());
  }
  return {};
}

}  // namespace plaza::storage
