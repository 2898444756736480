-- A draft keeps its "ask as a question" switch, so a scheduled article is published as the question it was written
-- as (before, only publishing by hand carried the switch).
ALTER TABLE drafts ADD COLUMN question INTEGER NOT NULL DEFAULT 0;
