-- Posts and comments share one index again (search_texts), each in a rowid range of its own: posts below 2^50 (id * 8
-- + 1, as before), comments from 2^50 (2^50 + id * 8 + 2). Apart (0053), bm25 weighed a word by its rarity among the
-- documents of one kind only, so a post's and a comment's scores were on two scales: FTS5 takes a word in half or
-- more of an index as worth nearly nothing (1e-6), and in an installation with few comments a word in half of them
-- sank every comment below every post, or, common among the posts, lifted passing comments above posts with the word
-- in their title. In one index every word has one rarity. The ranges keep most of what 0053 was for: a search reads
-- the newest matching posts below 2^50 and, apart, the newest comments above it, and for a whole word FTS5 seeks to a
-- range instead of walking the other kind's documents (Fts5.PostHitsWhere, CommentHitsWhere).
-- The index starts empty: analyzer 0 has SearchIndexBuild fill it at the next start, with progress in the log.

DROP TRIGGER search_posts_insert;
DROP TRIGGER search_posts_forget;
DROP TRIGGER search_posts_learn;
DROP TRIGGER search_posts_delete;
DROP TRIGGER search_comments_insert;
DROP TRIGGER search_comments_forget;
DROP TRIGGER search_comments_learn;
DROP TRIGGER search_comments_delete;
DROP TABLE search_post_texts;
DROP TABLE search_comment_texts;
DROP VIEW search_comment_docs;

CREATE VIEW search_comment_docs (doc, id, title, body, parts) AS
SELECT 1125899906842624 + id * 8 + 2, id, '', search_terms(search_text(body_html)), search_parts(search_text(body_html))
  FROM comments;

CREATE VIEW search_text_docs (doc, title, body, parts) AS
SELECT doc, title, body, parts FROM search_post_docs
 UNION ALL
SELECT doc, title, body, parts FROM search_comment_docs;

CREATE VIRTUAL TABLE search_texts USING fts5 (
    title, body, parts,
    content = 'search_text_docs', content_rowid = 'doc',
    tokenize = 'unicode61 remove_diacritics 0'
);

UPDATE search_state SET analyzer = 0;

-- As in 0020: the index forgets a document by being told its old terms, which the view still shows before the row
-- changes (BEFORE triggers), and learns the new ones after (AFTER triggers).

CREATE TRIGGER search_posts_insert AFTER INSERT ON posts
BEGIN
    INSERT INTO search_texts (rowid, title, body, parts) SELECT doc, title, body, parts FROM search_post_docs WHERE id = new.id;
END;

CREATE TRIGGER search_posts_forget BEFORE UPDATE OF title, body_html ON posts
 WHEN old.title IS NOT new.title OR old.body_html IS NOT new.body_html
BEGIN
    INSERT INTO search_texts (search_texts, rowid, title, body, parts) SELECT 'delete', doc, title, body, parts FROM search_post_docs WHERE id = old.id;
END;

CREATE TRIGGER search_posts_learn AFTER UPDATE OF title, body_html ON posts
 WHEN old.title IS NOT new.title OR old.body_html IS NOT new.body_html
BEGIN
    INSERT INTO search_texts (rowid, title, body, parts) SELECT doc, title, body, parts FROM search_post_docs WHERE id = new.id;
END;

CREATE TRIGGER search_posts_delete BEFORE DELETE ON posts
BEGIN
    INSERT INTO search_texts (search_texts, rowid, title, body, parts) SELECT 'delete', doc, title, body, parts FROM search_post_docs WHERE id = old.id;
END;

CREATE TRIGGER search_comments_insert AFTER INSERT ON comments
BEGIN
    INSERT INTO search_texts (rowid, title, body, parts) SELECT doc, title, body, parts FROM search_comment_docs WHERE id = new.id;
END;

CREATE TRIGGER search_comments_forget BEFORE UPDATE OF body_html ON comments
 WHEN old.body_html IS NOT new.body_html
BEGIN
    INSERT INTO search_texts (search_texts, rowid, title, body, parts) SELECT 'delete', doc, title, body, parts FROM search_comment_docs WHERE id = old.id;
END;

CREATE TRIGGER search_comments_learn AFTER UPDATE OF body_html ON comments
 WHEN old.body_html IS NOT new.body_html
BEGIN
    INSERT INTO search_texts (rowid, title, body, parts) SELECT doc, title, body, parts FROM search_comment_docs WHERE id = new.id;
END;

CREATE TRIGGER search_comments_delete BEFORE DELETE ON comments
BEGIN
    INSERT INTO search_texts (search_texts, rowid, title, body, parts) SELECT 'delete', doc, title, body, parts FROM search_comment_docs WHERE id = old.id;
END;
