-- The live log. AUTOINCREMENT: ids only ever grow, even after the newest row is removed,
-- so a client's "after=lastId" never skips an event.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT    NOT NULL,
    target_id     INTEGER NOT NULL,
    post_id       INTEGER,
    department_id INTEGER,
    user_id       INTEGER,
    actor_id      INTEGER,
    created_at    INTEGER NOT NULL
);
