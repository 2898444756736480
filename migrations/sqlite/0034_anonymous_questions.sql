-- Questions to leadership without the asker's name (issue 21 item 10). Nothing here or anywhere else names, hashes or
-- dates the asker: no person column, no submission time (a time could be matched with what else the asker did then;
-- the queue keeps its order by id), and token_hash is SHA-256 of a random token that only the asker's private link
-- holds. decided_by, decided_at and decline_reason are the named moderator's act; post_id the post a released
-- question became.
CREATE TABLE anonymous_questions (
    id             INTEGER PRIMARY KEY,
    body           TEXT    NOT NULL,
    token_hash     BLOB    NOT NULL UNIQUE,
    status         TEXT    NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'released', 'declined')),
    decided_by     INTEGER REFERENCES users (id),
    decided_at     INTEGER,
    decline_reason TEXT,
    post_id        INTEGER REFERENCES posts (id)
);

CREATE INDEX ix_anonymous_questions_status ON anonymous_questions (status, id);
