-- 005, PostgreSQL twin of 005_pictures_in_records_lean_snapshots.sql: a record's pictures are
-- one ordered list in the record (a VARCHAR[] through DuckDB), and a batch's snapshot is lean.
ALTER TABLE ebay_records ADD COLUMN image_urls VARCHAR[] DEFAULT '{}';
UPDATE ebay_records SET image_urls = g.urls
FROM (SELECT sku, array_agg(url ORDER BY position) AS urls FROM ebay_images GROUP BY sku) g
WHERE g.sku = ebay_records.sku;
DROP TABLE ebay_images;
ALTER TABLE ebay_records ALTER COLUMN image_urls SET NOT NULL;

ALTER TABLE export_lines DROP COLUMN category1_id;
ALTER TABLE export_lines DROP COLUMN category2_id;
ALTER TABLE export_lines DROP COLUMN title;
ALTER TABLE export_lines DROP COLUMN subtitle;
ALTER TABLE export_lines DROP COLUMN condition_id;
ALTER TABLE export_lines DROP COLUMN listing_format;
ALTER TABLE export_lines DROP COLUMN duration;
ALTER TABLE export_lines DROP COLUMN description_length;
