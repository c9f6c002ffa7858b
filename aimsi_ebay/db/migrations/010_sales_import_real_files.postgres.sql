-- 010, PostgreSQL twin of 010_sales_import_real_files.sql: the sales import against real eBay
-- downloads (issue 11). A sale's unitemised difference is kept as a named adjustment, a sale
-- closed before the download is cancelled with its reason, the operator's ship-to choice is kept
-- on the staged sale, a deposit keeps the file's payment id as a memo, and a batch counts where
-- every row of the file went.
ALTER TABLE staged_sales ADD COLUMN payment_memo VARCHAR;
ALTER TABLE staged_sales ADD COLUMN adjustment NUMERIC(12,2) DEFAULT 0;
ALTER TABLE staged_sales ADD COLUMN adjustment_kind VARCHAR;
ALTER TABLE staged_sales ADD COLUMN closed_reason VARCHAR;
ALTER TABLE staged_sales ADD COLUMN ship_choice VARCHAR;
ALTER TABLE staged_sales ADD COLUMN chosen_ship_to_id BIGINT;
ALTER TABLE orders ADD COLUMN adjustment NUMERIC(12,2) DEFAULT 0;
ALTER TABLE orders ADD COLUMN adjustment_kind VARCHAR;
ALTER TABLE orders ADD COLUMN closed_reason VARCHAR;
ALTER TABLE deposits ADD COLUMN memo VARCHAR;
ALTER TABLE import_batches ADD COLUMN sale_rows INTEGER DEFAULT 0;
ALTER TABLE import_batches ADD COLUMN duplicate_rows INTEGER DEFAULT 0;
ALTER TABLE import_batches ADD COLUMN footer_rows INTEGER DEFAULT 0;
ALTER TABLE import_batches ADD COLUMN rejected_rows INTEGER DEFAULT 0;
