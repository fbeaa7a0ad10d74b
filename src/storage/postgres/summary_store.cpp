#include "storage/postgres/summary_store.hpp"

#include "storage/encoding.hpp"
#include "storage/postgres/job_store.hpp"

namespace plaza::pg {

Status PgSummaryStore::Put(const Summary& summary, const std::optional<JobTicket>& completes) {
  if (auto s = storage::CheckSummary(summary); !s) return s;
  if (auto s = storage::CheckTicket(completes); !s) return s;
  return pool_.InTransaction([&](PgConnection& conn) -> Status {
    auto post = conn.Exec(Query("summary_store/post_state"), {summary.post_id});
    if (!post) return std::unexpected(post.error());
    auto target = post->Rows() > 0 ? storage::CheckSummaryTarget(true, post->Text(0, 0),
                                                                 post->Int(0, 1), summary.revision)
                                   : storage::CheckSummaryTarget(false, "", 0, summary.revision);
    if (!target) return target;
    auto put = conn.Exec(Query("summary_store/put"),
                         {summary.post_id, summary.revision, SummaryStatusName(summary.status),
                          summary.text, summary.lang, summary.engine, summary.updated_at});
    if (!put) return std::unexpected(put.error());
    if (completes) {
      // Not running under that owner any more (a reclaim, an operator): the summary stands.
      auto done = CompleteJob(conn, completes->job_id, completes->owner, summary.updated_at);
      if (!done) return std::unexpected(done.error());
    }
    return {};
  });
}

Result<std::vector<Summary>> PgSummaryStore::ForPost(std::int64_t post_id) {
  return pool_.WithConnection([&](PgConnection& conn) -> Result<std::vector<Summary>> {
    auto rows = conn.Exec(Query("summary_store/of_post"), {post_id});
    if (!rows) return std::unexpected(rows.error());
    return ReadRows(*rows, storage::SummaryFromRow);
  });
}

}  // namespace plaza::pg
