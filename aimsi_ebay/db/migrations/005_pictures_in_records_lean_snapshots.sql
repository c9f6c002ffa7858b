-- 005: a record's pictures live in the record, and a batch's per-row snapshot is lean.
--
-- Pictures: an ordered list of at most 12 URLs is one value of the record (image_urls), not rows
-- of a side table: the order is the list's, the record's version covers its pictures, copying a
-- record copies them, and reading flagged records reads their pictures in the same scan (the
-- export no longer joins 100,000 records to millions of image rows).
ALTER TABLE ebay_records ADD COLUMN image_urls VARCHAR[] DEFAULT [];
UPDATE ebay_records SET image_urls = g.urls
FROM (SELECT sku, list(url ORDER BY position) AS urls FROM ebay_images GROUP BY sku) g
WHERE g.sku = ebay_records.sku;
DROP TABLE ebay_images;
ALTER TABLE ebay_records ALTER COLUMN image_urls SET NOT NULL;

-- Snapshot: per row sent, what sales and fees are reconciled against (SKU, action, eBay item id,
-- prices, quantity, number of pictures). Every other value sent is verbatim in the batch's
-- archived file, verified by sha256 (exports.batch_rows reads it back); each text column kept
-- here would add ~10 ms per 100,000 rows to an export's COMMIT.
ALTER TABLE export_lines DROP COLUMN category1_id;
ALTER TABLE export_lines DROP COLUMN category2_id;
ALTER TABLE export_lines DROP COLUMN title;
ALTER TABLE export_lines DROP COLUMN subtitle;
ALTER TABLE export_lines DROP COLUMN condition_id;
ALTER TABLE export_lines DROP COLUMN listing_format;
ALTER TABLE export_lines DROP COLUMN duration;
ALTER TABLE export_lines DROP COLUMN description_length;
