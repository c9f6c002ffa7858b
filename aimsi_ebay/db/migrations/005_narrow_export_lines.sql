-- 005: a batch's per-row snapshot keeps what sales and fees are reconciled against: the SKU, the
-- action, the eBay item id, the prices, the quantity and the number of pictures. Every other value
-- sent (title, categories, condition, format, duration, description, picture URLs) is verbatim in
-- the batch's archived file, verified by sha256 (exports.batch_rows reads it back). Each text
-- column kept here would add ~10 ms per 100,000 rows to an export's COMMIT.

ALTER TABLE export_lines DROP COLUMN category1_id;
ALTER TABLE export_lines DROP COLUMN category2_id;
ALTER TABLE export_lines DROP COLUMN title;
ALTER TABLE export_lines DROP COLUMN subtitle;
ALTER TABLE export_lines DROP COLUMN condition_id;
ALTER TABLE export_lines DROP COLUMN listing_format;
ALTER TABLE export_lines DROP COLUMN duration;
ALTER TABLE export_lines DROP COLUMN description_length;
