-- 010: the sales import against real eBay downloads (issue 11).
-- A sale's Total Price may differ from its lines + shipping + tax (a volume discount eBay does not
-- itemise, a refund): the difference is kept as a named adjustment, so the order total is what
-- the buyer paid. A sale refunded or cancelled before the download (Total Price $0.00) is
-- closed: the order is 'cancelled' with the reason, commits no stock and has no deposit.
ALTER TABLE staged_sales ADD COLUMN payment_memo VARCHAR;
ALTER TABLE staged_sales ADD COLUMN adjustment DECIMAL(12,2) DEFAULT 0;
ALTER TABLE staged_sales ADD COLUMN adjustment_kind VARCHAR;
ALTER TABLE staged_sales ADD COLUMN closed_reason VARCHAR;
-- The operator's ship-to choice: NULL (decided by the address), 'customer' (the customer's own
-- address), 'ship_to' (chosen_ship_to_id, one on file) or 'new' (a new ship-to from the sale).
ALTER TABLE staged_sales ADD COLUMN ship_choice VARCHAR;
ALTER TABLE staged_sales ADD COLUMN chosen_ship_to_id BIGINT;
ALTER TABLE orders ADD COLUMN adjustment DECIMAL(12,2) DEFAULT 0;
ALTER TABLE orders ADD COLUMN adjustment_kind VARCHAR;
ALTER TABLE orders ADD COLUMN closed_reason VARCHAR;
-- The deposit's reference identifies the payment (the eBay order number); the file's payment id
-- (seller-level codes such as 420004_S in real reports) is kept as a memo.
ALTER TABLE deposits ADD COLUMN memo VARCHAR;
-- Where every row of the file went: rows_read = sale_rows + duplicate_rows + footer_rows +
-- rejected rows.
ALTER TABLE import_batches ADD COLUMN sale_rows INTEGER DEFAULT 0;
ALTER TABLE import_batches ADD COLUMN duplicate_rows INTEGER DEFAULT 0;
ALTER TABLE import_batches ADD COLUMN footer_rows INTEGER DEFAULT 0;
ALTER TABLE import_batches ADD COLUMN rejected_rows INTEGER DEFAULT 0;
