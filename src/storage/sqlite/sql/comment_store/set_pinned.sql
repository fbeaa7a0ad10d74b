-- Pins (?1, the time) or unpins (?1 = 0) one comment (?2), keeping an earlier pin time.
UPDATE comments SET pinned_at = CASE WHEN ?1 = 0 THEN 0 WHEN pinned_at <> 0 THEN pinned_at ELSE ?1 END
WHERE id = ?2
