#include "storage/postgres/market_store.hpp"

#include <utility>

#include "storage/encoding.hpp"
#include "storage/market_rows.hpp"

namespace plaza::pg {

namespace {

Status Run(PgConnection& conn, const char* sql, std::initializer_list<Param> params) {
  auto rows = conn.Exec(sql, params);
  if (!rows) return std::unexpected(rows.error());
  return {};
}

}  // namespace

Result<std::vector<Asset>> PgMarketStore::Assets() {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<Asset>> {
    auto rows = conn.Exec(Query("market_store/assets"));
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::AssetFromRow);
  });
}

Status PgMarketStore::PutAsset(const Asset& asset) {
  if (auto s = storage::CheckAsset(asset); !s) return s;
  return pool_.WithConnection([&](PgConnection& conn) -> Status {
    return Run(conn, Query("market_store/put_asset"),
               {asset.symbol, asset.name, asset.decimals, storage::JoinSymbols(asset.aliases),
                asset.trade_url});
  });
}

Result<int> PgMarketStore::SeedAssets(const std::vector<Asset>& assets) {
  for (const auto& asset : assets) {
    if (auto s = storage::CheckAsset(asset); !s) return std::unexpected(s.error());
  }
  return pool_.InTransaction([&](PgConnection& conn) -> Result<int> {
    int inserted = 0;
    for (const auto& asset : assets) {
      auto rows = conn.Exec(Query("market_store/seed_asset"),
                            {asset.symbol, asset.name, asset.decimals,
                             storage::JoinSymbols(asset.aliases), asset.trade_url});
      if (!rows) return std::unexpected(rows.error());
      inserted += static_cast<int>(rows->Affected());
    }
    return inserted;
  });
}

Status PgMarketStore::RemoveAsset(const std::string& symbol) {
  if (!storage::IsStorableText(symbol)) return Fail(Errc::kNotFound, "asset not found", "symbol");
  return pool_.WithConnection([&](PgConnection& conn) -> Status {
    auto rows = conn.Exec(Query("market_store/remove_asset"), {symbol});
    if (!rows) return std::unexpected(rows.error());
    if (rows->Affected() == 0) return Fail(Errc::kNotFound, "asset not found", "symbol");
    return {};
  });
}

Status PgMarketStore::PutTicker(const Ticker& ticker) {
  if (auto s = storage::CheckTicker(ticker); !s) return s;
  return pool_.InTransaction([&](PgConnection& conn) -> Status {
    if (auto s = Run(conn, Query("market_store/put_ticker"),
                     {ticker.symbol, ticker.last, ticker.change_24h, ticker.volume_24h,
                      ticker.updated_at, ticker.source});
        !s) {
      return s;
    }
    return Run(conn, Query("market_store/put_minute"),
               {ticker.symbol, storage::MinuteOf(ticker.updated_at), ticker.last});
  });
}

Result<std::optional<Ticker>> PgMarketStore::GetTicker(const std::string& symbol) {
  if (!storage::IsStorableText(symbol)) return std::optional<Ticker>();
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::optional<Ticker>> {
    auto rows = conn.Exec(Query("market_store/ticker"), {symbol});
    if (!rows) return std::unexpected(rows.error());
    auto tickers = ReadRows(*rows, storage::TickerFromRow);
    if (!tickers) return std::unexpected(tickers.error());
    if (tickers->empty()) return std::optional<Ticker>();
    return std::optional<Ticker>(std::move(tickers->front()));
  });
}

Result<std::vector<Ticker>> PgMarketStore::Tickers() {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<Ticker>> {
    auto rows = conn.Exec(Query("market_store/tickers"));
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::TickerFromRow);
  });
}

Result<std::vector<PricePoint>> PgMarketStore::History(const std::string& symbol,
                                                       HistoryResolution resolution,
                                                       Timestamp since) {
  if (!storage::IsStorableText(symbol)) return std::vector<PricePoint>();
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<PricePoint>> {
    auto rows = conn.Exec(Query("market_store/history"),
                          {symbol, static_cast<std::int64_t>(resolution), since});
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::PricePointFromRow);
  });
}

Result<DownsampleCounts> PgMarketStore::Downsample(Timestamp now) {
  constexpr Timestamp kHour = 3600 * kMicrosPerSecond;
  const Timestamp minute_cut = (now - kMinuteHistory) - ((now - kMinuteHistory) % kHour);
  return pool_.InTransaction([&](PgConnection& conn) -> Result<DownsampleCounts> {
    if (auto s = Run(conn, Query("market_store/fold_hours"), {minute_cut}); !s) {
      return std::unexpected(s.error());
    }
    auto minutes = conn.Exec(Query("market_store/drop_minutes"), {minute_cut});
    if (!minutes) return std::unexpected(minutes.error());
    auto hours = conn.Exec(Query("market_store/drop_hours"), {now - kHourHistory});
    if (!hours) return std::unexpected(hours.error());
    return DownsampleCounts{minutes->Affected(), hours->Affected()};
  });
}

Result<std::vector<PostTokenPrice>> PgMarketStore::PostTokens(std::int64_t post_id, int revision) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<PostTokenPrice>> {
    auto rows = conn.Exec(Query("market_store/post_tokens"), {post_id, revision});
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::PostTokenFromRow);
  });
}

Status PgMarketStore::SetPostTokens(std::int64_t post_id, int revision,
                                    const std::vector<std::string>& symbols) {
  for (const auto& symbol : symbols) {
    if (auto s = storage::CheckAsset(Asset{symbol, "", 0, {}, ""}); !s) return s;
  }
  return pool_.InTransaction([&](PgConnection& conn) -> Status {
    auto stored_rows = conn.Exec(Query("market_store/post_prices"), {post_id});
    if (!stored_rows) return std::unexpected(stored_rows.error());
    std::vector<std::pair<std::string, std::string>> stored;
    for (int i = 0; i < stored_rows->Rows(); ++i) {
      stored.emplace_back(stored_rows->Text(i, 0), stored_rows->Text(i, 1));
    }
    const auto prices = storage::EarliestPrices(stored);
    if (auto s = Run(conn, Query("market_store/delete_post_tokens"), {post_id, revision}); !s) {
      return s;
    }
    for (std::size_t i = 0; i < symbols.size(); ++i) {
      const auto price = prices.find(symbols[i]);
      if (auto s = Run(conn, Query("market_store/insert_post_token"),
                       {post_id, revision, static_cast<std::int64_t>(i), symbols[i],
                        price == prices.end() ? std::string() : price->second});
          !s) {
        return s;
      }
    }
    return {};
  });
}

Result<std::vector<PostTokenPrice>> PgMarketStore::AuthorTokens(std::int64_t author_id) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<PostTokenPrice>> {
    auto rows = conn.Exec(Query("market_store/author_tokens"), {author_id});
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::PostTokenFromRow);
  });
}

Result<std::vector<std::int64_t>> PgMarketStore::PostsTagging(const std::string& symbol,
                                                              int limit) {
  if (!storage::IsStorableText(symbol)) return std::vector<std::int64_t>();
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<std::int64_t>> {
    auto rows = conn.Exec(Query("market_store/posts_tagging"), {symbol, limit});
    if (!rows) return std::unexpected(rows.error());
    std::vector<std::int64_t> ids;
    for (int i = 0; i < rows->Rows(); ++i) ids.push_back(rows->Int(i, 0));
    return ids;
  });
}

}  // namespace plaza::pg
