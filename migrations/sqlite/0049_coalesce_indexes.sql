-- The expression indexes of 0004, 0009, 0023 and 0032 spelled IFNULL, which PostgreSQL does not have; the app's SQL
-- now says COALESCE, which both engines know, and SQLite uses an expression index only for the same spelling.
DROP INDEX ux_reactions_target_user_kind;
CREATE UNIQUE INDEX ux_reactions_target_user_kind ON reactions (post_id, COALESCE(comment_id, 0), user_id, kind);

DROP INDEX ux_mentions_target_user;
CREATE UNIQUE INDEX ux_mentions_target_user ON mentions (post_id, COALESCE(comment_id, 0), user_id);

DROP INDEX ux_reports_open_once;
CREATE UNIQUE INDEX ux_reports_open_once ON reports (reporter_id, post_id, COALESCE(comment_id, 0)) WHERE outcome IS NULL;

DROP INDEX ux_notifications_open;
CREATE UNIQUE INDEX ux_notifications_open ON notifications (recipient_id, kind, post_id, COALESCE(comment_id, 0))
    WHERE read_at IS NULL;
