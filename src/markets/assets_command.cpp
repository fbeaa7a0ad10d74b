// `plaza assets list|add|remove`: the asset registry in the store, edited by the operator.
// Adding or removing an asset queues the re-extraction of cashtags (a running server's job
// workers pick it up; the next `plaza serve` does otherwise).

#include <cstdio>
#include <string>

#include "markets/module.hpp"
#include "markets/registry.hpp"

namespace plaza::markets {

namespace {

constexpr config::FlagSpec kAssetFlags[] = {
    {"--name", "NAME", "add: the asset's name (default: the symbol)"},
    {"--decimals", "N", "add: digits after the point prices are shown with (default 2)"},
    {"--aliases", "LIST", "add: other symbols that mean it, comma-separated"},
    {"--trade-url", "URL", "add: the trade link; {SYMBOL} is replaced by the symbol"},
};

int Usage(const CommandIo& io, const char* why) {
  std::fprintf(
      io.err, "plaza assets: %s\nusage: plaza assets list | add SYMBOL [options] | remove SYMBOL\n",
      why);
  return 2;
}

Status QueueReextraction(Store& store) {
  auto assets = store.markets().Assets();
  if (!assets) return std::unexpected(assets.error());
  NewJob job{std::string(kReextractJobKind), RegistryFingerprint(*assets), "", 3, 0};
  auto queued = store.jobs().Enqueue(job, SystemClock().Now());
  if (!queued) return std::unexpected(queued.error());
  return {};
}

int Run(const config::ParsedFlags& flags, const CommandIo& io, const StoreOpener& open_store) {
  const auto& args = flags.positional;
  if (args.empty()) return Usage(io, "which action?");
  const std::string& action = args[0];
  if (action != "list" && action != "add" && action != "remove") {
    return Usage(io, "unknown action");
  }
  if (action == "list" ? args.size() != 1 : args.size() != 2) {
    return Usage(io, "wrong number of arguments");
  }
  auto store = open_store();
  if (!store) {
    std::fprintf(io.err, "plaza assets: %s\n", store.error().message.c_str());
    return 1;
  }
  MarketStore& markets = (*store)->markets();
  if (action == "list") {
    auto assets = markets.Assets();
    if (!assets) {
      std::fprintf(io.err, "plaza assets: %s\n", assets.error().message.c_str());
      return 1;
    }
    for (const Asset& a : *assets) {
      std::string aliases;
      for (const auto& alias : a.aliases) aliases += (aliases.empty() ? "" : ",") + alias;
      std::fprintf(io.out, "%s\t%d\t%s\t%s\t%s\n", a.symbol.c_str(), a.decimals, a.name.c_str(),
                   aliases.c_str(), a.trade_url.c_str());
    }
    return 0;
  }
  Status done;
  if (action == "add") {
    AssetOptions options;
    options.symbol = args[1];
    options.name = flags.Get("--name").value_or("");
    options.aliases = flags.Get("--aliases").value_or("");
    options.trade_url = flags.Get("--trade-url").value_or("");
    if (auto d = flags.Get("--decimals")) {
      auto n = config::ParseInteger("--decimals", *d, 0, 18);
      if (!n) return Usage(io, n.error().message.c_str());
      options.decimals = static_cast<int>(*n);
    }
    done = markets.PutAsset(ToAsset(options));
  } else {
    done = markets.RemoveAsset(args[1]);
  }
  if (!done) {
    std::fprintf(io.err, "plaza assets: %s\n", done.error().message.c_str());
    return done.error().code == Errc::kInvalidArgument ? 2 : 1;
  }
  if (auto queued = QueueReextraction(**store); !queued) {
    std::fprintf(io.err, "plaza assets: %s\n", queued.error().message.c_str());
    return 1;
  }
  std::fprintf(io.out, "%s %s; cashtags will be re-extracted\n", args[1].c_str(),
               action == "add" ? "stored" : "removed");
  return 0;
}

}  // namespace

ModuleCommand AssetsCommand(StoreOpener open_store) {
  ModuleCommand command;
  command.name = "assets";
  command.summary = "list, add or remove assets of the registry (price chips, token pages)";
  command.usage = "list | add SYMBOL [options] | remove SYMBOL";
  command.about =
      "Edits the asset registry in the store (the one [[markets.assets]] seeds). Adding or "
      "removing an asset queues the re-extraction of every post's cashtags.";
  command.flags.assign(std::begin(kAssetFlags), std::end(kAssetFlags));
  command.positional = true;
  command.run = [open_store](const config::ParsedFlags& flags, const CommandIo& io) {
    return Run(flags, io, open_store);
  };
  return command;
}

}  // namespace plaza::markets
