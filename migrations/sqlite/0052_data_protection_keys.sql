-- Nothing to do here: on SQLite the data-protection keys stay files in the data directory (keys/); PostgreSQL's 0052
-- keeps them in its database, which all nodes share.
SELECT 1;
