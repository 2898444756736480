-- One row that the readiness probe and read-only mode's recovery write and read back. A probe that changes no row
-- commits nothing, so it said "ready" on a full disk, a read-only file system or a deleted database.
CREATE TABLE heartbeat (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    beat_at INTEGER NOT NULL,
    nonce   TEXT    NOT NULL
);
