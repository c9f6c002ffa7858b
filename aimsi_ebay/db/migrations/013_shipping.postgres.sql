-- 013, PostgreSQL twin of 013_shipping.sql: shipping (issue 15). Orders go to UPS WorldShip / FedEx Ship Manager by order number;
-- tracking numbers, charges and voids come back; eBay gets the tracking file.

-- What one unit of a SKU weighs packed, in pounds. A SKU without a row (or with NULL) has no
-- known weight: the lookup file lists it, never guesses it. (A table of its own rather than a
-- column of skus: code elsewhere inserts into skus by position.)
CREATE TABLE sku_weights (
    sku         VARCHAR PRIMARY KEY,
    weight_lbs  NUMERIC(10,3)
);

-- The carrier's cost of an order: the sum of its live packages' charges (negotiated, else
-- published), kept by ops/shipping whenever packages come or go; and the day it was shipped.
ALTER TABLE orders ADD COLUMN shipping_cost NUMERIC(12,2);
ALTER TABLE orders ADD COLUMN shipped_date DATE;

-- shipments holds the LIVE packages only (a voided package moves to shipment_voids), so a
-- tracking number is UNIQUE here: never on two orders (eBay refuses that too).
-- carrier_charge is the published (list) charge; negotiated_charge what the store pays.
ALTER TABLE shipments ADD COLUMN import_id BIGINT;
ALTER TABLE shipments ADD COLUMN source_file VARCHAR;
ALTER TABLE shipments ADD COLUMN source_row INTEGER;
ALTER TABLE shipments ADD COLUMN ebay_uploaded_at TIMESTAMP;
ALTER TABLE shipments ADD COLUMN ebay_upload_file VARCHAR;
DELETE FROM shipments WHERE void;  -- none written before 013; kept out of the unique index
CREATE UNIQUE INDEX shipments_tracking ON shipments (tracking_number);
-- Orders shipped before 013 (demo data) count as already reported to eBay.
UPDATE shipments SET ebay_uploaded_at = imported_at;
UPDATE orders SET shipping_cost = c.cost, shipped_date = c.shipped
FROM (SELECT order_id, sum(coalesce(negotiated_charge, carrier_charge, 0)) AS cost,
             max(ship_date) AS shipped
      FROM shipments GROUP BY order_id) c
WHERE c.order_id = orders.order_id;

-- Voided packages: a tracking number here never comes back to life (WorldShip exports a voided
-- package again at end of day; re-reading an older file must not revive it).
CREATE TABLE shipment_voids (
    tracking_number    VARCHAR PRIMARY KEY,
    order_id           BIGINT,
    carrier            VARCHAR NOT NULL,
    service            VARCHAR,
    carrier_charge     NUMERIC(12,2),
    negotiated_charge  NUMERIC(12,2),
    import_id          BIGINT,
    source_file        VARCHAR,
    source_row         INTEGER,
    voided_at          TIMESTAMP NOT NULL DEFAULT localtimestamp
);

-- Which order lines a package carried, when the operator said so. A package without rows here
-- carried every line of its order (the default).
CREATE TABLE shipment_lines (
    tracking_number  VARCHAR NOT NULL,
    order_id         BIGINT NOT NULL,
    line_no          INTEGER NOT NULL,
    PRIMARY KEY (tracking_number, line_no)
);

-- One row per carrier file imported (the same file twice is recognised by its sha256).
CREATE SEQUENCE seq_shipping_import_id START 1;
CREATE TABLE shipping_imports (
    import_id      BIGINT PRIMARY KEY DEFAULT nextval('seq_shipping_import_id'),
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    carrier        VARCHAR NOT NULL,
    column_map     VARCHAR,
    packages_added INTEGER NOT NULL DEFAULT 0,
    voided         INTEGER NOT NULL DEFAULT 0,
    unchanged      INTEGER NOT NULL DEFAULT 0,
    rejected       INTEGER NOT NULL DEFAULT 0,
    failures       INTEGER NOT NULL DEFAULT 0,
    imported_at    TIMESTAMP NOT NULL DEFAULT localtimestamp,
    imported_by    VARCHAR NOT NULL
);

-- Rows of a carrier file that were not imported (unknown or cancelled order, malformed charge,
-- tracking number already on another order) and shipments the carrier software refused.
CREATE TABLE shipping_import_problems (
    import_id  BIGINT NOT NULL,
    row_number INTEGER NOT NULL,
    field      VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL DEFAULT 'rejected'  -- rejected | failed (the carrier refused)
);

-- eBay's shipping service → the carrier's service code; editable. A service not listed falls
-- back to the carrier's default (shipping_settings '<carrier>.default_service') and is listed.
CREATE TABLE carrier_services (
    carrier       VARCHAR NOT NULL CHECK (carrier IN ('ups', 'fedex')),
    ebay_service  VARCHAR NOT NULL,
    service_code  VARCHAR NOT NULL,
    PRIMARY KEY (carrier, ebay_service)
);
INSERT INTO carrier_services VALUES
    ('ups', 'UPS Ground', 'GND'),
    ('ups', 'UPS 3 Day Select', '3DS'),
    ('ups', 'UPS 2nd Day Air', '2DA'),
    ('ups', 'UPS Next Day Air', '1DA'),
    ('ups', 'UPS Next Day Air Saver', '1DP'),
    ('ups', 'UPS Worldwide Saver', 'SV'),
    ('ups', 'UPS Worldwide Expedited', 'EP'),
    ('ups', 'UPS Standard', 'ST'),
    ('fedex', 'FedEx Ground', '92'),
    ('fedex', 'FedEx Home Delivery', '90'),
    ('fedex', 'FedEx Express Saver', '20'),
    ('fedex', 'FedEx 2Day', '03'),
    ('fedex', 'FedEx Standard Overnight', '05'),
    ('fedex', 'FedEx Priority Overnight', '01');

-- Column maps for post-ship CSV exports (a ColumnMap as JSON); the built-in ups-default and
-- fedex-default apply unless a stored map of the same name replaces them.
CREATE TABLE carrier_column_maps (
    name        VARCHAR PRIMARY KEY,
    carrier     VARCHAR NOT NULL,
    spec        VARCHAR NOT NULL,
    updated_at  TIMESTAMP NOT NULL DEFAULT localtimestamp,
    updated_by  VARCHAR NOT NULL
);

-- Shipping settings: lookup_folder (the keyed-import files), auto_import_folder (WorldShip's XML
-- auto-import folder), watch_folder (carrier results to import), <carrier>.default_service.
CREATE TABLE shipping_settings (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);
INSERT INTO shipping_settings VALUES ('ups.default_service', 'GND'),
                                     ('fedex.default_service', '92');
