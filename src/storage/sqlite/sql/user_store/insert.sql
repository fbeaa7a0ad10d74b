INSERT INTO users (handle, display_name, password_hash, role, created_at)
VALUES (?, ?, ?, ?, ?)
