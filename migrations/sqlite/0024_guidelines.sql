-- The organisation's social media guidelines: one row per published version, never edited (a change is the next
-- version, so what everyone accepted stays readable). The highest id is the current version.
CREATE TABLE guideline_versions (
    id           INTEGER PRIMARY KEY,
    body_md      TEXT    NOT NULL,
    body_html    TEXT    NOT NULL,
    published_by INTEGER NOT NULL REFERENCES users (id),
    published_at INTEGER NOT NULL
);

-- Who accepted which version. Admins see only the count per version; nothing shows who.
CREATE TABLE guideline_acceptances (
    version_id  INTEGER NOT NULL REFERENCES guideline_versions (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    accepted_at INTEGER NOT NULL,
    PRIMARY KEY (version_id, user_id)
) WITHOUT ROWID;
