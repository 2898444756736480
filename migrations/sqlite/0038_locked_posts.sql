-- A post whose text nobody may change: a released anonymous question carries the moderator's name but the asker's
-- words, and an edit would put words in an anonymous person's mouth. Deleting and hiding stay possible.
ALTER TABLE posts ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;

UPDATE posts SET locked = 1 WHERE id IN (SELECT post_id FROM anonymous_questions WHERE post_id IS NOT NULL);
