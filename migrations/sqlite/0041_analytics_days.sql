-- What happened per local day (Intranet:TimeZone) and department of the post (0: company-wide), counted by the
-- activity rollup when it reads a day's new activity, so the analytics dashboard reads a few hundred rows per period
-- instead of every comment. metric: 'post:<kind>' (posts published), 'reaction', or 'dialogue:<writer level>:<author
-- level>' (comments, by the hierarchy level of who wrote the comment and who wrote the post), so hierarchy bands can be
-- drawn from the settings when the figures are shown. Counts only: no person.
CREATE TABLE activity_days (
    day           TEXT    NOT NULL,
    department_id INTEGER NOT NULL,
    metric        TEXT    NOT NULL,
    count         INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (day, department_id, metric)
) WITHOUT ROWID;

-- From when the rollup has counted: a period that starts earlier says its figures begin there.
ALTER TABLE activity_watermark ADD COLUMN counted_since INTEGER;

-- Everyone may keep their name off the dashboard's list of helpful colleagues (issue 22): 0 opts out.
ALTER TABLE users ADD COLUMN helpful_listed INTEGER NOT NULL DEFAULT 1 CHECK (helpful_listed IN (0, 1));

-- Response times of every department, and helpful colleagues (answers accepted, helpful marks given) in a period.
CREATE INDEX ix_questions_asked ON questions (asked_at);
CREATE INDEX ix_questions_accepted ON questions (accepted_at) WHERE accepted_comment_id IS NOT NULL;
CREATE INDEX ix_answer_votes_created ON answer_votes (created_at);
