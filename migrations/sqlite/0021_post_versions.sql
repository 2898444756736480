-- Version history: every edit of a post keeps the text it replaced, so nobody can quietly change what a post said.
-- The post row holds the current version; post_versions holds the earlier ones, numbered from 1 (the original).
-- written_by/written_at: who wrote that text and when it became current; replaced_at: when an edit replaced it.
-- posts.edited_by says who wrote the current text when that is not the author (guides are shared documents).
ALTER TABLE posts ADD COLUMN edited_by INTEGER REFERENCES users (id);

CREATE TABLE post_versions (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES posts (id),
    number      INTEGER NOT NULL,
    title       TEXT,
    body_md     TEXT    NOT NULL,
    body_html   TEXT    NOT NULL,
    written_by  INTEGER NOT NULL REFERENCES users (id),
    written_at  INTEGER NOT NULL,
    replaced_at INTEGER NOT NULL
);

CREATE UNIQUE INDEX ux_post_versions_post_number ON post_versions (post_id, number);
