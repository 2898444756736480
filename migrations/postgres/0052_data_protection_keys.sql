-- The data-protection keys (issue 26), which sign the sign-in cookies, antiforgery tokens and links. On SQLite they
-- are files in the data directory (keys/); on PostgreSQL they are here, so that every node signs and reads with the
-- same keys: a person signed in through one node is signed in on all. Named postgres_: this engine's own, which the
-- schema agreement test leaves out. name: the key's id, as the key manager names it.
CREATE TABLE postgres_data_protection_keys (
    name       text   PRIMARY KEY,
    xml        text   NOT NULL,
    created_at bigint NOT NULL
);
