-- Pins belong to a place: a department's page, or the company feed (department_id NULL). position orders a place's
-- pins (lower first); ends_at, when set, is when the pin ends by itself. The unique index makes pinning twice a no-op,
-- and the place's index serves every page that shows its pins. COALESCE is standard SQL, so the expression works on
-- PostgreSQL as written.
CREATE TABLE pins (
    id            INTEGER PRIMARY KEY,
    department_id INTEGER REFERENCES departments (id),
    post_id       INTEGER NOT NULL REFERENCES posts (id),
    position      INTEGER NOT NULL,
    ends_at       INTEGER,
    pinned_by     INTEGER NOT NULL REFERENCES users (id),
    pinned_at     INTEGER NOT NULL
);

CREATE UNIQUE INDEX ux_pins_place_post ON pins (COALESCE(department_id, 0), post_id);
CREATE INDEX ix_pins_place ON pins (COALESCE(department_id, 0), position);
CREATE INDEX ix_pins_ends ON pins (ends_at) WHERE ends_at IS NOT NULL;
