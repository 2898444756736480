-- Signing out ends the session the cookie belongs to, not only the browser's copy of the cookie: a copy taken before
-- (a shared computer, a proxy's log) is refused from then on. Each sign-in gets a random session id, carried in the
-- cookie; only ended sessions are stored, and only while a cookie of theirs could still be valid (14 days after its
-- last renewal, which came before the sign-out), so the table stays as small as the sign-outs of two weeks.
CREATE TABLE ended_sessions (
    session_id TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    ended_at   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX ix_ended_sessions_ended_at ON ended_sessions (ended_at);
