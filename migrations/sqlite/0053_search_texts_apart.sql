-- Posts and comments each get an index of their own (search_post_texts, search_comment_texts) instead of sharing
-- search_texts. A search reads the newest matching posts and, apart, the newest matching comments (SearchStore). In
-- one shared index the comments' side walked every matching post to find the comments between them, and bm25 counted
-- each word's posts and comments for either side: on the large bench data a two-word search whose words are in many
-- posts and no comment spent half its time walking posts for comments (bench/README.md, "Posts and comments apart").
-- Apart, each side reads only its own documents. Rowids stay id * 8 + kind, so hits are read and joined as before.
-- The new tables start empty: analyzer 0 has SearchIndexBuild fill them at the next start, with progress in the log.

DROP TRIGGER search_posts_insert;
DROP TRIGGER search_posts_forget;
DROP TRIGGER search_posts_learn;
DROP TRIGGER search_posts_delete;
DROP TRIGGER search_comments_insert;
DROP TRIGGER search_comments_forget;
DROP TRIGGER search_comments_learn;
DROP TRIGGER search_comments_delete;
DROP TABLE search_texts;
DROP VIEW search_text_docs;

CREATE VIRTUAL TABLE search_post_texts USING fts5 (
    title, body, parts,
    content = 'search_post_docs', content_rowid = 'doc',
    tokenize = 'unicode61 remove_diacritics 0'
);

CREATE VIRTUAL TABLE search_comment_texts USING fts5 (
    title, body, parts,
    content = 'search_comment_docs', content_rowid = 'doc',
    tokenize = 'unicode61 remove_diacritics 0'
);

UPDATE search_state SET analyzer = 0;

-- As in 0020: the index forgets a document by being told its old terms, which the view still shows before the row
-- changes (BEFORE triggers), and learns the new ones after (AFTER triggers).

CREATE TRIGGER search_posts_insert AFTER INSERT ON posts
BEGIN
    INSERT INTO search_post_texts (rowid, title, body, parts) SELECT doc, title, body, parts FROM search_post_docs WHERE id = new.id;
END;

CREATE TRIGGER search_posts_forget BEFORE UPDATE OF title, body_html ON posts
 WHEN old.title IS NOT new.title OR old.body_html IS NOT new.body_html
BEGIN
    INSERT INTO search_post_texts (search_post_texts, rowid, title, body, parts) SELECT 'delete', doc, title, body, parts FROM search_post_docs WHERE id = old.id;
END;

CREATE TRIGGER search_posts_learn AFTER UPDATE OF title, body_html ON posts
 WHEN old.title IS NOT new.title OR old.body_html IS NOT new.body_html
BEGIN
    INSERT INTO search_post_texts (rowid, title, body, parts) SELECT doc, title, body, parts FROM search_post_docs WHERE id = new.id;
END;

CREATE TRIGGER search_posts_delete BEFORE DELETE ON posts
BEGIN
    INSERT INTO search_post_texts (search_post_texts, rowid, title, body, parts) SELECT 'delete', doc, title, body, parts FROM search_post_docs WHERE id = old.id;
END;

CREATE TRIGGER search_comments_insert AFTER INSERT ON comments
BEGIN
    INSERT INTO search_comment_texts (rowid, title, body, parts) SELECT doc, title, body, parts FROM search_comment_docs WHERE id = new.id;
END;

CREATE TRIGGER search_comments_forget BEFORE UPDATE OF body_html ON comments
 WHEN old.body_html IS NOT new.body_html
BEGIN
    INSERT INTO search_comment_texts (search_comment_texts, rowid, title, body, parts) SELECT 'delete', doc, title, body, parts FROM search_comment_docs WHERE id = old.id;
END;

CREATE TRIGGER search_comments_learn AFTER UPDATE OF body_html ON comments
 WHEN old.body_html IS NOT new.body_html
BEGIN
    INSERT INTO search_comment_texts (rowid, title, body, parts) SELECT doc, title, body, parts FROM search_comment_docs WHERE id = new.id;
END;

CREATE TRIGGER search_comments_delete BEFORE DELETE ON comments
BEGIN
    INSERT INTO search_comment_texts (search_comment_texts, rowid, title, body, parts) SELECT 'delete', doc, title, body, parts FROM search_comment_docs WHERE id = old.id;
END;
