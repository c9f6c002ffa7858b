-- 015, PostgreSQL twin of 015_shop_orders.sql: web-shop orders through the sales import
-- (issue 17). A seller account is of a kind ('ebay' or 'shop'); a shop's saved column maps.
ALTER TABLE seller_accounts ADD COLUMN kind VARCHAR DEFAULT 'ebay';
UPDATE seller_accounts SET kind = 'ebay' WHERE kind IS NULL;
CREATE TABLE shop_column_maps (
    account_id  BIGINT NOT NULL,
    name        VARCHAR NOT NULL,
    definition  VARCHAR NOT NULL,
    saved_by    VARCHAR,
    saved_at    TIMESTAMP NOT NULL DEFAULT localtimestamp,
    PRIMARY KEY (account_id, name)
);
