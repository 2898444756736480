-- The company directory (LDAP / Active Directory) and company sign-in (OpenID Connect) find a person by the
-- directory's own id (entryUUID, objectGUID, or an OIDC claim that carries it), which survives renames and new
-- e-mail addresses. Local accounts (the demo, break-glass admins) have none. directory_left_at is set when a sync
-- no longer finds the person and deactivates them; a person the sync deactivated comes back when they reappear,
-- while one an admin deactivated stays so.
ALTER TABLE users ADD COLUMN directory_id TEXT;
ALTER TABLE users ADD COLUMN directory_left_at INTEGER;
-- directory_photo: "<sha256 of the directory's photo>:<upload name>" of the photo the sync last took, so an unchanged
-- photo is not processed again and a photo the person chose themselves is never replaced.
ALTER TABLE users ADD COLUMN directory_photo TEXT;
CREATE UNIQUE INDEX ux_users_directory_id ON users (directory_id) WHERE directory_id IS NOT NULL;

-- One row per directory sync, scheduled or started by an admin: when, who, what it found and whether it applied.
CREATE TABLE directory_syncs (
    id           INTEGER PRIMARY KEY,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL,
    actor_id     INTEGER REFERENCES users (id),
    outcome      TEXT    NOT NULL CHECK (outcome IN ('applied', 'unchanged', 'refused', 'failed')),
    created      INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    deactivated  INTEGER NOT NULL DEFAULT 0,
    reactivated  INTEGER NOT NULL DEFAULT 0,
    message      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX ix_directory_syncs_started ON directory_syncs (started_at);
