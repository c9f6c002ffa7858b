-- Settle the orders whose packages changed: the shipping cost is the sum of the live packages'
-- charges (negotiated, else published); an order whose every line is covered by a live package is
-- shipped, one with packages but lines left is partly shipped (status picked), and a shipped order
-- that lost its packages to a void goes back to picked.
-- A package with no rows in shipment_lines carried every line of its order (the usual case, so
-- an order with packages is taken as complete and only orders with marked lines are counted).
-- order_state holds each settled order's status before, packages, cost and completeness, summed
-- from shipments, for the orders listed in touched_orders; a carrier import settles with them
-- the orders new to shipping it added packages to (results.sql's fresh_state: their figures are
-- those of their rows in the file, no scan of shipments; they are complete, since a package
-- added now carries no marked lines).

CREATE OR REPLACE TEMP TABLE order_state AS
WITH costs AS (
    SELECT order_id, count(*) AS packages,
           sum(coalesce(negotiated_charge, carrier_charge, 0)) AS cost, max(ship_date) AS shipped,
           -- the figures the reconciliation's shipping view reads from orders (migration 024;
           -- ops/reconcile/ship_summary.py recomputes them the same way): priced packages, the
           -- carriers' charges and those of labels bought on eBay (carrier 'ebay'), the service
           count(coalesce(negotiated_charge, carrier_charge)) AS priced,
           CAST(sum(coalesce(negotiated_charge, carrier_charge)) FILTER (WHERE carrier <> 'ebay')
                AS DECIMAL(16,2)) AS carrier_cost,
           CAST(sum(coalesce(negotiated_charge, carrier_charge)) FILTER (WHERE carrier = 'ebay')
                AS DECIMAL(16,2)) AS label_cost,
           min(service) AS service
    FROM shipments WHERE order_id IN (SELECT order_id FROM touched_orders)
    GROUP BY order_id
)
SELECT t.order_id, o.status AS status_before, coalesce(c.packages, 0) AS packages, c.cost,
       c.shipped, coalesce(c.packages, 0) > 0 AS complete, coalesce(c.priced, 0) AS priced,
       c.carrier_cost, c.label_cost, c.service
FROM touched_orders t
JOIN orders o ON o.order_id = t.order_id
LEFT JOIN costs c ON c.order_id = t.order_id;

-- counted: the orders whose every live package has marked lines are complete only when every
-- line is covered by one of them (an order without lines stays complete)
-- only when: marked_lines
UPDATE order_state SET complete = (v.covered = v.lines)
FROM (
    WITH live AS (
        SELECT order_id, tracking_number FROM shipments
        WHERE order_id IN (SELECT order_id FROM order_state)
    ),
    partial AS (
        SELECT order_id FROM live
        EXCEPT
        SELECT order_id FROM live
        WHERE tracking_number NOT IN (SELECT tracking_number FROM shipment_lines)
    )
    SELECT l.order_id, count(*) AS lines,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM shipment_lines sl
                                          JOIN live p ON p.tracking_number = sl.tracking_number
                                          WHERE sl.order_id = l.order_id
                                            AND sl.line_no = l.line_no)) AS covered
    FROM order_lines l
    WHERE l.order_id IN (SELECT order_id FROM partial)
    GROUP BY l.order_id
) v
WHERE v.order_id = order_state.order_id;

CREATE OR REPLACE TEMP VIEW settled AS SELECT * FROM order_state;
-- only when: fresh
CREATE OR REPLACE TEMP VIEW settled AS SELECT * FROM order_state UNION ALL SELECT * FROM fresh_state;

UPDATE orders SET
    shipping_cost = s.cost,
    live_shipments = s.packages, priced_shipments = s.priced, carrier_cost = s.carrier_cost,
    label_cost = s.label_cost, shipment_service = s.service,
    shipped_date = CASE WHEN s.complete THEN coalesce(s.shipped, orders.shipped_date, current_date)
                        WHEN orders.status = 'invoiced' THEN orders.shipped_date END,
    status = CASE WHEN orders.status NOT IN ('open', 'picked', 'shipped') THEN orders.status
                  WHEN s.complete THEN 'shipped'
                  WHEN s.packages > 0 OR orders.status = 'shipped' THEN 'picked'
                  ELSE orders.status END
FROM settled s
WHERE s.order_id = orders.order_id;
