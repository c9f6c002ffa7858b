-- The packages a carrier import adds, set-based, in its write transaction after results.sql:
-- file_added is the Arrow table of the file's rows decided 'add' (results.py takes them from
-- file_packages in file order, with their order's id and status: no join back to the file),
-- $import_id and $file the import's.

-- added: the rows as incoming (results.sql) shows them, with their order
CREATE OR REPLACE TEMP VIEW added AS
SELECT order_id, order_status, shared_order, carrier, nullif(service, '') AS service,
       tracking_number, published_charge, negotiated_charge,
       CAST(round(weight, 2) AS DECIMAL(10,2)) AS weight, ship_date,
       CAST(source_row AS INTEGER) AS source_row
FROM file_added;

-- the new live packages
INSERT INTO shipments (shipment_id, order_id, carrier, service, tracking_number, carrier_charge,
                       negotiated_charge, weight, ship_date, import_id, source_file, source_row)
SELECT {shipment_id}, order_id, carrier, service, tracking_number, published_charge,
       negotiated_charge, weight, ship_date, $import_id, $file, source_row
FROM added;

-- fresh_state: the settled figures (as order_state.sql's order_state) of the orders new to
-- shipping: every package such an order has is one of its rows added from this file. An order
-- whose number is on one package row has one package: no grouping (a hash aggregate over 100,000
-- orders cost more than the rest of this stage); a view, read once by the orders' UPDATE
CREATE OR REPLACE TEMP VIEW fresh_state AS
SELECT f.order_id, f.order_status AS status_before, 1 AS packages,
       coalesce(f.negotiated_charge, f.published_charge, 0) AS cost, f.ship_date AS shipped,
       TRUE AS complete,
       CAST(coalesce(f.negotiated_charge, f.published_charge) IS NOT NULL AS INTEGER) AS priced,
       CASE WHEN f.carrier <> 'ebay' THEN coalesce(f.negotiated_charge, f.published_charge)
            END AS carrier_cost,
       CASE WHEN f.carrier = 'ebay' THEN coalesce(f.negotiated_charge, f.published_charge)
            END AS label_cost,
       f.service
FROM added f
WHERE NOT f.shared_order AND f.order_id NOT IN (SELECT order_id FROM recount)
UNION ALL
SELECT f.order_id, any_value(f.order_status), count(*),
       sum(coalesce(f.negotiated_charge, f.published_charge, 0)), max(f.ship_date), TRUE,
       count(coalesce(f.negotiated_charge, f.published_charge)),
       CAST(sum(coalesce(f.negotiated_charge, f.published_charge))
            FILTER (WHERE f.carrier <> 'ebay') AS DECIMAL(16,2)),
       CAST(sum(coalesce(f.negotiated_charge, f.published_charge))
            FILTER (WHERE f.carrier = 'ebay') AS DECIMAL(16,2)),
       min(f.service)
FROM added f
WHERE f.shared_order AND f.order_id NOT IN (SELECT order_id FROM recount)
GROUP BY f.order_id;

-- touched_orders: the orders order_state.sql sums from their shipments
CREATE OR REPLACE TEMP TABLE touched_orders AS SELECT order_id FROM recount;
