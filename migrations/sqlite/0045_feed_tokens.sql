-- A personal feed token per person, in the address of every Atom feed they subscribe to: it lets a feed reader or a
-- mail or chat connector read what that person may see, and nothing else. token_hash finds it; token_protected
-- (encrypted with the app's data-protection keys) lets the settings page show the addresses again. Renewing
-- replaces the row, so the old addresses stop working at once.
CREATE TABLE feed_tokens (
    user_id         INTEGER PRIMARY KEY REFERENCES users (id),
    token_hash      BLOB    NOT NULL UNIQUE,
    token_protected TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
);
