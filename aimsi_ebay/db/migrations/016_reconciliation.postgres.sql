-- 016, PostgreSQL twin of 016_reconciliation.sql: reconciliation (issue 18). eBay's Transaction
-- report rows, the payouts they add up to, fees booked per order, refunds against deposits, and
-- credit notes against invoices.

CREATE SEQUENCE seq_payout_import_id START 1;
CREATE TABLE payout_imports (
    import_id       BIGINT PRIMARY KEY,
    account_id      BIGINT NOT NULL,
    file_name       VARCHAR NOT NULL,
    sha256          VARCHAR NOT NULL,
    seller          VARCHAR,
    start_date      DATE,
    end_date        DATE,
    rows_read       INTEGER NOT NULL DEFAULT 0,
    rows_new        INTEGER NOT NULL DEFAULT 0,
    rows_updated    INTEGER NOT NULL DEFAULT 0,
    rejected_count  INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL DEFAULT localtimestamp,
    created_by      VARCHAR NOT NULL
);

-- One row per money event, keyed per account by the reader's row key (stable across
-- re-downloads and overlapping date ranges). Amounts are signed as eBay shows them.
CREATE TABLE ebay_transactions (
    account_id             BIGINT NOT NULL,
    row_key                VARCHAR NOT NULL,
    import_id              BIGINT NOT NULL,
    row_number             INTEGER,
    type                   VARCHAR NOT NULL,
    known_type             BOOLEAN NOT NULL,
    creation_date          DATE,
    order_number           VARCHAR,
    item_id                VARCHAR,
    transaction_id         VARCHAR,
    reference_id           VARCHAR,
    description            VARCHAR,
    quantity               INTEGER,
    item_subtotal          NUMERIC(12,2),
    shipping_and_handling  NUMERIC(12,2),
    seller_collected_tax   NUMERIC(12,2),
    ebay_collected_tax     NUMERIC(12,2),
    fees                   NUMERIC(12,2) NOT NULL DEFAULT 0,
    gross_amount           NUMERIC(12,2),
    net_amount             NUMERIC(12,2),
    currency               VARCHAR,
    payout_id              VARCHAR,
    payout_date            DATE,
    payout_status          VARCHAR,
    order_id               BIGINT,
    PRIMARY KEY (account_id, row_key)
);
CREATE INDEX ebay_transactions_order ON ebay_transactions (order_id);

-- A Payout row: what reached the bank (positive; the report's net is its negation).
CREATE TABLE ebay_payouts (
    account_id   BIGINT NOT NULL,
    payout_id    VARCHAR NOT NULL,
    payout_date  DATE,
    amount       NUMERIC(12,2) NOT NULL,
    method       VARCHAR,
    status       VARCHAR,
    PRIMARY KEY (account_id, payout_id)
);

-- eBay's fees booked per order, one row per fee column of a transaction row (signed: a fee is
-- negative, a fee given back on a refund positive).
CREATE TABLE order_fees (
    account_id  BIGINT NOT NULL,
    row_key     VARCHAR NOT NULL,
    fee_name    VARCHAR NOT NULL,
    order_id    BIGINT,
    amount      NUMERIC(12,2) NOT NULL,
    PRIMARY KEY (account_id, row_key, fee_name)
);

-- Money given back to a buyer out of a deposit (the table is invoicing's, migration 014): from an
-- eBay Refund row (account + row_key, each booked once) or by hand.
ALTER TABLE deposit_refunds ALTER COLUMN deposit_id DROP NOT NULL;  -- a refund credited to an invoice
ALTER TABLE deposit_refunds ADD COLUMN order_id BIGINT;
ALTER TABLE deposit_refunds ADD COLUMN source VARCHAR DEFAULT 'manual';
ALTER TABLE deposit_refunds ADD COLUMN account_id BIGINT;
ALTER TABLE deposit_refunds ADD COLUMN row_key VARCHAR;
ALTER TABLE deposit_refunds ADD COLUMN reason VARCHAR;
ALTER TABLE deposit_refunds ADD COLUMN cancellation BOOLEAN DEFAULT FALSE;
UPDATE deposit_refunds SET order_id = d.order_id FROM deposits d
WHERE d.deposit_id = deposit_refunds.deposit_id;
CREATE UNIQUE INDEX deposit_refunds_row_key ON deposit_refunds (account_id, row_key);
CREATE INDEX deposit_refunds_deposit ON deposit_refunds (deposit_id);

-- A refund after invoicing credits the invoice; its lines go back on hand only when the
-- operator marks them received.
CREATE SEQUENCE seq_credit_note_id START 1;
CREATE SEQUENCE seq_credit_note_number START 700001;
CREATE TABLE credit_notes (
    credit_note_id      BIGINT PRIMARY KEY,
    credit_note_number  VARCHAR NOT NULL UNIQUE,
    invoice_id          BIGINT NOT NULL,
    order_id            BIGINT NOT NULL,
    refund_id           BIGINT UNIQUE,
    amount              NUMERIC(12,2) NOT NULL CHECK (amount > 0),
    note_date           DATE NOT NULL,
    reason              VARCHAR,
    received_at         TIMESTAMP,
    received_by         VARCHAR,
    created_at          TIMESTAMP NOT NULL DEFAULT localtimestamp,
    created_by          VARCHAR NOT NULL
);
CREATE TABLE credit_note_lines (
    credit_note_id  BIGINT NOT NULL,
    line_no         INTEGER NOT NULL,
    sku             VARCHAR,
    description     VARCHAR NOT NULL,
    quantity        INTEGER NOT NULL,
    amount          NUMERIC(12,2) NOT NULL,
    PRIMARY KEY (credit_note_id, line_no)
);
