-- Columns as storage::UserFromRow() reads them.
SELECT id, handle, display_name, bio, locale, role, password_hash, created_at
FROM users
WHERE id = ?
