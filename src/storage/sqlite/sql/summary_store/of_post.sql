-- Columns as storage::SummaryFromRow() reads them, newest revision first.
SELECT post_id, revision, status, text, lang, engine, updated_at
FROM summaries
WHERE post_id = ?
ORDER BY revision DESC
