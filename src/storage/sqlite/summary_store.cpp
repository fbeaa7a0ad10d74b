#include "storage/sqlite/summary_store.hpp"

#include "storage/encoding.hpp"
#include "storage/sqlite/job_store.hpp"

namespace plaza::sqlite {

Status SqliteSummaryStore::Put(const Summary& summary, const std::optional<JobTicket>& completes) {
  if (auto s = storage::CheckSummary(summary); !s) return s;
  if (auto s = storage::CheckTicket(completes); !s) return s;
  // The summary and the end of its job commit together: one commit per job.
  return db_.Write([&](Connection& conn) -> Status {
    {
      auto stmt = conn.Prepare(Query("summary_store/post_state"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(summary.post_id);
      auto row = stmt->Step();
      if (!row) return std::unexpected(row.error());
      auto target =
          *row ? storage::CheckSummaryTarget(true, stmt->Text(0), stmt->Int(1), summary.revision)
               : storage::CheckSummaryTarget(false, "", 0, summary.revision);
      if (!target) return target;
    }
    {
      auto stmt = conn.Prepare(Query("summary_store/put"));
      if (!stmt) return std::unexpected(stmt.error());
      stmt->Bind(summary.post_id)
          .Bind(static_cast<std::int64_t>(summary.revision))
          .Bind(SummaryStatusName(summary.status))
          .Bind(summary.text)
          .Bind(summary.lang)
          .Bind(summary.engine)
          .Bind(summary.updated_at);
      if (auto s = stmt->Run(); !s) return s;
    }
    if (completes) {
      // Not running under that owner any more (a reclaim, an operator): the summary stands.
      auto changed = CompleteJob(conn, completes->job_id, completes->owner, summary.updated_at);
      if (!changed) return std::unexpected(changed.error());
    }
    return {};
  });
}

Result<std::vector<Summary>> SqliteSummaryStore::ForPost(std::int64_t post_id) {
  return db_.Read([&](Connection& conn) -> Result<std::vector<Summary>> {
    auto stmt = conn.Prepare(Query("summary_store/of_post"));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->Bind(post_id);
    return ReadRows(*stmt, storage::SummaryFromRow);
  });
}

}  // namespace plaza::sqlite
