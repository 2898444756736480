-- Posts keep both the Markdown source and the HTML rendered once at write time.
-- comment_count and read_count are maintained in the same transaction as the rows they count.
CREATE TABLE posts (
    id            INTEGER PRIMARY KEY,
    author_id     INTEGER NOT NULL REFERENCES users (id),
    kind          TEXT    NOT NULL CHECK (kind IN ('article', 'micro', 'guide')),
    title         TEXT,
    body_md       TEXT    NOT NULL,
    body_html     TEXT    NOT NULL,
    excerpt       TEXT    NOT NULL DEFAULT '',
    department_id INTEGER REFERENCES departments (id),
    pinned        INTEGER NOT NULL DEFAULT 0,
    comment_count INTEGER NOT NULL DEFAULT 0,
    read_count    INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    edited_at     INTEGER,
    deleted_at    INTEGER
);

CREATE INDEX ix_posts_department ON posts (department_id, id DESC);
CREATE INDEX ix_posts_author ON posts (author_id, id DESC);
CREATE INDEX ix_posts_kind ON posts (kind, id DESC);
