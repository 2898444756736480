-- One-time links (the first admin's set-up link; invitations and password resets build on it): a random token goes
-- out in the link and only its SHA-256 is kept, so neither the database nor a backup can hand out a usable link.
-- user_id is the person the link is for (NULL for the first admin, who does not exist yet). used_at is set by the
-- POST that acts on the link, in the same transaction as what it does.
CREATE TABLE one_time_links (
    id         INTEGER PRIMARY KEY,
    token_hash BLOB    NOT NULL UNIQUE,
    purpose    TEXT    NOT NULL,
    user_id    INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
