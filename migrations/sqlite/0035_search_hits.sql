-- Search (issue 12, speed). A search reads its hits newest first from the index and joins each to its post or
-- comment only to learn whether it may be shown and when it was written, until it has enough (SearchStore). On the
-- rows themselves each of those lookups reads a page of Markdown and HTML for a few numbers; these narrow indexes
-- hold just the numbers of the visible rows (the partial condition is PostVisibility.Listed and
-- CommentStore.VisibleSql), so hundreds of hits cost a few pages. SQLite-only in use: the queries name them
-- (Fts5.PostsOfHits, Fts5.CommentsOfHits), as the planner prefers the table for a lookup by id.
CREATE INDEX ix_posts_search_hits ON posts (id, created_at, kind, author_id, department_id)
 WHERE deleted_at IS NULL AND hidden_at IS NULL;

CREATE INDEX ix_comments_search_hits ON comments (id, created_at, post_id, author_id)
 WHERE deleted_at IS NULL AND hidden_at IS NULL;
