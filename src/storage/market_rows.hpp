#pragma once

// Row -> domain conversions and write checks of the markets aggregate, shared by both backends
// (the column orders are those of sql/market_store/*.sql).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/market_store.hpp"
#include "storage/rows.hpp"

namespace plaza::storage {

/// Columns of market_store/assets.sql.
Result<Asset> AssetFromRow(const Row& row);
/// Columns of market_store/ticker.sql and tickers.sql.
Result<Ticker> TickerFromRow(const Row& row);
/// Columns of market_store/history.sql.
Result<PricePoint> PricePointFromRow(const Row& row);
/// Columns of market_store/post_tokens.sql and author_tokens.sql ('' or NULL price = none).
Result<PostTokenPrice> PostTokenFromRow(const Row& row);

/// 1–10 upper-case ASCII letters or digits: what the registry and posts store as a symbol.
bool IsSymbol(std::string_view s);

/// Symbols as stored in one column (an asset's aliases, a revision's attached tokens): joined by
/// ','; SplitSymbols reads them back ('' is none).
std::string JoinSymbols(const std::vector<std::string>& symbols);
std::vector<std::string> SplitSymbols(std::string_view text);

/// kInvalidArgument naming the field: a symbol that is not 1–10 upper-case ASCII letters or
/// digits (aliases too), decimals outside 0–18, text that is not storable.
Status CheckAsset(const Asset& asset);
/// kInvalidArgument naming the field: a bad symbol, an empty price, text that is not storable.
Status CheckTicker(const Ticker& ticker);
/// The start of the minute `t` falls in.
Timestamp MinuteOf(Timestamp t);
/// The earliest stored price of each symbol, from (symbol, price) rows newest revision first.
std::map<std::string, std::string> EarliestPrices(
    const std::vector<std::pair<std::string, std::string>>& newest_first);

}  // namespace plaza::storage
