-- Who changed people, departments, roles and other people's content.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    actor_id   INTEGER REFERENCES users (id),
    action     TEXT    NOT NULL,
    target     TEXT    NOT NULL,
    details    TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE INDEX ix_audit_log_created ON audit_log (id DESC);
