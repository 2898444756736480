-- Departments nest: parent_id (NULL at the top). Issue 10 (departments) builds its pages and forms on this column; an
-- announcement to a department reaches its sub-departments through DepartmentStore's one subtree query.
ALTER TABLE departments ADD COLUMN parent_id INTEGER REFERENCES departments (id);

CREATE INDEX ix_departments_parent ON departments (parent_id);

-- An announcement is a post that executives and admins address to the whole company or to departments (with their
-- sub-departments). must_read asks every addressee to acknowledge it by due_on (the date as the author chose it, in their time
-- zone); due_at is the start of that day, when the reminder goes out. round counts the material changes:
-- a material edit starts the next round, and everyone acknowledges again. author_id repeats the post's author for the
-- reminders sent in the background. due_reminded_at: the automatic reminder on
-- the due date went out; reminded_at: the author's last reminder by hand (at most one a day).
CREATE TABLE announcements (
    post_id         INTEGER PRIMARY KEY REFERENCES posts (id),
    author_id       INTEGER NOT NULL REFERENCES users (id),
    whole_company   INTEGER NOT NULL CHECK (whole_company IN (0, 1)),
    must_read       INTEGER NOT NULL CHECK (must_read IN (0, 1)),
    due_on          TEXT,
    due_at          INTEGER,
    ends_at         INTEGER,
    round           INTEGER NOT NULL DEFAULT 1,
    due_reminded_at INTEGER,
    reminded_at     INTEGER,
    created_at      INTEGER NOT NULL
);

CREATE INDEX ix_announcements_due ON announcements (due_at) WHERE must_read = 1 AND due_reminded_at IS NULL;

-- The departments addressed: those the author chose (chosen = 1) and their sub-departments at publishing (chosen = 0).
CREATE TABLE announcement_departments (
    post_id       INTEGER NOT NULL REFERENCES posts (id),
    department_id INTEGER NOT NULL REFERENCES departments (id),
    chosen        INTEGER NOT NULL CHECK (chosen IN (0, 1)),
    PRIMARY KEY (post_id, department_id)
) WITHOUT ROWID;

-- The addressees, resolved once at publishing: the evidence counts these people (counted = 1), in the department they
-- belonged to then. Someone who joins the audience later and opens the announcement gets a row with counted = 0: they
-- see it and may acknowledge it, but do not count. opened_at ends the announcement's place at the top of their feed.
CREATE TABLE announcement_recipients (
    post_id       INTEGER NOT NULL REFERENCES posts (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    department_id INTEGER REFERENCES departments (id),
    counted       INTEGER NOT NULL DEFAULT 1 CHECK (counted IN (0, 1)),
    opened_at     INTEGER,
    PRIMARY KEY (post_id, user_id)
) WITHOUT ROWID;

CREATE INDEX ix_announcement_recipients_user ON announcement_recipients (user_id, post_id);

-- "I have read and understood": one row per person and round, never deleted, so a material change keeps the earlier
-- acknowledgement in the evidence next to the new one. version is the post version (post_versions numbering) read.
CREATE TABLE acknowledgements (
    post_id         INTEGER NOT NULL REFERENCES posts (id),
    round           INTEGER NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    version         INTEGER NOT NULL,
    acknowledged_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, round, user_id)
) WITHOUT ROWID;

-- New notification kinds (announcement, must-read reminder, moderation outcome). SQLite cannot change a CHECK, so both
-- tables are built anew and copied; the child goes first so that no foreign key is ever left pointing nowhere.
CREATE TABLE notifications_new (
    id           INTEGER PRIMARY KEY,
    recipient_id INTEGER NOT NULL REFERENCES users (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('mention', 'comment', 'reply', 'reaction', 'post', 'announcement', 'reminder', 'moderation')),
    post_id      INTEGER NOT NULL REFERENCES posts (id),
    comment_id   INTEGER REFERENCES comments (id),
    item_count   INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    visible_at   INTEGER NOT NULL,
    announced    INTEGER NOT NULL DEFAULT 0,
    read_at      INTEGER
);

CREATE TABLE notification_actors_new (
    notification_id INTEGER NOT NULL REFERENCES notifications_new (id),
    actor_id        INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (notification_id, actor_id)
) WITHOUT ROWID;

INSERT INTO notifications_new (id, recipient_id, kind, post_id, comment_id, item_count, created_at, updated_at, visible_at, announced, read_at)
SELECT id, recipient_id, kind, post_id, comment_id, item_count, created_at, updated_at, visible_at, announced, read_at
  FROM notifications;

INSERT INTO notification_actors_new (notification_id, actor_id, created_at)
SELECT notification_id, actor_id, created_at
  FROM notification_actors;

DROP TABLE notification_actors;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
ALTER TABLE notification_actors_new RENAME TO notification_actors;

CREATE UNIQUE INDEX ux_notifications_open ON notifications (recipient_id, kind, post_id, IFNULL(comment_id, 0))
    WHERE read_at IS NULL;
CREATE INDEX ix_notifications_recipient ON notifications (recipient_id, updated_at DESC, id DESC);
CREATE INDEX ix_notifications_unannounced ON notifications (visible_at) WHERE announced = 0;
CREATE INDEX ix_notifications_unread ON notifications (recipient_id, visible_at) WHERE read_at IS NULL;
