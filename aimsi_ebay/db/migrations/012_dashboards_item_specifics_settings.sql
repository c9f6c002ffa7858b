-- 012: item specifics kept on the eBay record, and the store's settings.
--
-- Item specifics: most instrument categories require Brand and want Model/MPN, Colour and UPC.
-- They live on the record (the operator may correct them; the version covers them), filled from
-- the item and SKU when the record is made; records that exist already take them now.
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

-- Store settings: one row per named setting, text valued (rules read them by name).
CREATE TABLE store_settings (
    name        VARCHAR PRIMARY KEY,
    value       VARCHAR NOT NULL,
    updated_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by  VARCHAR NOT NULL DEFAULT 'system'
);
