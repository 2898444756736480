-- E-mail: what each person wants by mail, what mails already contained, and the outbox the mails leave from.

-- Someone without a row has the defaults: a weekly digest, must-read announcements by mail, mentions only in the app.
CREATE TABLE mail_preferences (
    user_id   INTEGER PRIMARY KEY REFERENCES users (id),
    digest    TEXT    NOT NULL DEFAULT 'weekly' CHECK (digest IN ('daily', 'weekly', 'off')),
    must_read INTEGER NOT NULL DEFAULT 1 CHECK (must_read IN (0, 1)),
    mentions  INTEGER NOT NULL DEFAULT 0 CHECK (mentions IN (0, 1))
);

-- How far each person's digests have covered: the next digest tells only what happened after covered_until.
-- next_at: when to look at the person again (their next digest, or sooner when their choices changed).
CREATE TABLE mail_digests (
    user_id       INTEGER PRIMARY KEY REFERENCES users (id),
    covered_until INTEGER NOT NULL,
    next_at       INTEGER NOT NULL
);

CREATE INDEX ix_mail_digests_next ON mail_digests (next_at);

-- Every post (comment_id 0) or comment a mail to a person named, so no later mail names it again: a must-read mailed
-- at once is not in the next digest, and one digest does not repeat the last.
CREATE TABLE mail_items (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    post_id    INTEGER NOT NULL REFERENCES posts (id),
    comment_id INTEGER NOT NULL DEFAULT 0,
    mailed_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, post_id, comment_id)
) WITHOUT ROWID;

-- The outbox, written in the transaction of the mail's cause. message_id is fixed when the mail is written, so an
-- attempt repeated after a crash mid-send carries the same Message-ID and the receiving side sees one message.
-- claimed_at: an attempt is under way (or was, when the app died during it); not_before: the next attempt, after a
-- temporary failure backs off. A mail that carries a one-time link loses its bodies once sent (the token in it is
-- a password, kept nowhere else in clear).
CREATE TABLE mail_outbox (
    id          INTEGER PRIMARY KEY,
    message_id  TEXT    NOT NULL UNIQUE,
    user_id     INTEGER REFERENCES users (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('digest', 'must_read', 'mention', 'password')),
    to_address  TEXT    NOT NULL,
    to_name     TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    text_body   TEXT    NOT NULL,
    html_body   TEXT    NOT NULL,
    unsubscribe TEXT,
    created_at  INTEGER NOT NULL,
    not_before  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    claimed_at  INTEGER,
    sent_at     INTEGER,
    failed_at   INTEGER,
    last_error  TEXT
);

CREATE INDEX ix_mail_outbox_due ON mail_outbox (not_before) WHERE sent_at IS NULL AND failed_at IS NULL;
