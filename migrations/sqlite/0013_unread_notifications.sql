-- The bell's count on every page and after every notification: only unread entries are looked at, so it costs
-- the same for someone who has read everything and for someone with months of entries behind them.
CREATE INDEX ix_notifications_unread ON notifications (recipient_id, visible_at) WHERE read_at IS NULL;
