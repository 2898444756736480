-- Profiles: what people fill in about themselves. Empty strings rather than NULL, so views need no null checks.
-- photo is the generated file name of an uploads row (never a name a person typed).
ALTER TABLE users ADD COLUMN photo TEXT;
ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN location TEXT NOT NULL DEFAULT '';

-- The directory lists active people by name; searching by name, title or department scans this narrow index.
CREATE INDEX ix_users_active_name ON users (is_active, display_name);

-- Images stored by the app (profile photos and article images). name is random and is the file name on disk;
-- content_type was decided from the file's bytes when it was uploaded and is what the file is served with.
CREATE TABLE uploads (
    name         TEXT    PRIMARY KEY,
    owner_id     INTEGER NOT NULL REFERENCES users (id),
    purpose      TEXT    NOT NULL CHECK (purpose IN ('photo', 'article')),
    content_type TEXT    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes        INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX ix_uploads_owner ON uploads (owner_id, created_at);
