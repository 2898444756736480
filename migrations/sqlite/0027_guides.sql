-- Guides are posts of kind 'guide' with an owner and a review date: shared documents of their department that
-- announce when they are due for a look. owner_id starts as the author and can be handed over; NULL after
-- nobody took it over. review_by is when it should be confirmed or edited; reviewed_at/reviewed_by record the last
-- "still valid"; review_reminded_for is the review_by a reminder went out for, so a new date arms a new reminder.
ALTER TABLE posts ADD COLUMN owner_id INTEGER REFERENCES users (id);
ALTER TABLE posts ADD COLUMN review_by INTEGER;
ALTER TABLE posts ADD COLUMN reviewed_at INTEGER;
ALTER TABLE posts ADD COLUMN reviewed_by INTEGER REFERENCES users (id);
ALTER TABLE posts ADD COLUMN review_reminded_for INTEGER;

-- A guide made from a comment keeps where it came from; the comment finds the guide it became through the index
-- (Posts writes only posts, Comments only comments).
ALTER TABLE posts ADD COLUMN source_comment_id INTEGER REFERENCES comments (id);
CREATE INDEX ix_posts_source_comment ON posts (source_comment_id) WHERE source_comment_id IS NOT NULL;

-- A department's library, the reminders due, and the guides a person owns (hand-over when they leave).
CREATE INDEX ix_posts_guides ON posts (department_id, id DESC) WHERE kind = 'guide';
CREATE INDEX ix_posts_review_by ON posts (review_by) WHERE kind = 'guide';
CREATE INDEX ix_posts_owner ON posts (owner_id) WHERE kind = 'guide';
