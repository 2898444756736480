-- The departments list counts active people per department on every feed page; this index answers it alone.
CREATE INDEX ix_users_department_active ON users (department_id, is_active);
