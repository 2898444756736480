-- One row per person, target and kind. comment_id is NULL for a reaction on the post itself,
-- so the counts of a post and of all its comments come from one index range.
CREATE TABLE reactions (
    id         INTEGER PRIMARY KEY,
    post_id    INTEGER NOT NULL REFERENCES posts (id),
    comment_id INTEGER REFERENCES comments (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('like', 'celebrate', 'insightful', 'support', 'funny', 'curious')),
    created_at INTEGER NOT NULL
);

CREATE UNIQUE INDEX ux_reactions_target_user_kind ON reactions (post_id, IFNULL(comment_id, 0), user_id, kind);
CREATE INDEX ix_reactions_target ON reactions (post_id, comment_id, kind);
