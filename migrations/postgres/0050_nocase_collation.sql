-- SQLite's three NOCASE columns (department names, e-mail addresses, handles) were citext. A citext column compares
-- without regard to case only with another citext: the app's parameters arrive as text, and citext = text is text's
-- comparison, case by case, so "Anna@Example.org" could not sign in as anna@example.org. As text with a
-- case-insensitive collation they compare so with any text, and the unique constraints refuse "Vertrieb" next to
-- "VERTRIEB" as before. ICU's "und-u-ks-level2": case-insensitive, accents still count (Müller is not Muller), like
-- NOCASE, which folds only A to Z. (Such a collation takes no LIKE; the app compares these columns with = and IN only.)
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

ALTER TABLE departments ALTER COLUMN name TYPE text COLLATE nocase;
ALTER TABLE users ALTER COLUMN email TYPE text COLLATE nocase, ALTER COLUMN handle TYPE text COLLATE nocase;

DROP EXTENSION citext;
