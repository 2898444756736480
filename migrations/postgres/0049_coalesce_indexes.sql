-- Nothing to do here: SQLite's 0049 respells its IFNULL expression indexes as COALESCE, which PostgreSQL's 0048
-- already had.
SELECT 1;
