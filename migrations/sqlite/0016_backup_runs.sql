-- One row per nightly backup attempt, so admins see the last outcome (and why it failed) after a restart too.
-- error is NULL for a backup that was written; file and bytes are NULL for one that was not.
CREATE TABLE backup_runs (
    id          INTEGER PRIMARY KEY,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    file        TEXT,
    bytes       INTEGER,
    error       TEXT
);
