-- Moderation hides, never edits or deletes: hidden_at takes a post or comment out of every list, count and push
-- (PostStore.Listed is the one rule for posts) while its author still sees it, marked, and may answer.
ALTER TABLE posts ADD COLUMN hidden_at INTEGER;
ALTER TABLE comments ADD COLUMN hidden_at INTEGER;

-- Anyone reports a post (comment_id NULL) or a comment with a reason from a short list and an optional note. An admin
-- decides: dismissed, or hidden (then every open report on the same content is decided with it). The reporter sees
-- the outcome on their own reports page; nobody else sees who reported.
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES posts (id),
    comment_id  INTEGER REFERENCES comments (id),
    reporter_id INTEGER NOT NULL REFERENCES users (id),
    reason      TEXT    NOT NULL CHECK (reason IN ('spam', 'harassment', 'confidential', 'false', 'other')),
    note        TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    outcome     TEXT    CHECK (outcome IN ('dismissed', 'hidden')),
    decided_by  INTEGER REFERENCES users (id),
    decided_at  INTEGER
);

CREATE INDEX ix_reports_open ON reports (id) WHERE outcome IS NULL;
CREATE INDEX ix_reports_reporter ON reports (reporter_id, id DESC);
CREATE INDEX ix_reports_target ON reports (post_id, comment_id);
-- One open report per person and content: reporting twice changes nothing.
CREATE UNIQUE INDEX ux_reports_open_once ON reports (reporter_id, post_id, IFNULL(comment_id, 0)) WHERE outcome IS NULL;

-- Each hiding: by whom and why (the author is told the reason), the author's answer, and the restore that ends it.
CREATE TABLE moderations (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES posts (id),
    comment_id  INTEGER REFERENCES comments (id),
    reason      TEXT    NOT NULL,
    hidden_by   INTEGER NOT NULL REFERENCES users (id),
    hidden_at   INTEGER NOT NULL,
    answer      TEXT,
    answered_at INTEGER,
    restored_by INTEGER REFERENCES users (id),
    restored_at INTEGER
);

CREATE INDEX ix_moderations_target ON moderations (post_id, comment_id);
CREATE INDEX ix_moderations_active ON moderations (id) WHERE restored_at IS NULL;
