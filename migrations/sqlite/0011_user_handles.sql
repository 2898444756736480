-- The name typed after "@" in a composer. Assigned once from the display name and kept when the person is renamed,
-- so text written earlier still reads sensibly; the mention itself is stored by person (mentions.user_id).
-- NULL until assigned by the app at start-up (existing rows) or on insert (new rows).
ALTER TABLE users ADD COLUMN handle TEXT COLLATE NOCASE;

CREATE UNIQUE INDEX ux_users_handle ON users (handle);
