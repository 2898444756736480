-- Nothing to do here: PostgreSQL's 0050 gives its copies of this engine's NOCASE columns a case-insensitive collation.
SELECT 1;
