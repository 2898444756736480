-- What mails said is personal (a digest lists what someone missed): sent and failed mails leave the outbox after
-- 30 days, and the record of what a mail named after 60 (the digest looks back 30 days at most, so nothing older
-- could be mailed again). These indexes let the daily clean-up find them without reading every row.
CREATE INDEX ix_mail_items_mailed ON mail_items (mailed_at);
CREATE INDEX ix_mail_outbox_done ON mail_outbox (created_at) WHERE sent_at IS NOT NULL OR failed_at IS NOT NULL;
