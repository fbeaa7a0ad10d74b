// `plaza ledger grant|adjust|verify`: what operators do with the rewards ledger. Each runs on
// its own store connections, beside a running server: a grant is one transaction like a tip,
// and verify reads one consistent snapshot.

#include <cstdio>
#include <string>

#include "app/command_flags.hpp"
#include "rewards/amount.hpp"
#include "rewards/module.hpp"

namespace plaza::rewards {
namespace {

int Run(const RewardsOptions& options, const StoreOpener& open_store,
        const config::ParsedFlags& flags, const CommandIo& io) {
  const auto usage = [&io](const std::string& message) {
    std::fprintf(io.err, "plaza ledger: %s\n", message.c_str());
    return 2;
  };
  if (flags.positional.size() != 1) return usage("expected one of grant, adjust, verify");
  const std::string& sub = flags.positional[0];
  if (sub != "grant" && sub != "adjust" && sub != "verify") {
    return usage("unknown subcommand '" + sub + "' (grant, adjust, verify)");
  }
  if (sub != "verify") {
    for (const char* required : {"--user", "--asset", "--amount", "--reason"}) {
      if (!flags.Has(required)) return usage(std::string(required) + " is required");
    }
  }
  auto store = open_store();
  if (!store) {
    std::fprintf(io.err, "plaza ledger: %s\n", store.error().message.c_str());
    return 1;
  }
  SystemClock clock;
  auto rewards = Rewards::Create(**store, options, clock);
  if (!rewards) return usage(rewards.error().message);
  if (sub == "verify") {
    auto mismatch = (*rewards)->Verify();
    if (!mismatch) {
      std::fprintf(io.err, "plaza ledger verify: %s\n", mismatch.error().message.c_str());
      return 1;
    }
    if (*mismatch) {
      std::fprintf(io.out, "mismatch: %s\n", (*mismatch)->c_str());
      return 1;
    }
    std::fprintf(io.out, "ledger ok\n");
    return 0;
  }
  const auto kind = sub == "grant" ? LedgerTxKind::kGrant : LedgerTxKind::kAdjust;
  const std::string user = *flags.Get("--user");
  const std::string asset = *flags.Get("--asset");
  auto posted = (*rewards)->Grant(kind, user.starts_with('@') ? user.substr(1) : user, asset,
                                  *flags.Get("--amount"), *flags.Get("--reason"));
  if (!posted) {
    std::fprintf(io.err, "plaza ledger %s: %s\n", sub.c_str(), posted.error().message.c_str());
    return posted.error().code == Errc::kInvalidArgument ? 2 : 1;
  }
  const TipAsset* a = (*rewards)->FindAsset(asset);
  std::int64_t balance = 0;
  for (const auto& [id, b] : posted->user_balances) balance = b;
  std::fprintf(io.out, "transaction %lld: @%s now holds %s %s\n",
               static_cast<long long>(posted->id), user.c_str(),
               FormatAmount(balance, a->decimals).c_str(), asset.c_str());
  return 0;
}

}  // namespace

ModuleCommand LedgerCommand(const RewardsOptions& options, StoreOpener open_store) {
  ModuleCommand command;
  command.name = "ledger";
  command.summary = "grant, adjust and verify the rewards ledger";
  command.usage = "grant|adjust|verify [options]";
  command.about =
      "grant:  --user HANDLE --asset A --amount X --reason TEXT: credits X from the system "
      "account.\nadjust: the same, X may be negative (a correction; never below zero).\n"
      "verify: recomputes every balance from the entries and checks every transaction sums to "
      "zero; prints the first mismatch and exits 1 if there is one.\nSafe while the server runs "
      "(docs/rewards.md).";
  command.flags = {
      {"--user", "HANDLE", "the member whose wallet is credited"},
      {"--asset", "A", "a configured tip asset (PTS)"},
      {"--amount", "X", "in the asset's units (\"12.50\"); adjust: may be negative"},
      {"--reason", "TEXT", "why (kept with the transaction)"},
      kStoreFlags[1],
      kStoreFlags[2],
  };
  command.positional = true;
  command.run = [options, open_store = std::move(open_store)](const config::ParsedFlags& flags,
                                                              const CommandIo& io) {
    return Run(options, open_store, flags, io);
  };
  return command;
}

}  // namespace plaza::rewards
