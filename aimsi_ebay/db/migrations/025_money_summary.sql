-- 025: the money figures the writers keep for the reconciliation's deposits and payouts views
-- (issue 18's figure: every view over 1,000,000 orders <= 3x one scan), so each view reads one
-- table plus small lookups instead of aggregating every application, refund and eBay row.
-- Kept in the same write transaction as the rows they sum (ops/reconcile/money_summary.py, which
-- also rebuilds them: reconcile --rebuild-summary):
--   deposits.applied, refunded      Σ invoice_payments / Σ deposit_refunds of the deposit
--   invoices.paid, credited,        Σ its payments / Σ its credit notes / Σ the refunds paid out
--            refunded               against those credit notes (refunds with no deposit)
--   orders.deposit_total            Σ the order's deposits
--   orders.ebay_order_rows,         its matched Order rows in eBay's Transaction report: how
--         ebay_gross,               many, Σ gross (NULL when none has one), the first
--         ebay_first_date           creation date
--   payout_totals                   per payout, what its rows (other than the Payout row) paid,
--                                   by kind: distinct orders, sales, fees, refunds, labels,
--                                   other, Σ net, rows
--   fee_months                      per account and month, Σ gross of the Order rows (sales) and
--                                   Σ fees of the Order and Refund rows
--   payout_imports.row_count,       the rows an import added, their first and last creation
--         first_row, last_row       date (the days a report covers when it does not say)
ALTER TABLE deposits ADD COLUMN applied DECIMAL(12,2) DEFAULT 0;
ALTER TABLE deposits ADD COLUMN refunded DECIMAL(12,2) DEFAULT 0;
ALTER TABLE invoices ADD COLUMN paid DECIMAL(12,2) DEFAULT 0;
ALTER TABLE invoices ADD COLUMN credited DECIMAL(12,2) DEFAULT 0;
ALTER TABLE invoices ADD COLUMN refunded DECIMAL(12,2) DEFAULT 0;
ALTER TABLE orders ADD COLUMN deposit_total DECIMAL(12,2) DEFAULT 0;
ALTER TABLE orders ADD COLUMN ebay_order_rows INTEGER DEFAULT 0;
ALTER TABLE orders ADD COLUMN ebay_gross DECIMAL(12,2);
ALTER TABLE orders ADD COLUMN ebay_first_date DATE;
CREATE TABLE payout_totals (
    account_id  BIGINT NOT NULL,
    payout_id   VARCHAR NOT NULL,
    orders      BIGINT NOT NULL,
    sales       DECIMAL(16,2),
    fees        DECIMAL(16,2),
    refunds     DECIMAL(16,2),
    labels      DECIMAL(16,2),
    other       DECIMAL(16,2),
    rows_net    DECIMAL(16,2),
    row_count   BIGINT NOT NULL,
    PRIMARY KEY (account_id, payout_id)
);
CREATE TABLE fee_months (
    account_id  BIGINT NOT NULL,
    month       DATE NOT NULL,
    sales       DECIMAL(16,2),
    fees        DECIMAL(16,2),
    PRIMARY KEY (account_id, month)
);
ALTER TABLE payout_imports ADD COLUMN row_count BIGINT DEFAULT 0;
ALTER TABLE payout_imports ADD COLUMN first_row DATE;
ALTER TABLE payout_imports ADD COLUMN last_row DATE;

UPDATE deposits SET applied = a.applied FROM (SELECT deposit_id, sum(amount) AS applied
    FROM invoice_payments WHERE deposit_id IS NOT NULL GROUP BY deposit_id) a
WHERE a.deposit_id = deposits.deposit_id;
UPDATE deposits SET refunded = r.refunded FROM (SELECT deposit_id, sum(amount) AS refunded
    FROM deposit_refunds WHERE deposit_id IS NOT NULL GROUP BY deposit_id) r
WHERE r.deposit_id = deposits.deposit_id;
UPDATE invoices SET paid = p.paid FROM (SELECT invoice_id, sum(amount) AS paid
    FROM invoice_payments GROUP BY invoice_id) p
WHERE p.invoice_id = invoices.invoice_id;
UPDATE invoices SET credited = c.credited, refunded = coalesce(c.refunded, 0)
FROM (SELECT c.invoice_id, sum(c.amount) AS credited, sum(r.amount) AS refunded
      FROM credit_notes c LEFT JOIN deposit_refunds r
          ON r.refund_id = c.refund_id AND r.deposit_id IS NULL
      GROUP BY c.invoice_id) c
WHERE c.invoice_id = invoices.invoice_id;
UPDATE orders SET deposit_total = d.total FROM (SELECT order_id, sum(amount) AS total
    FROM deposits WHERE order_id IS NOT NULL GROUP BY order_id) d
WHERE d.order_id = orders.order_id;
UPDATE orders SET ebay_order_rows = e.n, ebay_gross = e.gross, ebay_first_date = e.first_date
FROM (SELECT order_id, count(*) AS n, sum(gross_amount) AS gross, min(creation_date) AS first_date
      FROM ebay_transactions WHERE lower(type) = 'order' AND order_id IS NOT NULL
      GROUP BY order_id) e
WHERE e.order_id = orders.order_id;
INSERT INTO payout_totals (account_id, payout_id, orders, sales, fees, refunds, labels, other,
    rows_net, row_count)
SELECT account_id, payout_id,
    count(DISTINCT order_number) FILTER (WHERE lower(type) = 'order'),
    sum(gross_amount) FILTER (WHERE lower(type) = 'order'), sum(fees),
    sum(net_amount) FILTER (WHERE lower(type) = 'refund'),
    sum(net_amount) FILTER (WHERE lower(type) = 'shipping label'),
    sum(net_amount) FILTER (WHERE lower(type) NOT IN ('order', 'refund', 'shipping label')),
    sum(net_amount), count(*)
FROM ebay_transactions WHERE lower(type) <> 'payout' AND payout_id IS NOT NULL
GROUP BY account_id, payout_id;
INSERT INTO fee_months (account_id, month, sales, fees)
SELECT account_id, CAST(date_trunc('month', creation_date) AS DATE),
    sum(gross_amount) FILTER (WHERE lower(type) = 'order'), sum(fees)
FROM ebay_transactions WHERE creation_date IS NOT NULL AND lower(type) IN ('order', 'refund')
GROUP BY account_id, CAST(date_trunc('month', creation_date) AS DATE);
UPDATE payout_imports SET row_count = r.n, first_row = r.first_row, last_row = r.last_row
FROM (SELECT import_id, count(*) AS n, min(creation_date) AS first_row,
             max(creation_date) AS last_row
      FROM ebay_transactions GROUP BY import_id) r
WHERE r.import_id = payout_imports.import_id;
