-- Held until COMMIT: a second instance migrating at the same time waits here, then finds the
-- steps already applied. The key is an arbitrary constant shared by every Plaza instance
-- ("plaza" in ASCII).
SELECT pg_advisory_xact_lock(482854664801)
