DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?
