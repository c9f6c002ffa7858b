-- 004, PostgreSQL twin of 004_sales_import.sql: every parsed value of a staged sale in columns,
-- and the sale's lines beside it.

ALTER TABLE staged_sales ADD COLUMN row_number INTEGER;
ALTER TABLE staged_sales ADD COLUMN user_id_norm VARCHAR;
ALTER TABLE staged_sales ADD COLUMN email_norm VARCHAR;
ALTER TABLE staged_sales ADD COLUMN phone_norm VARCHAR;
ALTER TABLE staged_sales ADD COLUMN buyer_address1 VARCHAR;
ALTER TABLE staged_sales ADD COLUMN buyer_address2 VARCHAR;
ALTER TABLE staged_sales ADD COLUMN buyer_city VARCHAR;
ALTER TABLE staged_sales ADD COLUMN buyer_state VARCHAR;
ALTER TABLE staged_sales ADD COLUMN buyer_postal_code VARCHAR;
ALTER TABLE staged_sales ADD COLUMN buyer_country VARCHAR;
ALTER TABLE staged_sales ADD COLUMN buyer_address_key VARCHAR;
ALTER TABLE staged_sales ADD COLUMN ship_name VARCHAR;
ALTER TABLE staged_sales ADD COLUMN ship_phone VARCHAR;
ALTER TABLE staged_sales ADD COLUMN ship_address1 VARCHAR;
ALTER TABLE staged_sales ADD COLUMN ship_address2 VARCHAR;
ALTER TABLE staged_sales ADD COLUMN ship_city VARCHAR;
ALTER TABLE staged_sales ADD COLUMN ship_state VARCHAR;
ALTER TABLE staged_sales ADD COLUMN ship_postal_code VARCHAR;
ALTER TABLE staged_sales ADD COLUMN ship_country VARCHAR;
ALTER TABLE staged_sales ADD COLUMN ship_address_key VARCHAR;
ALTER TABLE staged_sales ADD COLUMN order_date DATE;
ALTER TABLE staged_sales ADD COLUMN paid_date DATE;
ALTER TABLE staged_sales ADD COLUMN shipping_service VARCHAR;
ALTER TABLE staged_sales ADD COLUMN payment_method VARCHAR;
ALTER TABLE staged_sales ADD COLUMN payment_reference VARCHAR;
ALTER TABLE staged_sales ADD COLUMN merchandise NUMERIC(12,2);
ALTER TABLE staged_sales ADD COLUMN shipping NUMERIC(12,2);
ALTER TABLE staged_sales ADD COLUMN seller_tax NUMERIC(12,2);
ALTER TABLE staged_sales ADD COLUMN ebay_tax NUMERIC(12,2);
ALTER TABLE staged_sales ADD COLUMN ebay_charges NUMERIC(12,2);
ALTER TABLE staged_sales ADD COLUMN deposit_amount NUMERIC(12,2);
ALTER TABLE staged_sales ADD COLUMN review_reason VARCHAR;
CREATE INDEX staged_sales_key ON staged_sales (account_id, sale_key);

CREATE TABLE staged_sale_lines (
    staged_sale_id       BIGINT NOT NULL,
    line_no              INTEGER NOT NULL,
    row_number           INTEGER,
    sku                  VARCHAR,
    ebay_item_id         VARCHAR,
    ebay_transaction_id  VARCHAR,
    title                VARCHAR NOT NULL,
    quantity             INTEGER NOT NULL,
    unit_price           NUMERIC(12,2) NOT NULL,
    amount               NUMERIC(12,2) NOT NULL,
    variation            VARCHAR,
    PRIMARY KEY (staged_sale_id, line_no)
);
