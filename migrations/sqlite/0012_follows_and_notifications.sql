-- Who follows what. target_id is a users, departments or tags id depending on target_kind.
CREATE TABLE follows (
    user_id     INTEGER NOT NULL REFERENCES users (id),
    target_kind TEXT    NOT NULL CHECK (target_kind IN ('person', 'department', 'topic')),
    target_id   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, target_kind, target_id)
) WITHOUT ROWID;

-- "Who follows the author / department / topics of this new post" reads this index.
CREATE INDEX ix_follows_target ON follows (target_kind, target_id, user_id);

-- Everyone follows their own department by default; people who exist already get it here.
INSERT INTO follows (user_id, target_kind, target_id, created_at)
SELECT id, 'department', department_id, created_at
  FROM users
 WHERE department_id IS NOT NULL;

-- One entry per recipient, kind and target that keeps updating while unread ("Anna Berger and 4 others reacted"),
-- instead of one row per event. comment_id is the comment concerned (mention in a comment, reply to it,
-- reaction on it); NULL when the post itself is the target.
-- visible_at implements quiet hours: before it, the entry neither shows up nor counts; announced records
-- whether the live unread count was pushed for it.
CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY,
    recipient_id INTEGER NOT NULL REFERENCES users (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('mention', 'comment', 'reply', 'reaction', 'post')),
    post_id      INTEGER NOT NULL REFERENCES posts (id),
    comment_id   INTEGER REFERENCES comments (id),
    item_count   INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    visible_at   INTEGER NOT NULL,
    announced    INTEGER NOT NULL DEFAULT 0,
    read_at      INTEGER
);

-- At most one open (unread) entry per recipient, kind and target: the consolidation rule, enforced by the database.
CREATE UNIQUE INDEX ux_notifications_open ON notifications (recipient_id, kind, post_id, IFNULL(comment_id, 0))
    WHERE read_at IS NULL;
CREATE INDEX ix_notifications_recipient ON notifications (recipient_id, updated_at DESC, id DESC);
CREATE INDEX ix_notifications_unannounced ON notifications (visible_at) WHERE announced = 0;

-- The people behind one entry, each listed once however often they acted.
CREATE TABLE notification_actors (
    notification_id INTEGER NOT NULL REFERENCES notifications (id),
    actor_id        INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (notification_id, actor_id)
) WITHOUT ROWID;

-- Per-person preferences; no row means the defaults. Each kind is 1 (in the app) or 0 (off).
-- Working hours: work_days is a bit mask, Monday = 1 … Sunday = 64; minutes after local midnight.
CREATE TABLE notification_settings (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id),
    mention     INTEGER NOT NULL DEFAULT 1 CHECK (mention IN (0, 1)),
    comment     INTEGER NOT NULL DEFAULT 1 CHECK (comment IN (0, 1)),
    reply       INTEGER NOT NULL DEFAULT 1 CHECK (reply IN (0, 1)),
    reaction    INTEGER NOT NULL DEFAULT 1 CHECK (reaction IN (0, 1)),
    post        INTEGER NOT NULL DEFAULT 1 CHECK (post IN (0, 1)),
    time_zone   TEXT    NOT NULL DEFAULT 'Europe/Berlin',
    work_days   INTEGER NOT NULL DEFAULT 31 CHECK (work_days BETWEEN 0 AND 127),
    work_start  INTEGER NOT NULL DEFAULT 480 CHECK (work_start BETWEEN 0 AND 1440),
    work_end    INTEGER NOT NULL DEFAULT 1080 CHECK (work_end BETWEEN 0 AND 1440)
);
