INSERT INTO users (handle, display_name, password_hash, role, created_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id
