#pragma once

#include "storage/market_store.hpp"
#include "storage/sqlite/database.hpp"

namespace plaza::sqlite {

/// MarketStore on SQLite; queries in sql/market_store/.
class SqliteMarketStore final : public MarketStore {
 public:
  explicit SqliteMarketStore(Database& db) : db_(db) {}

  Result<std::vector<Asset>> Assets() override;
  Status PutAsset(const Asset& asset) override;
  Result<int> SeedAssets(const std::vector<Asset>& assets) override;
  Status RemoveAsset(const std::string& symbol) override;
  Status PutTicker(const Ticker& ticker) override;
  Result<std::optional<Ticker>> GetTicker(const std::string& symbol) override;
  Result<std::vector<Ticker>> Tickers() override;
  Result<std::vector<PricePoint>> History(const std::string& symbol, HistoryResolution resolution,
                                          Timestamp since) override;
  Result<DownsampleCounts> Downsample(Timestamp now) override;
  Result<std::vector<PostTokenPrice>> PostTokens(std::int64_t post_id, int revision) override;
  Status SetPostTokens(std::int64_t post_id, int revision,
                       const std::vector<std::string>& symbols) override;
  Result<std::vector<PostTokenPrice>> AuthorTokens(std::int64_t author_id) override;
  Result<std::vector<std::int64_t>> PostsTagging(const std::string& symbol, int limit) override;

 private:
  Database& db_;
};

}  // namespace plaza::sqlite
