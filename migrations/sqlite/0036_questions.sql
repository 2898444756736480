-- A post asked as a question has a row here. department_id is the department the question belongs to for its
-- response target: the post's department, or for a company-wide question the asker's department at asking.
-- first_answer_* record the first comment by someone other than the asker (a fact kept for the figures even if
-- that comment goes later); accepted_* the answer accepted by the asker, a curator of the department or an admin;
-- reminded_at the one reminder at half the target, so a restart never sends it twice.
CREATE TABLE questions (
    post_id             INTEGER PRIMARY KEY REFERENCES posts (id),
    department_id       INTEGER REFERENCES departments (id),
    asked_at            INTEGER NOT NULL,
    first_answer_at     INTEGER,
    first_answer_id     INTEGER REFERENCES comments (id),
    accepted_comment_id INTEGER REFERENCES comments (id),
    accepted_by         INTEGER REFERENCES users (id),
    accepted_at         INTEGER,
    reminded_at         INTEGER
);

-- The open questions (per department and company-wide, oldest first) and the reminder round read this index.
CREATE INDEX ix_questions_open ON questions (asked_at, department_id) WHERE first_answer_at IS NULL AND accepted_comment_id IS NULL;
-- The monthly figures of one department.
CREATE INDEX ix_questions_department ON questions (department_id, asked_at);

-- "Helpful" marks on answers: one per person and answer, undone by deleting the row.
CREATE TABLE answer_votes (
    comment_id INTEGER NOT NULL REFERENCES comments (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (comment_id, user_id)
) WITHOUT ROWID;

-- A department's own response target and working hours; without a row (or with NULLs) the organisation's apply
-- (Intranet:TimeZone, Intranet:WorkDays, Intranet:WorkStart, Intranet:WorkEnd; a first answer within 4 working hours).
-- work_days is a bit set, Monday = 1 … Sunday = 64, as notification_settings stores it; start and end are minutes.
CREATE TABLE response_targets (
    department_id  INTEGER PRIMARY KEY REFERENCES departments (id),
    target_minutes INTEGER NOT NULL CHECK (target_minutes BETWEEN 15 AND 30000),
    time_zone      TEXT,
    work_days      INTEGER CHECK (work_days BETWEEN 1 AND 127),
    work_start     INTEGER CHECK (work_start BETWEEN 0 AND 1439),
    work_end       INTEGER CHECK (work_end BETWEEN 1 AND 1440),
    updated_by     INTEGER REFERENCES users (id),
    updated_at     INTEGER NOT NULL
) WITHOUT ROWID;
