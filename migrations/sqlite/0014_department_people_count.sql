-- The departments aside on every feed page showed a live COUNT over the department's people, which grows with the
-- organisation (5,000 people: five times the cost of 500). The count is kept on the department instead, by triggers,
-- so every way people change (admin edit, import, deactivation, demo seeding) keeps it right without remembering to.
ALTER TABLE departments ADD COLUMN people_count INTEGER NOT NULL DEFAULT 0;

UPDATE departments
   SET people_count = (SELECT COUNT(*) FROM users u WHERE u.department_id = departments.id AND u.is_active = 1);

CREATE TRIGGER tr_users_count_insert AFTER INSERT ON users
 WHEN NEW.is_active = 1 AND NEW.department_id IS NOT NULL
BEGIN
    UPDATE departments SET people_count = people_count + 1 WHERE id = NEW.department_id;
END;

CREATE TRIGGER tr_users_count_update AFTER UPDATE OF department_id, is_active ON users
 WHEN OLD.department_id IS NOT NEW.department_id OR OLD.is_active IS NOT NEW.is_active
BEGIN
    UPDATE departments SET people_count = people_count - 1 WHERE id = OLD.department_id AND OLD.is_active = 1;
    UPDATE departments SET people_count = people_count + 1 WHERE id = NEW.department_id AND NEW.is_active = 1;
END;

CREATE TRIGGER tr_users_count_delete AFTER DELETE ON users
 WHEN OLD.is_active = 1 AND OLD.department_id IS NOT NULL
BEGIN
    UPDATE departments SET people_count = people_count - 1 WHERE id = OLD.department_id;
END;
