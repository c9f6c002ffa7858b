-- 011, PostgreSQL twin of 011_hardening.sql: a demo store is marked as one, and an export's
-- batch records where its upload file was published.
CREATE TABLE store_marks (
    name       VARCHAR PRIMARY KEY,
    value      VARCHAR NOT NULL,
    marked_at  TIMESTAMP NOT NULL DEFAULT localtimestamp
);

ALTER TABLE export_batches ADD COLUMN published_to VARCHAR;
