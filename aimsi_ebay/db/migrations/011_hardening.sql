-- 011: hardening (issue 12).
-- A store built by `demo` is marked as a demo store: only a marked store may be reset without an
-- explicit, differently named confirmation (`demo --reset --replace-real-store`).
CREATE TABLE store_marks (
    name       VARCHAR PRIMARY KEY,
    value      VARCHAR NOT NULL,
    marked_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- An export commits its batch first and publishes the upload file to the operator's --out
-- afterwards; a batch committed but not yet published (a killed process) is published by the
-- next export. Batches exported before this migration were published when they were written.
ALTER TABLE export_batches ADD COLUMN published_to VARCHAR;
ALTER TABLE export_batches ADD COLUMN published_at TIMESTAMP;
UPDATE export_batches SET published_at = created_at;
