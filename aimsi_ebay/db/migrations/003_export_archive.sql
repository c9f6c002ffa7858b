-- 003: export files are archived beside the database (exports/) and verified by sha256 on
-- re-download, instead of being stored in it (a 100,000-row batch is ~50 MB of text that every
-- commit and checkpoint would copy). The per-row snapshot becomes native columns: every value
-- sent but the description and the picture URLs, which are verbatim in the archived file.

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
    start_price       DECIMAL(12,2),
    buy_it_now_price  DECIMAL(12,2),
    reserve_price     DECIMAL(12,2),
    quantity          INTEGER,
    description_length INTEGER,
    pictures          INTEGER NOT NULL DEFAULT 0
);
-- One line per SKU and batch by construction; no index, so a 100,000-row batch inserts fast.
