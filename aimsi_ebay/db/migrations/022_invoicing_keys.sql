-- 022: invoicing writes no index that guards nothing (issue 16's figure: 100,000 invoices in one
-- batch; each index is built row by row in the batch and again at COMMIT).
--
-- Three derived keys go; the guarantees stay. invoice_lines (invoice_id, line_no): a line is one
-- order line (order_lines' own key) taken once per invoice by the plan. invoice_shipments
-- (invoice_id, shipment_id): a package (shipments' key) is billed by the plan once per invoice.
-- invoice_payments (payment_id): a sequence value, and no query looks a payment up by it (a
-- join never uses an ART index). invoices keep their PRIMARY KEY and the UNIQUE invoice number.
-- DuckDB cannot drop a key in place: each table is rebuilt with the same columns, in the same
-- order, with the same defaults, compression and rows.

CREATE TABLE invoice_lines_new (
    invoice_id BIGINT NOT NULL,
    line_no INTEGER NOT NULL,
    sku VARCHAR USING COMPRESSION fsst,
    description VARCHAR NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price DECIMAL(12,2) NOT NULL,
    amount DECIMAL(12,2) NOT NULL,
    order_line_no INTEGER
);
INSERT INTO invoice_lines_new SELECT * FROM invoice_lines;
DROP TABLE invoice_lines;
ALTER TABLE invoice_lines_new RENAME TO invoice_lines;

CREATE TABLE invoice_shipments_new (
    invoice_id   BIGINT NOT NULL,
    shipment_id  BIGINT NOT NULL
);
INSERT INTO invoice_shipments_new SELECT * FROM invoice_shipments;
DROP TABLE invoice_shipments;
ALTER TABLE invoice_shipments_new RENAME TO invoice_shipments;

CREATE TABLE invoice_payments_new (
    payment_id BIGINT DEFAULT(nextval('seq_payment_id')) NOT NULL,
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
