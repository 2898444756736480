-- Search (issue 12). SQLite-only, like the folder Infrastructure/Search (the search_* functions called here, the FTS5
-- queries) but for its engine-neutral SearchText and SearchQuery: PostgreSQL gets its own index behind the same seam.
--
-- Two FTS5 tables with external content: the text is not stored a second time, the tables index views over the rows
-- themselves. search_texts holds posts and comments, search_names people, topics and departments (small, so
-- suggestions as someone types never wade through posts). A row of either is one document; its rowid says which
-- (id * 8 + 1 post, 2 comment, 3 person, 4 topic, 5 department).
-- Columns hold what SearchText makes of the text: search_terms the stems of its words in order, search_parts the
-- reversed stems of long words (the ends of compounds). The triggers below keep both tables in the same transaction
-- as every insert, change and delete of the rows, so a post is findable the moment it is saved and the index always
-- commits, rolls back, crashes and restores with its rows.
-- A later migration that rebuilds one of these tables (create, copy, drop, rename) drops its triggers: create them
-- again there. A change of SearchText (SearchText.Version) rebuilds the index at the next start (SearchIndexBuild).

CREATE VIEW search_post_docs (doc, id, title, body, parts) AS
SELECT id * 8 + 1, id, search_terms(title), search_terms(search_text(body_html)),
       search_parts(IFNULL(title, '') || ' ' || search_text(body_html))
  FROM posts;

CREATE VIEW search_comment_docs (doc, id, title, body, parts) AS
SELECT id * 8 + 2, id, '', search_terms(search_text(body_html)), search_parts(search_text(body_html))
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

-- A person is found by name, title, department, bio, handle and e-mail address (all shown on their profile).
CREATE VIEW search_person_docs (doc, id, department_id, name, about, parts) AS
SELECT u.id * 8 + 3, u.id, u.department_id, search_terms(u.display_name),
       search_terms(u.title || ' ' || IFNULL(d.name, '') || ' ' || u.bio || ' ' || IFNULL(u.handle, '') || ' ' || u.email),
       search_parts(u.display_name || ' ' || u.title || ' ' || IFNULL(d.name, '') || ' ' || u.bio)
  FROM users u
  LEFT JOIN departments d ON d.id = u.department_id;

CREATE VIEW search_topic_docs (doc, id, name, about, parts) AS
SELECT id * 8 + 4, id, search_terms(name), '', search_parts(name)
  FROM tags;

CREATE VIEW search_department_docs (doc, id, name, about, parts) AS
SELECT id * 8 + 5, id, search_terms(name), '', search_parts(name)
  FROM departments;

CREATE VIEW search_name_docs (doc, name, about, parts) AS
SELECT doc, name, about, parts FROM search_person_docs
 UNION ALL
SELECT doc, name, about, parts FROM search_topic_docs
 UNION ALL
SELECT doc, name, about, parts FROM search_department_docs;

CREATE VIRTUAL TABLE search_names USING fts5 (
    name, about, parts,
    content = 'search_name_docs', content_rowid = 'doc',
    tokenize = 'unicode61 remove_diacritics 0'
);

-- Which SearchText.Version the index was built with; 0: not built yet (SearchIndexBuild does it after migrating).
CREATE TABLE search_state (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    analyzer INTEGER NOT NULL
);

INSERT INTO search_state (id, analyzer) VALUES (1, 0);

-- External content: the index forgets a document by being told its old terms, which the view still shows before
-- the row changes (BEFORE triggers), and learns the new ones after (AFTER triggers).

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

CREATE TRIGGER search_users_insert AFTER INSERT ON users
BEGIN
    INSERT INTO search_names (rowid, name, about, parts) SELECT doc, name, about, parts FROM search_person_docs WHERE id = new.id;
END;

CREATE TRIGGER search_users_forget BEFORE UPDATE OF display_name, title, department_id, bio, handle, email ON users
 WHEN old.display_name IS NOT new.display_name OR old.title IS NOT new.title OR old.department_id IS NOT new.department_id
   OR old.bio IS NOT new.bio OR old.handle IS NOT new.handle OR old.email IS NOT new.email
BEGIN
    INSERT INTO search_names (search_names, rowid, name, about, parts) SELECT 'delete', doc, name, about, parts FROM search_person_docs WHERE id = old.id;
END;

CREATE TRIGGER search_users_learn AFTER UPDATE OF display_name, title, department_id, bio, handle, email ON users
 WHEN old.display_name IS NOT new.display_name OR old.title IS NOT new.title OR old.department_id IS NOT new.department_id
   OR old.bio IS NOT new.bio OR old.handle IS NOT new.handle OR old.email IS NOT new.email
BEGIN
    INSERT INTO search_names (rowid, name, about, parts) SELECT doc, name, about, parts FROM search_person_docs WHERE id = new.id;
END;

CREATE TRIGGER search_users_delete BEFORE DELETE ON users
BEGIN
    INSERT INTO search_names (search_names, rowid, name, about, parts) SELECT 'delete', doc, name, about, parts FROM search_person_docs WHERE id = old.id;
END;

CREATE TRIGGER search_tags_insert AFTER INSERT ON tags
BEGIN
    INSERT INTO search_names (rowid, name, about, parts) SELECT doc, name, about, parts FROM search_topic_docs WHERE id = new.id;
END;

CREATE TRIGGER search_tags_forget BEFORE UPDATE OF name ON tags
 WHEN old.name IS NOT new.name
BEGIN
    INSERT INTO search_names (search_names, rowid, name, about, parts) SELECT 'delete', doc, name, about, parts FROM search_topic_docs WHERE id = old.id;
END;

CREATE TRIGGER search_tags_learn AFTER UPDATE OF name ON tags
 WHEN old.name IS NOT new.name
BEGIN
    INSERT INTO search_names (rowid, name, about, parts) SELECT doc, name, about, parts FROM search_topic_docs WHERE id = new.id;
END;

CREATE TRIGGER search_tags_delete BEFORE DELETE ON tags
BEGIN
    INSERT INTO search_names (search_names, rowid, name, about, parts) SELECT 'delete', doc, name, about, parts FROM search_topic_docs WHERE id = old.id;
END;

CREATE TRIGGER search_departments_insert AFTER INSERT ON departments
BEGIN
    INSERT INTO search_names (rowid, name, about, parts) SELECT doc, name, about, parts FROM search_department_docs WHERE id = new.id;
END;

-- A person's document holds their department's name: a rename reindexes the department's people too.
CREATE TRIGGER search_departments_forget BEFORE UPDATE OF name ON departments
 WHEN old.name IS NOT new.name
BEGIN
    INSERT INTO search_names (search_names, rowid, name, about, parts) SELECT 'delete', doc, name, about, parts FROM search_department_docs WHERE id = old.id;
    INSERT INTO search_names (search_names, rowid, name, about, parts) SELECT 'delete', doc, name, about, parts FROM search_person_docs WHERE department_id = old.id;
END;

CREATE TRIGGER search_departments_learn AFTER UPDATE OF name ON departments
 WHEN old.name IS NOT new.name
BEGIN
    INSERT INTO search_names (rowid, name, about, parts) SELECT doc, name, about, parts FROM search_department_docs WHERE id = new.id;
    INSERT INTO search_names (rowid, name, about, parts) SELECT doc, name, about, parts FROM search_person_docs WHERE department_id = new.id;
END;

CREATE TRIGGER search_departments_delete BEFORE DELETE ON departments
BEGIN
    INSERT INTO search_names (search_names, rowid, name, about, parts) SELECT 'delete', doc, name, about, parts FROM search_department_docs WHERE id = old.id;
END;
