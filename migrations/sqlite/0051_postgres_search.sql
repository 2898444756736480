-- Nothing to do here: PostgreSQL's 0051 builds its search index, which this engine has had since 0020 (FTS5).
SELECT 1;
