-- Search on PostgreSQL (issue 26), with Infrastructure/Search/PostgresSearch.cs. One table of documents, each the
-- app's own analysis of a row (SearchText: stems, and the parts that find compounds) as a tsvector, so that a query
-- finds on PostgreSQL what it finds on SQLite. A document is id * 8 + its kind (1 post, 2 comment, 3 person,
-- 4 topic, 5 department), as FTS5's rowids on SQLite. Every name here starts with search_: the schema agreement test
-- leaves each engine's own search out.
CREATE TABLE search_docs (
    doc   bigint   PRIMARY KEY,
    words tsvector NOT NULL
);

CREATE INDEX search_docs_words ON search_docs USING gin (words);

-- The documents changed by the open transaction, queued by the triggers below: the analyzer runs in the app, so the
-- transaction analyses its queue and writes search_docs just before it commits (PostgresDatabase). Empty between
-- transactions.
CREATE TABLE search_pending (
    doc bigint PRIMARY KEY
);

-- Which SearchText.Version the documents were analysed with; 0: not yet (the start then analyses every row again).
CREATE TABLE search_state (
    id       bigint PRIMARY KEY CHECK (id = 1),
    analyzer bigint NOT NULL
);

INSERT INTO search_state (id, analyzer) VALUES (1, 0);

-- The argument is the document kind.
CREATE FUNCTION search_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_pending (doc)
    VALUES ((CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END) * 8 + CAST(TG_ARGV[0] AS bigint))
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER search_posts AFTER INSERT OR DELETE ON posts FOR EACH ROW EXECUTE FUNCTION search_queue('1');
CREATE TRIGGER search_posts_update AFTER UPDATE OF title, body_html ON posts FOR EACH ROW
  WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.body_html IS DISTINCT FROM NEW.body_html)
  EXECUTE FUNCTION search_queue('1');

CREATE TRIGGER search_comments AFTER INSERT OR DELETE ON comments FOR EACH ROW EXECUTE FUNCTION search_queue('2');
CREATE TRIGGER search_comments_update AFTER UPDATE OF body_html ON comments FOR EACH ROW
  WHEN (OLD.body_html IS DISTINCT FROM NEW.body_html)
  EXECUTE FUNCTION search_queue('2');

CREATE TRIGGER search_users AFTER INSERT OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION search_queue('3');
CREATE TRIGGER search_users_update AFTER UPDATE OF display_name, title, department_id, bio, handle, email ON users FOR EACH ROW
  WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.title IS DISTINCT FROM NEW.title
        OR OLD.department_id IS DISTINCT FROM NEW.department_id OR OLD.bio IS DISTINCT FROM NEW.bio
        OR OLD.handle IS DISTINCT FROM NEW.handle OR OLD.email IS DISTINCT FROM NEW.email)
  EXECUTE FUNCTION search_queue('3');

CREATE TRIGGER search_tags AFTER INSERT OR DELETE ON tags FOR EACH ROW EXECUTE FUNCTION search_queue('4');
CREATE TRIGGER search_tags_update AFTER UPDATE OF name ON tags FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION search_queue('4');

CREATE TRIGGER search_departments AFTER INSERT OR DELETE ON departments FOR EACH ROW EXECUTE FUNCTION search_queue('5');

-- A person's document holds their department's name: a rename queues the department's people too.
CREATE FUNCTION search_queue_department_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_pending (doc) VALUES (NEW.id * 8 + 5) ON CONFLICT DO NOTHING;
    INSERT INTO search_pending (doc) SELECT id * 8 + 3 FROM users WHERE department_id = NEW.id ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER search_departments_update AFTER UPDATE OF name ON departments FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION search_queue_department_rename();
