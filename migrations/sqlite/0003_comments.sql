-- One level of replies: parent_id points at a top-level comment of the same post.
CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    post_id    INTEGER NOT NULL REFERENCES posts (id),
    parent_id  INTEGER REFERENCES comments (id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    body_md    TEXT    NOT NULL,
    body_html  TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at  INTEGER,
    deleted_at INTEGER
);

CREATE INDEX ix_comments_post ON comments (post_id, id);
