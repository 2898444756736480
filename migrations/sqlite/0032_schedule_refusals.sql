-- A scheduled draft that cannot be published at its time (its author left or lost the right to announce, its due date
-- passed, ...) goes back to being a draft, and its author has to learn why. The draft keeps the reason (a code the
-- app turns into a sentence in the reader's language) and the time it failed for, until it is scheduled again.
ALTER TABLE drafts ADD COLUMN refused_reason TEXT;
ALTER TABLE drafts ADD COLUMN refused_for INTEGER;

-- The author hears it through the bell like everything else, so a notification may now concern a draft instead of a
-- post: post_id becomes optional and draft_id names the draft (gone with it: published or deleted, the notice is
-- moot). SQLite cannot relax NOT NULL in place, so the table is rebuilt as in 0029, notification_actors alongside.
CREATE TABLE notifications_new (
    id           INTEGER PRIMARY KEY,
    recipient_id INTEGER NOT NULL REFERENCES users (id),
    kind         TEXT    NOT NULL,
    post_id      INTEGER REFERENCES posts (id),
    draft_id     INTEGER REFERENCES drafts (id) ON DELETE CASCADE,
    comment_id   INTEGER REFERENCES comments (id),
    item_count   INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    visible_at   INTEGER NOT NULL,
    announced    INTEGER NOT NULL DEFAULT 0,
    read_at      INTEGER,
    CHECK ((post_id IS NULL) <> (draft_id IS NULL))
);

INSERT INTO notifications_new (id, recipient_id, kind, post_id, comment_id, item_count, created_at, updated_at, visible_at, announced, read_at)
SELECT id, recipient_id, kind, post_id, comment_id, item_count, created_at, updated_at, visible_at, announced, read_at
  FROM notifications;

-- A notice about a draft has no actor (nobody refused it), so actors still only point at post entries; the cascade
-- keeps that safe should that ever change.
CREATE TABLE notification_actors_new (
    notification_id INTEGER NOT NULL REFERENCES notifications_new (id) ON DELETE CASCADE,
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
CREATE INDEX ix_notifications_draft ON notifications (draft_id) WHERE draft_id IS NOT NULL;
