-- An idea round belongs to a post: its title is the question put to the crowd, its body what the round is about,
-- and the post is the round's place in the feed and its page. closes_at: when ideas and support end, as the opener
-- chose it in closes_zone. outcome_post_id: the post the opener published once it closed, naming the chosen ideas.
CREATE TABLE idea_rounds (
    post_id         INTEGER PRIMARY KEY REFERENCES posts (id),
    closes_at       INTEGER NOT NULL,
    closes_zone     TEXT    NOT NULL,
    outcome_post_id INTEGER REFERENCES posts (id)
);

-- The departments a round asks (with the departments below them); none: the whole company.
CREATE TABLE idea_round_departments (
    post_id       INTEGER NOT NULL REFERENCES idea_rounds (post_id),
    department_id INTEGER NOT NULL REFERENCES departments (id),
    PRIMARY KEY (post_id, department_id)
) WITHOUT ROWID;

-- One idea: a short title and a text, under its author's name. supports counts idea_supports, kept in the same
-- transaction, so the ranking (support, then the earlier idea first) is one index scan. chosen: named in the outcome.
CREATE TABLE ideas (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES idea_rounds (post_id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    supports   INTEGER NOT NULL DEFAULT 0,
    chosen     INTEGER NOT NULL DEFAULT 0 CHECK (chosen IN (0, 1)),
    created_at INTEGER NOT NULL
);

CREATE INDEX ix_ideas_ranking ON ideas (round_id, supports DESC, id);
CREATE INDEX ix_ideas_author ON ideas (author_id);

-- Who supports which idea: one row per person and idea, undone by deleting it. Shown to nobody (the round shows
-- counts); kept so that each person supports an idea once and can take it back.
CREATE TABLE idea_supports (
    idea_id INTEGER NOT NULL REFERENCES ideas (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (idea_id, user_id)
) WITHOUT ROWID;

CREATE INDEX ix_idea_supports_user ON idea_supports (user_id);
