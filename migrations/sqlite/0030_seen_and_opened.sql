-- Two figures, each named for what it counts: "seen" is a post's card shown in someone's feed (or on a profile),
-- "opened" is the post's own page opened. Until now a micropost counted as "read" when its card was shown and an
-- article only when opened, under one label. Announcements ("until they opened it"), the reach funnel and the digest
-- build on "opened". Both stay one row per person and post; only counts are ever shown.
ALTER TABLE post_reads RENAME TO post_opens;
ALTER TABLE post_opens RENAME COLUMN read_at TO opened_at;
ALTER TABLE posts RENAME COLUMN read_count TO opened_count;
ALTER TABLE posts ADD COLUMN seen_count INTEGER NOT NULL DEFAULT 0;

CREATE TABLE post_seen (
    post_id INTEGER NOT NULL REFERENCES posts (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id)
) WITHOUT ROWID;

-- A micropost's "read" rows were nearly all cards shown in a feed: they become sightings, and its opens start at
-- zero rather than count sightings as opens. An article's rows were opens and stay so; its sightings start now.
INSERT INTO post_seen (post_id, user_id, seen_at)
SELECT o.post_id, o.user_id, o.opened_at
  FROM post_opens o
  JOIN posts p ON p.id = o.post_id
 WHERE p.kind = 'micro';

DELETE FROM post_opens
 WHERE post_id IN (SELECT id FROM posts WHERE kind = 'micro');

UPDATE posts
   SET seen_count   = (SELECT COUNT(*) FROM post_seen s WHERE s.post_id = posts.id),
       opened_count = (SELECT COUNT(*) FROM post_opens o WHERE o.post_id = posts.id);
