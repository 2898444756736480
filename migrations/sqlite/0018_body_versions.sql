-- Which version of the Markdown renderer made each stored body_html (MarkdownRenderer.Version). Bodies made by an
-- older one are re-rendered from body_md in the background after a start, so a renderer fix reaches old posts too.
-- 0: written before versions were recorded. The index finds the stale rows without reading every body.
ALTER TABLE posts ADD COLUMN body_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN body_version INTEGER NOT NULL DEFAULT 0;

CREATE INDEX ix_posts_body_version ON posts (body_version, id);
CREATE INDEX ix_comments_body_version ON comments (body_version, id);
