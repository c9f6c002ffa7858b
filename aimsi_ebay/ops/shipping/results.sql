-- Carrier results → shipments, set-based. Each statement is one stage; they run in order inside
-- the import's one write transaction. Inputs: the registered Arrow table file_packages (the
-- reader's packages) and the parameters $import_id, $file.
-- Stages marked "-- only when: NAME" run only when results.py finds NAME true (voids of live
-- packages are rare; deleting nothing still scans shipments).

-- incoming: the file's packages (the readers trim every value; seq numbers them in file order;
-- repeated marks a tracking number on more than one row)
CREATE OR REPLACE TEMP VIEW incoming AS
SELECT seq, coalesce(order_reference, '') AS order_reference, carrier,
       nullif(service, '') AS service, tracking_number, published_charge, negotiated_charge,
       CAST(round(weight, 2) AS DECIMAL(10,2)) AS weight, ship_date, void,
       CAST(source_row AS INTEGER) AS source_row, repeated
FROM file_packages
WHERE coalesce(tracking_number, '') <> '';

-- void_rows: the first void row of each tracking number, with what was live under it (few rows)
CREATE OR REPLACE TEMP TABLE void_rows AS
SELECT f.*, s.order_id AS live_order_id, o.order_id AS file_order_id,
       v.tracking_number IS NOT NULL AS voided_before
FROM (SELECT * FROM incoming WHERE void QUALIFY row_number() OVER (
          PARTITION BY tracking_number ORDER BY seq) = 1) f
LEFT JOIN shipments s ON s.tracking_number = f.tracking_number
LEFT JOIN orders o ON o.order_number = f.order_reference
LEFT JOIN shipment_voids v ON v.tracking_number = f.tracking_number;

-- recorded: every new void, so the tracking number never comes back to life
INSERT INTO shipment_voids (tracking_number, order_id, carrier, service, carrier_charge,
                            negotiated_charge, import_id, source_file, source_row)
SELECT f.tracking_number, coalesce(f.live_order_id, f.file_order_id),
       coalesce(s.carrier, f.carrier), coalesce(s.service, f.service),
       coalesce(s.carrier_charge, f.published_charge),
       coalesce(s.negotiated_charge, f.negotiated_charge), $import_id, $file, f.source_row
FROM void_rows f
LEFT JOIN shipments s ON s.tracking_number = f.tracking_number
WHERE NOT f.voided_before;

-- removed: the live packages under a voided tracking number, and the lines they carried
-- only when: live_voids
DELETE FROM shipment_lines WHERE tracking_number IN (
    SELECT tracking_number FROM void_rows WHERE live_order_id IS NOT NULL);
-- only when: live_voids
DELETE FROM shipments WHERE tracking_number IN (
    SELECT tracking_number FROM void_rows WHERE live_order_id IS NOT NULL);

-- decided: what becomes of every other row (add, unchanged, or rejected with field and reason;
-- a number live on another order gets its reason in results.py, which looks that order up).
-- Narrow (the file's values stay in incoming): the big tables are joined on keys only.
CREATE OR REPLACE TEMP TABLE decided AS
WITH live AS (  -- narrowed to the file first: the store holds every package ever shipped
    SELECT tracking_number, order_id FROM shipments
    WHERE tracking_number IN (SELECT tracking_number FROM incoming WHERE NOT void)
),
first AS (
    SELECT i.seq, i.order_reference, i.tracking_number, i.source_row, i.repeated, o.order_id,
           o.status AS order_status, s.order_id AS live_order_id,
           CASE WHEN v.tracking_number IS NOT NULL THEN 'voided'
                WHEN i.order_reference = '' THEN 'rejected'
                WHEN o.order_id IS NULL THEN 'rejected'
                WHEN o.status = 'cancelled' THEN 'rejected'
                WHEN s.order_id = o.order_id THEN 'unchanged'
                WHEN s.order_id IS NOT NULL THEN 'rejected' END AS outcome
    FROM incoming i
    LEFT JOIN orders o ON o.order_number = i.order_reference
    LEFT JOIN live s ON s.tracking_number = i.tracking_number
    LEFT JOIN shipment_voids v ON v.tracking_number = i.tracking_number
    WHERE NOT i.void
),
-- within the file: the first row of a tracking number wins; a repeat for the same order changes
-- nothing, one for another order is rejected (only the few repeated numbers are ranked)
ranked AS (
    SELECT *, row_number() OVER w AS nth, first_value(order_id) OVER w AS first_order_id,
           first_value(order_reference) OVER w AS first_order_number,
           first_value(source_row) OVER w AS first_row
    FROM first
    WHERE outcome IS NULL AND repeated
    WINDOW w AS (PARTITION BY tracking_number ORDER BY seq)
)
SELECT seq, order_id, tracking_number, source_row, live_order_id,
       coalesce(outcome, 'add') AS outcome,
       CASE WHEN outcome = 'rejected' THEN
           CASE WHEN order_reference = '' OR order_id IS NULL OR order_status = 'cancelled'
                THEN 'order_reference' ELSE 'tracking_number' END END AS field,
       CASE WHEN outcome IS DISTINCT FROM 'rejected' THEN NULL
            WHEN order_reference = '' THEN 'blank: the order number is needed'
            WHEN order_id IS NULL THEN 'no order ' || order_reference
            WHEN order_status = 'cancelled' THEN 'order ' || order_reference || ' is cancelled'
            END AS reason
FROM first
WHERE outcome IS NOT NULL OR NOT repeated
UNION ALL
SELECT seq, order_id, tracking_number, source_row, live_order_id,
       CASE WHEN nth = 1 THEN 'add' WHEN order_id = first_order_id THEN 'unchanged'
            ELSE 'rejected' END,
       CASE WHEN nth > 1 AND order_id <> first_order_id THEN 'tracking_number' END,
       CASE WHEN nth > 1 AND order_id <> first_order_id
            THEN tracking_number || ' is on order ' || first_order_number
                 || ' in row ' || first_row || ' of this file' END
FROM ranked;

-- added: the new live packages
INSERT INTO shipments (shipment_id, order_id, carrier, service, tracking_number, carrier_charge,
                       negotiated_charge, weight, ship_date, import_id, source_file, source_row)
SELECT {shipment_id}, d.order_id, f.carrier, f.service, f.tracking_number, f.published_charge,
       f.negotiated_charge, f.weight, f.ship_date, $import_id, $file, f.source_row
FROM decided d JOIN incoming f ON f.seq = d.seq
WHERE d.outcome = 'add';

-- touched: the orders whose packages changed
CREATE OR REPLACE TEMP TABLE touched_orders AS
SELECT order_id FROM decided WHERE outcome = 'add'
UNION SELECT live_order_id FROM void_rows WHERE live_order_id IS NOT NULL;
