-- 012, PostgreSQL twin of 012_dashboards_item_specifics_settings.sql: item specifics kept on the
-- eBay record (filled from the item and SKU for records that exist), and the store's settings.
ALTER TABLE ebay_records ADD COLUMN specific_brand VARCHAR;
ALTER TABLE ebay_records ADD COLUMN specific_model VARCHAR;
ALTER TABLE ebay_records ADD COLUMN specific_mpn VARCHAR;
ALTER TABLE ebay_records ADD COLUMN specific_colour VARCHAR;
ALTER TABLE ebay_records ADD COLUMN specific_upc VARCHAR;
UPDATE ebay_records SET
    specific_brand = nullif(trim(i.brand), ''),
    specific_model = nullif(trim(i.model), ''),
    specific_colour = nullif(trim(s.colour), ''),
    specific_upc = nullif(trim(s.upc), '')
FROM skus s JOIN items i ON i.item_id = s.item_id
WHERE s.sku = ebay_records.sku;

CREATE TABLE store_settings (
    name        VARCHAR PRIMARY KEY,
    value       VARCHAR NOT NULL,
    updated_at  TIMESTAMP NOT NULL DEFAULT localtimestamp,
    updated_by  VARCHAR NOT NULL DEFAULT 'system'
);
