-- PostgreSQL only: what UPS WorldShip's and FedEx Ship Manager's keyed import read over ODBC,
-- and the table they write results back into (issue 19, "Carriers over ODBC", as AIMsi did it).
-- In a schema of its own, so the store's schema (public) stays the same as the DuckDB file's.
-- Re-created after every migration (db/__init__.py): the views name columns of public tables.
CREATE SCHEMA IF NOT EXISTS carriers;

-- One row per order waiting to ship, keyed by the order number the clerk types or scans: the
-- ship-to (the order's own, else the customer's address), phone, e-mail and the eBay service.
CREATE OR REPLACE VIEW carriers.worldship_orders AS
SELECT o.order_number,
       coalesce(s.name, c.name, '') AS ship_to_name,
       coalesce(CASE WHEN s.ship_to_id IS NULL THEN c.company END, '') AS company,
       coalesce(CASE WHEN s.ship_to_id IS NULL THEN c.address1 ELSE s.address1 END, '')
           AS address1,
       coalesce(CASE WHEN s.ship_to_id IS NULL THEN c.address2 ELSE s.address2 END, '')
           AS address2,
       coalesce(CASE WHEN s.ship_to_id IS NULL THEN c.city ELSE s.city END, '') AS city,
       coalesce(CASE WHEN s.ship_to_id IS NULL THEN c.state ELSE s.state END, '') AS state,
       coalesce(CASE WHEN s.ship_to_id IS NULL THEN c.postal_code ELSE s.postal_code END, '')
           AS postal_code,
       coalesce(CASE WHEN s.ship_to_id IS NULL THEN c.country ELSE s.country END, '') AS country,
       coalesce(s.phone, c.phone, '') AS phone,
       coalesce(c.email, '') AS email,
       coalesce(o.shipping_service, '') AS service
FROM orders o
JOIN customers c ON c.customer_id = o.customer_id
LEFT JOIN ship_to_addresses s ON s.ship_to_id = o.ship_to_id
WHERE o.status IN ('open', 'picked') AND NOT coalesce(o.awaiting_payment, FALSE);

CREATE OR REPLACE VIEW carriers.fedex_orders AS SELECT * FROM carriers.worldship_orders;

-- The carrier software inserts here (its role may only insert: see the README);
-- ops/carriers_odbc.apply_writebacks applies the rows by the carrier file import's rules, then
-- marks them.
CREATE TABLE IF NOT EXISTS carriers.writeback (
    writeback_id       BIGSERIAL PRIMARY KEY,
    carrier            VARCHAR NOT NULL CHECK (carrier IN ('ups', 'fedex')),
    order_number       VARCHAR NOT NULL,
    tracking_number    VARCHAR NOT NULL,
    published_charge   NUMERIC(12,2),
    negotiated_charge  NUMERIC(12,2),
    service            VARCHAR,
    ship_date          DATE,
    weight             NUMERIC(10,2),
    void               BOOLEAN NOT NULL DEFAULT FALSE,
    written_at         TIMESTAMP NOT NULL DEFAULT localtimestamp,
    applied_at         TIMESTAMP,
    outcome            VARCHAR
);
CREATE INDEX IF NOT EXISTS writeback_pending ON carriers.writeback (writeback_id)
    WHERE applied_at IS NULL;
