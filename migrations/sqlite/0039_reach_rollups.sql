-- The reach funnel's "opened" figure, counted when an open is recorded (ReachStore, in the same transaction), so the
-- funnel reads a few rows per post instead of every open, and the figure outlives the per-person rows it came from.
-- A cell is people, not persons: the reader's department (0: none; not a reference, so the key stays whole) and
-- hierarchy level at the time they opened it, and how long after publishing: 1 within the first hour, 2 the first day,
-- 3 the first week, 4 later. Bands and minimum group sizes are applied when the figures are shown.
CREATE TABLE post_open_counts (
    post_id       INTEGER NOT NULL REFERENCES posts (id),
    department_id INTEGER NOT NULL,
    level         INTEGER NOT NULL,
    span          INTEGER NOT NULL CHECK (span IN (1, 2, 3, 4)),
    opened        INTEGER NOT NULL CHECK (opened >= 0),
    PRIMARY KEY (post_id, department_id, level, span)
) WITHOUT ROWID;

INSERT INTO post_open_counts (post_id, department_id, level, span, opened)
SELECT post_id, department_id, level, span, COUNT(*)
  FROM (SELECT o.post_id, IFNULL(u.department_id, 0) AS department_id, u.level,
               CASE WHEN o.opened_at - p.created_at < 3600000 THEN 1
                    WHEN o.opened_at - p.created_at < 86400000 THEN 2
                    WHEN o.opened_at - p.created_at < 604800000 THEN 3
                    ELSE 4 END AS span
          FROM post_opens o
          JOIN users u ON u.id = o.user_id
          JOIN posts p ON p.id = o.post_id)
 GROUP BY post_id, department_id, level, span;

-- Retention: a post's per-person rows (post_opens, post_seen) are deleted once it is older than the read retention
-- (Intranet:ReadRetentionDays); reads_folded_at says that happened, and from then on its figures are final.
ALTER TABLE posts ADD COLUMN reads_folded_at INTEGER;

CREATE INDEX ix_posts_reads_unfolded ON posts (created_at) WHERE reads_folded_at IS NULL;

-- The funnel's "notified": who was told about a post itself, read per post.
CREATE INDEX ix_notifications_post ON notifications (post_id, recipient_id) WHERE comment_id IS NULL;
