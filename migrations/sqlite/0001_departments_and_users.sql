-- People and the org chart. level is the depth in the manager chain (1 = top), kept in step by UserStore.
CREATE TABLE departments (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    email           TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    display_name    TEXT    NOT NULL,
    title           TEXT    NOT NULL DEFAULT '',
    department_id   INTEGER REFERENCES departments (id),
    manager_id      INTEGER REFERENCES users (id),
    level           INTEGER NOT NULL DEFAULT 1,
    role            TEXT    NOT NULL DEFAULT 'Staff' CHECK (role IN ('Staff', 'Influencer', 'Executive', 'Admin')),
    locale          TEXT    NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en')),
    password_hash   TEXT,
    is_active       INTEGER NOT NULL DEFAULT 1,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER,
    security_stamp  TEXT    NOT NULL,
    last_feed_visit INTEGER,
    prior_feed_visit INTEGER,
    created_at      INTEGER NOT NULL
);

CREATE INDEX ix_users_department ON users (department_id, display_name);
CREATE INDEX ix_users_manager ON users (manager_id);
CREATE INDEX ix_users_name ON users (display_name);
