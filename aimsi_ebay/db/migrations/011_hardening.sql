-- 011: hardening (issue 12).
-- A store built by `demo` is marked as a demo store: only a marked store may be reset without an
-- explicit, differently named confirmation (`demo --replace-real-store`).
CREATE TABLE store_marks (
    name       VARCHAR PRIMARY KEY,
    value      VARCHAR NOT NULL,
    marked_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- An export commits its batch first and publishes the upload file afterwards: to the archive
-- (file_path) and, when the operator named one, to this file (ops/export/publishing.py).
ALTER TABLE export_batches ADD COLUMN published_to VARCHAR;
