-- 003, PostgreSQL twin of 003_export_archive.sql: export files are archived in the data folder
-- and verified by sha256; the per-row snapshot becomes native columns.

ALTER TABLE export_batches ADD COLUMN file_path VARCHAR;
ALTER TABLE export_batches ADD COLUMN file_sha256 VARCHAR;
ALTER TABLE export_batches DROP COLUMN file_content;

DROP TABLE export_lines;
CREATE TABLE export_lines (
    batch_id          BIGINT NOT NULL,
    sku               VARCHAR NOT NULL,
    action            VARCHAR NOT NULL,
    ebay_item_id      VARCHAR,
    category1_id      VARCHAR,
    category2_id      VARCHAR,
    title             VARCHAR,
    subtitle          VARCHAR,
    condition_id      INTEGER,
    listing_format    VARCHAR,
    duration          VARCHAR,
    start_price       NUMERIC(12,2),
    buy_it_now_price  NUMERIC(12,2),
    reserve_price     NUMERIC(12,2),
    quantity          INTEGER,
    description_length INTEGER,
    pictures          INTEGER NOT NULL DEFAULT 0
);
