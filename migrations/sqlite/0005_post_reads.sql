-- Unique readers. Only the count is ever shown: per-person read lists count as performance monitoring.
CREATE TABLE post_reads (
    post_id INTEGER NOT NULL REFERENCES posts (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    read_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id)
) WITHOUT ROWID;
