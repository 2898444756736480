-- Drafts and scheduled posts live apart from posts: a posts row exists only from the moment it is published. So
-- nothing that lists, counts, searches, notifies or pushes posts can see unpublished text (no mention is notified,
-- no topic counted, nothing indexed early), and the post takes its id, and with it its place in every id-ordered
-- feed, when it appears. publish_at set: scheduled for that moment (UTC ms); NULL: a draft. announcement holds the
-- announcement part of the form as JSON, applied when the post is published.
CREATE TABLE drafts (
    id            INTEGER PRIMARY KEY,
    author_id     INTEGER NOT NULL REFERENCES users (id),
    title         TEXT    NOT NULL DEFAULT '',
    body_md       TEXT    NOT NULL DEFAULT '',
    department_id INTEGER REFERENCES departments (id),
    announcement  TEXT,
    publish_at    INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    updated_by    INTEGER NOT NULL REFERENCES users (id)
);

CREATE INDEX ix_drafts_author ON drafts (author_id, id);
CREATE INDEX ix_drafts_due ON drafts (publish_at) WHERE publish_at IS NOT NULL;

-- The colleagues the author asked to help: they open and edit the draft, never publish or schedule it.
CREATE TABLE draft_coauthors (
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (draft_id, user_id)
);

CREATE INDEX ix_draft_coauthors_user ON draft_coauthors (user_id, draft_id);
