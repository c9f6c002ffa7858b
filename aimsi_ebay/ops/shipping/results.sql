-- Carrier results → shipments, set-based. Each statement is one stage; they run in order inside
-- the import's one write transaction. Inputs: the registered Arrow table file_packages (the
-- reader's packages) and the parameters $import_id, $file. The big tables (orders, shipments,
-- shipment_voids) are read ONCE, by looked_up; every later stage reads the file's own rows.
-- Stages marked "-- only when: NAME" run only when results.py finds NAME true (voids of live
-- packages are rare; deleting nothing still scans shipments).

-- incoming: the file's packages (the readers trim every value; seq numbers them in file order)
CREATE OR REPLACE TEMP VIEW incoming AS
SELECT seq, coalesce(order_reference, '') AS order_reference, carrier,
       nullif(service, '') AS service, tracking_number, published_charge, negotiated_charge,
       CAST(round(weight, 2) AS DECIMAL(10,2)) AS weight, ship_date, void,
       CAST(source_row AS INTEGER) AS source_row
FROM file_packages
WHERE coalesce(tracking_number, '') <> '';

-- looked_up: every row with its order, the live package under its tracking number (as it was
-- before this file) and whether the number was voided before
CREATE OR REPLACE TEMP TABLE looked_up AS
SELECT i.*, o.order_id, o.status AS order_status,
       s.order_id AS live_order_id, s.carrier AS live_carrier, s.service AS live_service,
       s.carrier_charge AS live_charge, s.negotiated_charge AS live_negotiated,
       v.tracking_number IS NOT NULL AS voided_before
FROM incoming i
LEFT JOIN orders o ON o.order_number = i.order_reference
LEFT JOIN shipments s ON s.tracking_number = i.tracking_number
LEFT JOIN shipment_voids v ON v.tracking_number = i.tracking_number;

-- void_rows: the first void row of each tracking number
CREATE OR REPLACE TEMP TABLE void_rows AS
SELECT * FROM looked_up WHERE void
QUALIFY row_number() OVER (PARTITION BY tracking_number ORDER BY seq) = 1;

-- recorded: every new void, so the tracking number never comes back to life
INSERT INTO shipment_voids (tracking_number, order_id, carrier, service, carrier_charge,
                            negotiated_charge, import_id, source_file, source_row)
SELECT tracking_number, coalesce(live_order_id, order_id), coalesce(live_carrier, carrier),
       CASE WHEN live_order_id IS NOT NULL THEN live_service ELSE service END,
       CASE WHEN live_order_id IS NOT NULL THEN live_charge ELSE published_charge END,
       CASE WHEN live_order_id IS NOT NULL THEN live_negotiated ELSE negotiated_charge END,
       $import_id, $file, source_row
FROM void_rows
WHERE NOT voided_before;

-- removed: the live packages under a voided tracking number, and the lines they carried
-- only when: live_voids
DELETE FROM shipment_lines WHERE tracking_number IN (
    SELECT tracking_number FROM void_rows WHERE live_order_id IS NOT NULL);
-- only when: live_voids
DELETE FROM shipments WHERE tracking_number IN (
    SELECT tracking_number FROM void_rows WHERE live_order_id IS NOT NULL);

-- decided: what becomes of every other row (add, unchanged, or rejected with field and reason;
-- a number live on another order gets its reason in results.py, which looks that order up)
CREATE OR REPLACE TEMP TABLE decided AS
WITH first AS (
    SELECT l.* EXCLUDE (live_carrier, live_service, live_charge, live_negotiated),
           CASE WHEN voided_before OR tracking_number IN (SELECT tracking_number FROM void_rows)
                    THEN 'voided'
                WHEN order_reference = '' THEN 'rejected'
                WHEN order_id IS NULL THEN 'rejected'
                WHEN order_status = 'cancelled' THEN 'rejected'
                WHEN live_order_id = order_id THEN 'unchanged'
                WHEN live_order_id IS NOT NULL THEN 'rejected' END AS outcome
    FROM looked_up l
    WHERE NOT void
),
-- within the file: the first row of a tracking number wins; a repeat for the same order changes
-- nothing, one for another order is rejected (only the few repeated numbers are ranked)
repeated AS (
    SELECT tracking_number FROM first WHERE outcome IS NULL GROUP BY tracking_number
    HAVING count(*) > 1
),
ranked AS (
    SELECT *, row_number() OVER w AS nth, first_value(order_id) OVER w AS first_order_id,
           first_value(order_reference) OVER w AS first_order_number,
           first_value(source_row) OVER w AS first_row
    FROM first
    WHERE outcome IS NULL AND tracking_number IN (SELECT tracking_number FROM repeated)
    WINDOW w AS (PARTITION BY tracking_number ORDER BY seq)
)
SELECT * EXCLUDE (outcome), coalesce(outcome, 'add') AS outcome,
       CASE WHEN outcome = 'rejected' THEN
           CASE WHEN order_reference = '' OR order_id IS NULL OR order_status = 'cancelled'
                THEN 'order_reference' ELSE 'tracking_number' END END AS field,
       CASE WHEN outcome IS DISTINCT FROM 'rejected' THEN NULL
            WHEN order_reference = '' THEN 'blank: the order number is needed'
            WHEN order_id IS NULL THEN 'no order ' || order_reference
            WHEN order_status = 'cancelled' THEN 'order ' || order_reference || ' is cancelled'
            END AS reason
FROM first
WHERE outcome IS NOT NULL
   OR tracking_number NOT IN (SELECT tracking_number FROM repeated)
UNION ALL BY NAME
SELECT * EXCLUDE (outcome, nth, first_order_id, first_order_number, first_row),
       CASE WHEN nth = 1 THEN 'add' WHEN order_id = first_order_id THEN 'unchanged'
            ELSE 'rejected' END AS outcome,
       CASE WHEN nth > 1 AND order_id <> first_order_id THEN 'tracking_number' END AS field,
       CASE WHEN nth > 1 AND order_id <> first_order_id
            THEN tracking_number || ' is on order ' || first_order_number
                 || ' in row ' || first_row || ' of this file' END AS reason
FROM ranked;

-- added: the new live packages
INSERT INTO shipments (shipment_id, order_id, carrier, service, tracking_number, carrier_charge,
                       negotiated_charge, weight, ship_date, import_id, source_file, source_row)
SELECT {shipment_id}, order_id, carrier, service, tracking_number, published_charge,
       negotiated_charge, weight, ship_date, $import_id, $file, source_row
FROM decided
WHERE outcome = 'add';

-- touched: the orders whose packages changed
CREATE OR REPLACE TEMP TABLE touched_orders AS
SELECT order_id FROM decided WHERE outcome = 'add'
UNION SELECT live_order_id FROM void_rows WHERE live_order_id IS NOT NULL;
