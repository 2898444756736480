-- Guides bring notifications of their own (a review falls due, a guide handed to you, a guide nobody keeps), and
-- announcements and moderation brought theirs. notifications.kind had a CHECK listing the kinds (migration 0022); SQLite
-- cannot change a CHECK in place, so the table is rebuilt without it: the app names the kinds (NotificationKinds).
-- notification_actors points at notifications, so it is rebuilt alongside and renamed last, which moves its
-- reference along. Entries without an actor (a reminder) simply have no actor rows.
CREATE TABLE notifications_new (
    id           INTEGER PRIMARY KEY,
    recipient_id INTEGER NOT NULL REFERENCES users (id),
    kind         TEXT    NOT NULL,
    post_id      INTEGER NOT NULL REFERENCES posts (id),
    comment_id   INTEGER REFERENCES comments (id),
    item_count   INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    visible_at   INTEGER NOT NULL,
    announced    INTEGER NOT NULL DEFAULT 0,
    read_at      INTEGER
);

INSERT INTO notifications_new (id, recipient_id, kind, post_id, comment_id, item_count, created_at, updated_at, visible_at, announced, read_at)
SELECT id, recipient_id, kind, post_id, comment_id, item_count, created_at, updated_at, visible_at, announced, read_at
  FROM notifications;

CREATE TABLE notification_actors_new (
    notification_id INTEGER NOT NULL REFERENCES notifications_new (id),
    actor_id        INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (notification_id, actor_id)
) WITHOUT ROWID;

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

-- The guides one keeps: review reminders, hand-overs, guides left without an owner. On by default like the others.
ALTER TABLE notification_settings ADD COLUMN guides INTEGER NOT NULL DEFAULT 1 CHECK (guides IN (0, 1));
