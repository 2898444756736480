-- Departments have a head and describe themselves. They nest through parent_id (migration 0022, NULL at the top).
-- SQL cannot say "no cycles": DepartmentStore refuses a parent that sits below the department before it writes one,
-- and every recursive read caps its depth so a damaged row cannot loop.
-- head_id is who an admin named; NULL means the highest-level active person of the department (DepartmentStore.HeadSql).
-- The description is Markdown rendered once at write time, as posts are.
ALTER TABLE departments ADD COLUMN head_id INTEGER REFERENCES users (id);
ALTER TABLE departments ADD COLUMN description_md TEXT NOT NULL DEFAULT '';
ALTER TABLE departments ADD COLUMN description_html TEXT NOT NULL DEFAULT '';
