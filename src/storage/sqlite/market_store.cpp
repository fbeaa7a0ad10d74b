#include "storage/sqlite/market_store.hpp"

#include <utility>

#include "storage/encoding.hpp"
#include "storage/market_rows.hpp"

namespace plaza::sqlite {

namespace {

// Binds an asset's columns in the order of put_asset.sql and seed_asset.sql.
void BindAsset(Statement& stmt, const Asset& asset) {
  stmt.Bind(asset.symbol)
      .Bind(asset.name)
      .Bind(static_cast<std::int64_t>(asset.decimals))
      .Bind(storage::JoinSymbols(asset.aliases))
      .Bind(asset.trade_url);
}

// Runs one statement over `conn` and returns how many rows it changed.
Result<std::int64_t> RunCounting(Connection& conn, const char* sql, Timestamp bound) {
  auto stmt = conn.Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(bound);
  if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
  return conn.Changes();
}

}  // namespace

Result<std::vector<Asset>> SqliteMarketStore::Assets() {
  return db_.Read([&](Connection& conn) -> Result<std::vector<Asset>> {
    auto stmt = conn.Prepare(Query("market_store/assets"));
    if (!stmt) return std::unexpected(stmt.error());
    return ReadRows(*stmt, storage::AssetFromRow);
  });
}

Status SqliteMarketStore::PutAsset(const Asset& asset) {
  if (auto s = storage::CheckAsset(asset); !s) return s;
  return db_.Write([&](Connection& conn) -> Status {
    auto stmt = conn.Prepare(Query("market_store/put_asset"));
    if (!stmt) return std::unexpected(stmt.error());
    BindAsset(*stmt, asset);
    return stmt->Run();
  });
}

Result<int> SqliteMarketStore::SeedAssets(const std::vector<Asset>& assets) {
  for (const auto& asset : assets) {
    if (auto s = storage::CheckAsset(asset); !s) return std::unexpected(s.error());
  }
  return db_.Write([&](Connection& conn) -> Result<int> {
    int inserted = 0;
    for (const auto& asset : assets) {
      auto stmt = conn.Prepare(Query("market_store/seed_asset"));
      if (!stmt) return std::unexpected(stmt.error());
      BindAsset(*stmt, asset);
      if (auto s = stmt->Run(); !s) return std::unexpected(s.error());
      inserted += static_cast<int>(conn.Changes());
    }
    return inserted;
  });
}

Status SqliteMarketStore::RemoveAsset(const std::string& symbol) {
  if (!storage::IsStorableText(symbol)) return Fail(Errc::kNotFound, "asset not found", "symbol");
  return db_.Write([&](Connection& conn) -> Status {
    auto stmt = conn.Prepare(Query("market_store/remove_asset"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(symbol);
    if (auto s = stmt->Run(); !s) return s;
    if (conn.Changes() == 0) return Fail(Errc::kNotFound, "asset not found", "symbol");
    return {};
  });
}

Status SqliteMarketStore::PutTicker(const Ticker& ticker) {
  if (auto s = storage::CheckTicker(ticker); !s) return s;
  return db_.Write([&](Connection& conn) -> Status {
    {
      auto stmt = conn.Prepare(Query("market_store/put_ticker"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(ticker.symbol)
          .Bind(ticker.last)
          .Bind(ticker.change_24h)
          .Bind(ticker.volume_24h)
          .Bind(ticker.updated_at)
          .Bind(ticker.source);
      if (auto s = stmt->Run(); !s) return s;
    }
    auto stmt = conn.Prepare(Query("market_store/put_minute"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(ticker.symbol).Bind(storage::MinuteOf(ticker.updated_at)).Bind(ticker.last);
    return stmt->Run();
  });
}

Result<std::optional<Ticker>> SqliteMarketStore::GetTicker(const std::string& symbol) {
  if (!storage::IsStorableText(symbol)) return std::optional<Ticker>();
  return db_.Read([&](Connection& conn) -> Result<std::optional<Ticker>> {
    auto stmt = conn.Prepare(Query("market_store/ticker"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(symbol);
    auto rows = ReadRows(*stmt, storage::TickerFromRow);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return std::optional<Ticker>();
    return std::optional<Ticker>(std::move(rows->front()));
  });
}

Result<std::vector<Ticker>> SqliteMarketStore::Tickers() {
  return db_.Read([&](Connection& conn) -> Result<std::vector<Ticker>> {
    auto stmt = conn.Prepare(Query("market_store/tickers"));
    if (!stmt) return std::unexpected(stmt.error());
    return ReadRows(*stmt, storage::TickerFromRow);
  });
}

Result<std::vector<PricePoint>> SqliteMarketStore::History(const std::string& symbol,
                                                           HistoryResolution resolution,
                                                           Timestamp since) {
  if (!storage::IsStorableText(symbol)) return std::vector<PricePoint>();
  return db_.Read([&](Connection& conn) -> Result<std::vector<PricePoint>> {
    auto stmt = conn.Prepare(Query("market_store/history"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(symbol).Bind(static_cast<std::int64_t>(resolution)).Bind(since);
    return ReadRows(*stmt, storage::PricePointFromRow);
  });
}

Result<DownsampleCounts> SqliteMarketStore::Downsample(Timestamp now) {
  constexpr Timestamp kHour = 3600 * kMicrosPerSecond;
  const Timestamp minute_cut = (now - kMinuteHistory) - ((now - kMinuteHistory) % kHour);
  return db_.Write([&](Connection& conn) -> Result<DownsampleCounts> {
    DownsampleCounts counts;
    auto folded = RunCounting(conn, Query("market_store/fold_hours"), minute_cut);
    if (!folded) return std::unexpected(folded.error());
    auto minutes = RunCounting(conn, Query("market_store/drop_minutes"), minute_cut);
    if (!minutes) return std::unexpected(minutes.error());
    auto hours = RunCounting(conn, Query("market_store/drop_hours"), now - kHourHistory);
    if (!hours) return std::unexpected(hours.error());
    counts.minutes_removed = *minutes;
    counts.hours_removed = *hours;
    return counts;
  });
}

Result<std::vector<PostTokenPrice>> SqliteMarketStore::PostTokens(std::int64_t post_id,
                                                                  int revision) {
  return db_.Read([&](Connection& conn) -> Result<std::vector<PostTokenPrice>> {
    auto stmt = conn.Prepare(Query("market_store/post_tokens"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(post_id).Bind(static_cast<std::int64_t>(revision));
    return ReadRows(*stmt, storage::PostTokenFromRow);
  });
}

Status SqliteMarketStore::SetPostTokens(std::int64_t post_id, int revision,
                                        const std::vector<std::string>& symbols) {
  for (const auto& symbol : symbols) {
    if (auto s = storage::CheckAsset(Asset{symbol, "", 0, {}, ""}); !s) return s;
  }
  return db_.Write([&](Connection& conn) -> Status {
    std::vector<std::pair<std::string, std::string>> stored;
    {
      auto stmt = conn.Prepare(Query("market_store/post_prices"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(post_id);
      for (;;) {
        auto row = stmt->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        stored.emplace_back(stmt->Text(0), stmt->Text(1));
      }
    }
    const auto prices = storage::EarliestPrices(stored);
    {
      auto stmt = conn.Prepare(Query("market_store/delete_post_tokens"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(post_id).Bind(static_cast<std::int64_t>(revision));
      if (auto s = stmt->Run(); !s) return s;
    }
    for (std::size_t i = 0; i < symbols.size(); ++i) {
      auto stmt = conn.Prepare(Query("market_store/insert_post_token"));
      if (!stmt) return std::unexpected(stmt.error());
      const auto price = prices.find(symbols[i]);
      stmt->Bind(post_id)
          .Bind(static_cast<std::int64_t>(revision))
          .Bind(static_cast<std::int64_t>(i))
          .Bind(symbols[i])
          .Bind(price == prices.end() ? std::string() : price->second);
      if (auto s = stmt->Run(); !s) return s;
    }
    return {};
  });
}

Result<std::vector<PostTokenPrice>> SqliteMarketStore::AuthorTokens(std::int64_t author_id) {
  return db_.Read([&](Connection& conn) -> Result<std::vector<PostTokenPrice>> {
    auto stmt = conn.Prepare(Query("market_store/author_tokens"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(author_id);
    return ReadRows(*stmt, storage::PostTokenFromRow);
  });
}

Result<std::vector<std::int64_t>> SqliteMarketStore::PostsTagging(const std::string& symbol,
                                                                  int limit) {
  if (!storage::IsStorableText(symbol)) return std::vector<std::int64_t>();
  return db_.Read([&](Connection& conn) -> Result<std::vector<std::int64_t>> {
    auto stmt = conn.Prepare(Query("market_store/posts_tagging"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(symbol).Bind(static_cast<std::int64_t>(limit));
    std::vector<std::int64_t> ids;
    for (;;) {
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      ids.push_back(stmt->Int(0));
    }
    return ids;
  });
}

}  // namespace plaza::sqlite
