-- 014, PostgreSQL twin of 014_invoicing.sql: invoicing (issue 16).
--
-- An order may now have several invoices (a partial shipment is invoiced now, the rest later) and
-- a voided invoice keeps its number while the order is invoiced again: `invoices.order_id` loses
-- its UNIQUE (PostgreSQL drops the constraint in place; the DuckDB file rebuilds the table), then
-- the new columns are added.
--   status           'posted' or 'void' (a voided invoice keeps its number, lines and totals)
--   order_status_before  the order's status when the invoice was posted (a void restores it)
--   ebay_tax_memo    eBay-collected tax: printed as a memo, never in the total, never revenue
--   shipping_basis   how the shipping amount was set: 'order' (what the buyer paid) or
--                    'carrier' (the carrier's charge plus the handling markup)
-- Invoice lines point back at their order line (`order_line_no`): the invoiced quantity of an
-- order line is the sum over its lines on posted invoices (never above the ordered quantity).
-- Payments: deposit applications have method 'deposit' and a deposit_id; other payments (cash,
-- card, cheque, other) carry a reference. A void deletes the invoice's payments (they are kept
-- in the audit entry): the deposits are open again, and money taken by other methods becomes a
-- deposit of the customer for the order, so nothing received is lost.

ALTER TABLE invoices DROP CONSTRAINT invoices_order_unique;
ALTER TABLE invoices ADD COLUMN status VARCHAR DEFAULT 'posted';
ALTER TABLE invoices ALTER COLUMN status SET NOT NULL;
ALTER TABLE invoices ADD COLUMN order_status_before VARCHAR DEFAULT 'shipped';
ALTER TABLE invoices ADD COLUMN ebay_tax_memo NUMERIC(12,2) DEFAULT 0;
ALTER TABLE invoices ADD COLUMN shipping_basis VARCHAR DEFAULT 'order';
ALTER TABLE invoices ADD COLUMN voided_at TIMESTAMP;
ALTER TABLE invoices ADD COLUMN voided_by VARCHAR;
ALTER TABLE invoices ADD COLUMN void_reason VARCHAR;
UPDATE invoices SET ebay_tax_memo = o.ebay_tax_memo FROM orders o WHERE o.order_id = invoices.order_id;

ALTER TABLE invoice_lines ADD COLUMN order_line_no INTEGER;
UPDATE invoice_lines SET order_line_no = line_no;

ALTER TABLE invoice_payments ADD COLUMN reference VARCHAR;
ALTER TABLE invoice_payments ADD COLUMN created_by VARCHAR DEFAULT 'system';

-- Which carrier packages an invoice billed (their tracking numbers print on it; a package is
-- billed once, by the first posted invoice of its order after it shipped).
CREATE TABLE invoice_shipments (
    invoice_id   BIGINT NOT NULL,
    shipment_id  BIGINT NOT NULL,
    PRIMARY KEY (invoice_id, shipment_id)
);
INSERT INTO invoice_shipments
SELECT i.invoice_id, s.shipment_id FROM invoices i JOIN shipments s ON s.order_id = i.order_id
WHERE NOT s.void;

-- Money returned to the customer out of a deposit (open deposit = amount - applied - refunded).
CREATE SEQUENCE seq_refund_id START 1;
CREATE TABLE deposit_refunds (
    refund_id    BIGINT PRIMARY KEY DEFAULT nextval('seq_refund_id'),
    deposit_id   BIGINT NOT NULL,
    amount       NUMERIC(12,2) NOT NULL CHECK (amount > 0),
    refund_date  DATE NOT NULL,
    reference    VARCHAR,
    created_at   TIMESTAMP NOT NULL DEFAULT localtimestamp,
    created_by   VARCHAR NOT NULL
);

-- Shipping on the invoice, per order source: 'order' = the amount the buyer paid on the order
-- (eBay: paid at checkout); 'carrier' = the carrier's charge (published, else negotiated) of the
-- packages billed plus a handling markup (a fixed amount and a percent of the charge).
CREATE TABLE invoice_shipping_rules (
    source            VARCHAR PRIMARY KEY,
    basis             VARCHAR NOT NULL CHECK (basis IN ('order', 'carrier')),
    handling_fixed    NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (handling_fixed >= 0),
    handling_percent  NUMERIC(5,2) NOT NULL DEFAULT 0 CHECK (handling_percent >= 0),
    updated_at        TIMESTAMP NOT NULL DEFAULT localtimestamp,
    updated_by        VARCHAR NOT NULL DEFAULT 'system'
);
INSERT INTO invoice_shipping_rules (source, basis) VALUES
    ('ebay', 'order'), ('shop', 'order'), ('other', 'carrier');

-- The letterhead printed on invoices (one row).
CREATE TABLE invoice_letterhead (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    store_name  VARCHAR NOT NULL,
    address1    VARCHAR,
    address2    VARCHAR,
    city_line   VARCHAR,
    phone       VARCHAR,
    email       VARCHAR
);
INSERT INTO invoice_letterhead VALUES (1, 'Music Store', NULL, NULL, NULL, NULL, NULL);

-- What is left of each deposit: the one definition every report reads.
CREATE VIEW deposit_balances AS
SELECT d.deposit_id, d.customer_id, d.order_id, d.amount, d.method, d.reference,
       d.received_date,
       CAST(coalesce(a.applied, 0) AS NUMERIC(12,2)) AS applied,
       CAST(coalesce(r.refunded, 0) AS NUMERIC(12,2)) AS refunded,
       CAST(d.amount - coalesce(a.applied, 0) - coalesce(r.refunded, 0) AS NUMERIC(12,2)) AS open
FROM deposits d
LEFT JOIN (SELECT deposit_id, sum(amount) AS applied FROM invoice_payments
           WHERE deposit_id IS NOT NULL GROUP BY deposit_id) a ON a.deposit_id = d.deposit_id
LEFT JOIN (SELECT deposit_id, sum(amount) AS refunded FROM deposit_refunds
           GROUP BY deposit_id) r ON r.deposit_id = d.deposit_id;
