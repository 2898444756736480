-- Topics (#tags) and mentions, extracted from the Markdown source when a post or comment is written.
-- tags.key is the identity (NFC, lower-cased with the invariant culture, so "#Betriebsrat" and "#betriebsrat"
-- are one topic, umlauts included); tags.name keeps the spelling first used, for display.
CREATE TABLE tags (
    id         INTEGER PRIMARY KEY,
    key        TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

-- created_at copies the post's, so "trending over the last 7 days" reads one index range.
CREATE TABLE post_tags (
    tag_id     INTEGER NOT NULL REFERENCES tags (id),
    post_id    INTEGER NOT NULL REFERENCES posts (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (tag_id, post_id)
) WITHOUT ROWID;

CREATE INDEX ix_post_tags_post ON post_tags (post_id);
CREATE INDEX ix_post_tags_created ON post_tags (created_at, tag_id);

-- A mention points at the person, not at the text typed, so renaming someone keeps old mentions pointing at them.
-- comment_id is NULL for a mention in the post itself.
CREATE TABLE mentions (
    id         INTEGER PRIMARY KEY,
    post_id    INTEGER NOT NULL REFERENCES posts (id),
    comment_id INTEGER REFERENCES comments (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
);

CREATE UNIQUE INDEX ux_mentions_target_user ON mentions (post_id, IFNULL(comment_id, 0), user_id);
CREATE INDEX ix_mentions_user ON mentions (user_id, id DESC);
