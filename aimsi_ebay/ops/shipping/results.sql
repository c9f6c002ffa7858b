-- Carrier results → shipments, set-based. Each statement is one stage; they run in order inside
-- the import's one write transaction. Inputs: the registered Arrow tables file_packages (the
-- reader's packages that have a tracking number and are not voids) and file_voids (its void
-- rows), and the parameters $import_id, $file. Then added.sql puts in the packages decided here
-- (results.py hands it their rows), and order_state.sql settles the touched orders.
-- Stages marked "-- only when: NAME" run only when results.py finds NAME true (voids of live
-- packages are rare; deleting nothing still scans shipments).

-- incoming, voided: the file's packages and voids (the readers trim every value; seq numbers the
-- rows in file order; repeated marks a tracking number on more than one package row,
-- shared_order an order number)
CREATE OR REPLACE TEMP VIEW incoming AS
SELECT seq, coalesce(order_reference, '') AS order_reference, carrier,
       nullif(service, '') AS service, tracking_number, published_charge, negotiated_charge,
       CAST(round(weight, 2) AS DECIMAL(10,2)) AS weight, ship_date,
       CAST(source_row AS INTEGER) AS source_row, repeated, shared_order
FROM file_packages;
CREATE OR REPLACE TEMP VIEW voided AS
SELECT seq, coalesce(order_reference, '') AS order_reference, carrier,
       nullif(service, '') AS service, tracking_number, published_charge, negotiated_charge,
       CAST(source_row AS INTEGER) AS source_row
FROM file_voids;

-- void_rows: the first void row of each tracking number, with what was live under it (few rows)
CREATE OR REPLACE TEMP TABLE void_rows AS
SELECT f.*, s.order_id AS live_order_id, o.order_id AS file_order_id,
       v.tracking_number IS NOT NULL AS voided_before
FROM (SELECT * FROM voided QUALIFY row_number() OVER (
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

-- decided: what becomes of every other row: add, unchanged, voided, rejected (results.py words
-- the reasons for the rejected rows, read back with their file values), or NULL for a row whose
-- tracking number is on other rows of the file too: ranked next. Narrow (the file's values stay in
-- incoming): the big tables are joined on keys only, and a tracking number is kept only on the
-- few repeated rows.
CREATE OR REPLACE TEMP TABLE decided AS
WITH live AS (  -- narrowed to the file first: the store holds every package ever shipped
    SELECT tracking_number, order_id FROM shipments
    WHERE tracking_number IN (SELECT tracking_number FROM incoming)
)
SELECT i.seq, o.order_id, o.status AS order_status, s.order_id AS live_order_id, i.shared_order,
       CASE WHEN i.repeated THEN i.tracking_number END AS repeated_number,
       CASE WHEN v.tracking_number IS NOT NULL THEN 'voided'
            WHEN i.order_reference = '' OR o.order_id IS NULL OR o.status = 'cancelled'
                 OR s.order_id <> o.order_id THEN 'rejected'
            WHEN s.order_id = o.order_id THEN 'unchanged'
            WHEN NOT i.repeated THEN 'add' END AS outcome
FROM incoming i
LEFT JOIN orders o ON o.order_number = i.order_reference
LEFT JOIN live s ON s.tracking_number = i.tracking_number
LEFT JOIN shipment_voids v ON v.tracking_number = i.tracking_number;

-- ranked: within the file the first row of a tracking number wins; a repeat for the same order
-- changes nothing, one for another order is rejected
-- only when: repeated
UPDATE decided SET outcome = r.outcome
FROM (SELECT seq, CASE WHEN row_number() OVER w = 1 THEN 'add'
                       WHEN order_id = first_value(order_id) OVER w THEN 'unchanged'
                       ELSE 'rejected' END AS outcome
      FROM decided WHERE outcome IS NULL
      WINDOW w AS (PARTITION BY repeated_number ORDER BY seq)) r
WHERE r.seq = decided.seq;

-- recount: the orders whose figures are recomputed from their shipments (order_state.sql): those
-- that lose a package to a void and those that already have live packages (few; read before the
-- new packages go in). Every other touched order's figures are those of its packages in this file.
CREATE OR REPLACE TEMP TABLE recount AS
SELECT live_order_id AS order_id FROM void_rows WHERE live_order_id IS NOT NULL
UNION
SELECT order_id FROM shipments
WHERE order_id IN (SELECT order_id FROM decided WHERE outcome = 'add');
