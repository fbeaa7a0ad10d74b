-- A top comment is its own thread.
UPDATE comments SET thread_id = id WHERE id = ? AND thread_id = 0
