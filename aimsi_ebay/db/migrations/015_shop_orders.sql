-- 015: web-shop orders through the sales import (issue 17).
-- A seller account is of a kind: 'ebay' (every account so far) or 'shop' (a web shop whose order
-- exports are imported like eBay downloads: name, currency, default location as for eBay).
ALTER TABLE seller_accounts ADD COLUMN kind VARCHAR DEFAULT 'ebay';
UPDATE seller_accounts SET kind = 'ebay' WHERE kind IS NULL;
-- A shop's saved column maps (its export's headers -> our fields), by name per shop account; the
-- definition is the map's JSON, validated before it is saved.
CREATE TABLE shop_column_maps (
    account_id  BIGINT NOT NULL,
    name        VARCHAR NOT NULL,
    definition  VARCHAR NOT NULL,
    saved_by    VARCHAR,
    saved_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (account_id, name)
);
