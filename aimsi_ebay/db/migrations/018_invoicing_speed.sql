-- 018: invoicing writes less at COMMIT (issue 16's figure: 100,000 invoices in one batch).
--
-- The text columns of the tables an invoicing batch writes declare their compression, as 008
-- did for the import tables: DuckDB then skips trying every method on each new row group at
-- COMMIT. Unique-ish text (invoice numbers, tracking numbers, SKUs, references) is FSST; a closed
-- set of words (status, basis, method, who) is a dictionary. The description and the void reason
-- depend on the store's data and are left to DuckDB. The secondary index on the applications'
-- deposit is dropped: no query filters invoice_payments by one deposit (balances group them, a
-- join never uses an ART index), yet every application written updated it and the COMMIT
-- rewrote it. DuckDB cannot change a column's compression in place, so each table is rebuilt
-- with the same columns, in the same order, with the same keys and defaults (and rows: the
-- sequences are untouched, so ids and numbers go on where they were).

DROP INDEX invoice_payments_deposit;

CREATE TABLE invoices_new (
    invoice_id BIGINT DEFAULT(nextval('seq_invoice_id')) PRIMARY KEY,
    invoice_number VARCHAR USING COMPRESSION fsst NOT NULL UNIQUE,
    order_id BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    invoice_date DATE NOT NULL,
    merchandise DECIMAL(12,2) NOT NULL,
    shipping DECIMAL(12,2) NOT NULL,
    tax DECIMAL(12,2) NOT NULL,
    total DECIMAL(12,2) NOT NULL,
    tracking_numbers VARCHAR USING COMPRESSION fsst,
    created_at TIMESTAMP DEFAULT(current_timestamp) NOT NULL,
    created_by VARCHAR USING COMPRESSION dictionary NOT NULL,
    status VARCHAR USING COMPRESSION dictionary DEFAULT('posted') NOT NULL,
    order_status_before VARCHAR USING COMPRESSION dictionary DEFAULT('shipped'),
    ebay_tax_memo DECIMAL(12,2) DEFAULT(0),
    shipping_basis VARCHAR USING COMPRESSION dictionary DEFAULT('order'),
    voided_at TIMESTAMP,
    voided_by VARCHAR USING COMPRESSION dictionary,
    void_reason VARCHAR
);
INSERT INTO invoices_new SELECT * FROM invoices;
DROP TABLE invoices;
ALTER TABLE invoices_new RENAME TO invoices;

CREATE TABLE invoice_lines_new (
    invoice_id BIGINT,
    line_no INTEGER,
    sku VARCHAR USING COMPRESSION fsst,
    description VARCHAR NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price DECIMAL(12,2) NOT NULL,
    amount DECIMAL(12,2) NOT NULL,
    order_line_no INTEGER,
    PRIMARY KEY(invoice_id, line_no)
);
INSERT INTO invoice_lines_new SELECT * FROM invoice_lines;
DROP TABLE invoice_lines;
ALTER TABLE invoice_lines_new RENAME TO invoice_lines;

CREATE TABLE invoice_payments_new (
    payment_id BIGINT DEFAULT(nextval('seq_payment_id')) PRIMARY KEY,
    invoice_id BIGINT NOT NULL,
    deposit_id BIGINT,
    "method" VARCHAR USING COMPRESSION dictionary NOT NULL,
    amount DECIMAL(12,2) NOT NULL,
    paid_date DATE NOT NULL,
    created_at TIMESTAMP DEFAULT(current_timestamp) NOT NULL,
    reference VARCHAR USING COMPRESSION fsst,
    created_by VARCHAR USING COMPRESSION dictionary DEFAULT('system'),
    CHECK((amount > 0))
);
INSERT INTO invoice_payments_new SELECT * FROM invoice_payments;
DROP TABLE invoice_payments;
ALTER TABLE invoice_payments_new RENAME TO invoice_payments;
