-- Influencers are appointments of a person to a department, not a global role: a person can help several
-- departments, and the rights to pin and curate hold for those departments only. appointed_by is NULL for the
-- appointments this migration makes.
CREATE TABLE department_influencers (
    department_id INTEGER NOT NULL REFERENCES departments (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    appointed_by  INTEGER REFERENCES users (id),
    appointed_at  INTEGER NOT NULL,
    PRIMARY KEY (department_id, user_id)
) WITHOUT ROWID;

-- "Which departments does this person help" (profile badges, rights) reads this index.
CREATE INDEX ix_department_influencers_user ON department_influencers (user_id, department_id);

-- The global Influencer role retires: who had it becomes influencer of their own department, recorded in the audit
-- log like any appointment, and keeps the role Staff. The value stays allowed by users' CHECK only because SQLite
-- cannot change a CHECK without rebuilding the table; the app no longer writes it (Roles.All).
INSERT INTO department_influencers (department_id, user_id, appointed_by, appointed_at)
SELECT department_id, id, NULL, CAST(strftime('%s', 'now') AS INTEGER) * 1000
  FROM users
 WHERE role = 'Influencer' AND department_id IS NOT NULL;

INSERT INTO audit_log (actor_id, action, target, details, created_at)
SELECT NULL, 'influencer.appointed', 'department:' || department_id, '{"personId":' || id || ',"migrated":true}',
       CAST(strftime('%s', 'now') AS INTEGER) * 1000
  FROM users
 WHERE role = 'Influencer' AND department_id IS NOT NULL;

UPDATE users SET role = 'Staff' WHERE role = 'Influencer';
