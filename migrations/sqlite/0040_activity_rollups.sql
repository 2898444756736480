-- Active people per department and period, counted when the rollup runs (ActivityRollup), since distinct counts cannot
-- be added up from days: week (from Monday), month and quarter, each starting on starts_on (yyyy-MM-dd) in the
-- organisation's time zone. active: people who posted, commented, reacted or opened a post; readers: who opened one;
-- accounts: the department's active accounts when the period was last counted. department_id 0: no department.
CREATE TABLE activity_rollups (
    period        TEXT    NOT NULL CHECK (period IN ('week', 'month', 'quarter')),
    starts_on     TEXT    NOT NULL,
    department_id INTEGER NOT NULL,
    accounts      INTEGER NOT NULL,
    active        INTEGER NOT NULL,
    readers       INTEGER NOT NULL,
    PRIMARY KEY (period, starts_on, department_id)
) WITHOUT ROWID;

-- Whether a person was active in a period that is not over yet: the rollup's working state, so a period's count does
-- not shrink when the read rows it came from are deleted by the read retention before the period ends. Holds no
-- what and no when; deleted once the period is over and counted.
CREATE TABLE activity_marks (
    period    TEXT    NOT NULL,
    starts_on TEXT    NOT NULL,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    ends_at   INTEGER NOT NULL,
    read      INTEGER NOT NULL CHECK (read IN (0, 1)),
    PRIMARY KEY (period, starts_on, user_id)
) WITHOUT ROWID;

CREATE INDEX ix_activity_marks_ends ON activity_marks (ends_at);

-- How far the rollup has read the activity (unix ms); one row.
CREATE TABLE activity_watermark (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    processed_until INTEGER NOT NULL
);

-- The rollup reads each round's new activity by time.
CREATE INDEX ix_post_opens_opened ON post_opens (opened_at);
CREATE INDEX ix_comments_created ON comments (created_at);
CREATE INDEX ix_reactions_created ON reactions (created_at);
CREATE INDEX ix_posts_created ON posts (created_at);
