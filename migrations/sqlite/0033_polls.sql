-- A poll belongs to a post (at most one each). closes_at: when voting ends (NULL: never), as the author chose it in
-- closes_zone, their time zone then, which the poll names next to the time.
CREATE TABLE polls (
    post_id     INTEGER PRIMARY KEY REFERENCES posts (id),
    multiple    INTEGER NOT NULL CHECK (multiple IN (0, 1)),
    anonymous   INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    closes_at   INTEGER,
    closes_zone TEXT
);

-- 2 to 10 options in the author's order. anonymous_votes is an anonymous poll's whole ballot box: a counter per
-- option, so no row, rowid or time exists that could tie one ballot to one voter (a named poll counts poll_votes).
CREATE TABLE poll_options (
    id              INTEGER PRIMARY KEY,
    post_id         INTEGER NOT NULL REFERENCES polls (post_id),
    position        INTEGER NOT NULL,
    label           TEXT    NOT NULL,
    anonymous_votes INTEGER NOT NULL DEFAULT 0,
    UNIQUE (post_id, position)
);

-- Who has voted, in every poll: what prevents a second vote and counts the voters. No time and no rowid (WITHOUT
-- ROWID orders rows by person, not by arrival), so in an anonymous poll it says that someone voted, never when.
CREATE TABLE poll_voters (
    post_id INTEGER NOT NULL REFERENCES polls (post_id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (post_id, user_id)
) WITHOUT ROWID;

-- A named poll's ballots: who chose what, shown per option like reactions. Never written for an anonymous poll.
CREATE TABLE poll_votes (
    post_id   INTEGER NOT NULL REFERENCES polls (post_id),
    user_id   INTEGER NOT NULL REFERENCES users (id),
    option_id INTEGER NOT NULL REFERENCES poll_options (id),
    PRIMARY KEY (post_id, user_id, option_id)
) WITHOUT ROWID;

CREATE INDEX ix_poll_votes_option ON poll_votes (option_id);
