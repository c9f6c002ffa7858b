-- 026: the DuckDB file's orders keep their primary key but not their two UNIQUE indexes (issue
-- 11's figure: 100,000 orders; each ART index is built row by row in the import and again at
-- COMMIT: the two text keys cost ≈0.2 CPU-s of the sales import, the order id's key little).
--
-- Both rules stay, kept by the writers. Writers of a DuckDB file hold its exclusive lock
-- (db.write: one writer at a time, readers shut out):
-- * an order number is drawn from seq_order_number by every writer of orders (db/ids.py's
--   ORDER_NUMBER_SQL: the imports' Create Order and the demo store), so no two are alike;
-- * one order per account and sale key: Create Order (ops/sales/order_creation.py, shared by
--   the eBay and web-shop imports) checks inside its own transaction, set-based, that a sale's
--   key has no order yet (already imported) and that no two sales it orders share a key (the
--   first orders, the others are already imported by it). Shown by tests/ops/sales (a file
--   whose two sales share a key; the same file imported twice; two processes importing one
--   file into one store).
-- No query finds an order through these indexes (a join never uses an ART index, and a lookup
-- of one order number scans one column). DuckDB cannot drop a constraint in place: the table is
-- rebuilt with the same columns, in the same order, with the same defaults, compression and rows.

CREATE TABLE orders_new (
    order_id BIGINT DEFAULT(nextval('seq_order_id')) PRIMARY KEY,
    order_number VARCHAR USING COMPRESSION fsst NOT NULL,
    account_id BIGINT,
    "source" VARCHAR USING COMPRESSION dictionary DEFAULT('ebay') NOT NULL,
    sale_key VARCHAR USING COMPRESSION fsst,
    ebay_order_number VARCHAR USING COMPRESSION fsst,
    sales_record_number VARCHAR USING COMPRESSION fsst,
    customer_id BIGINT NOT NULL,
    ship_to_id BIGINT,
    status VARCHAR USING COMPRESSION dictionary DEFAULT('open') NOT NULL,
    needs_review BOOLEAN DEFAULT(CAST('f' AS BOOLEAN)) NOT NULL,
    awaiting_payment BOOLEAN DEFAULT(CAST('f' AS BOOLEAN)) NOT NULL,
    review_reason VARCHAR,
    order_date DATE NOT NULL,
    paid_date DATE,
    shipping_service VARCHAR,
    merchandise DECIMAL(12,2) DEFAULT(0) NOT NULL,
    shipping DECIMAL(12,2) DEFAULT(0) NOT NULL,
    seller_tax DECIMAL(12,2) DEFAULT(0) NOT NULL,
    ebay_tax_memo DECIMAL(12,2) DEFAULT(0) NOT NULL,
    total DECIMAL(12,2) DEFAULT(0) NOT NULL,
    import_batch_id BIGINT,
    created_at TIMESTAMP DEFAULT(current_timestamp) NOT NULL,
    adjustment DECIMAL(12,2) DEFAULT(0),
    adjustment_kind VARCHAR,
    closed_reason VARCHAR,
    shipping_cost DECIMAL(12,2),
    shipped_date DATE,
    live_shipments INTEGER DEFAULT(0),
    priced_shipments INTEGER DEFAULT(0),
    carrier_cost DECIMAL(16,2),
    label_cost DECIMAL(16,2),
    shipment_service VARCHAR,
    deposit_total DECIMAL(12,2) DEFAULT(0),
    ebay_order_rows INTEGER DEFAULT(0),
    ebay_gross DECIMAL(12,2),
    ebay_first_date DATE,
    CHECK((status IN ('open', 'picked', 'shipped', 'invoiced', 'cancelled')))
);
INSERT INTO orders_new SELECT * FROM orders;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
