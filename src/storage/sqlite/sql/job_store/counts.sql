SELECT kind, state, count(*) FROM jobs GROUP BY kind, state ORDER BY kind, state
