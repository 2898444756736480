-- Nothing to do here: SQLite's 0054 puts posts and comments into one FTS5 index again, in rowid ranges of their own,
-- so that bm25 weighs a word by its rarity among both. PostgreSQL's ts_rank counts no rarity (one scale already), and
-- its search_docs is left as it is.
SELECT 1;
