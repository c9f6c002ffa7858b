-- Settle the orders listed in touched_orders after their packages changed: the shipping cost is
-- the sum of the live packages' charges (negotiated, else published); an order whose every line
-- is covered by a live package is shipped, one with packages but lines left is partly shipped
-- (status picked), and a shipped order that lost its packages to a void goes back to picked.
-- A package with no rows in shipment_lines carried every line of its order.

CREATE OR REPLACE TEMP TABLE order_state AS
WITH live AS (
    SELECT order_id, tracking_number, coalesce(negotiated_charge, carrier_charge, 0) AS cost,
           ship_date
    FROM shipments WHERE order_id IN (SELECT order_id FROM touched_orders)
),
marked AS (
    SELECT DISTINCT tracking_number FROM shipment_lines
    WHERE order_id IN (SELECT order_id FROM touched_orders)
),
-- whole: orders with at least one package that carried everything
whole AS (
    SELECT DISTINCT order_id FROM live
    WHERE tracking_number NOT IN (SELECT tracking_number FROM marked)
),
lines AS (
    SELECT order_id, line_no FROM order_lines
    WHERE order_id IN (SELECT order_id FROM touched_orders)
),
covered AS (
    SELECT l.order_id, count(*) AS lines,
           count(*) FILTER (WHERE l.order_id IN (SELECT order_id FROM whole)
                            OR EXISTS (SELECT 1 FROM shipment_lines sl
                                       JOIN live p ON p.tracking_number = sl.tracking_number
                                       WHERE sl.order_id = l.order_id
                                         AND sl.line_no = l.line_no)) AS covered
    FROM lines l GROUP BY l.order_id
),
costs AS (
    SELECT order_id, count(*) AS packages, sum(cost) AS cost, max(ship_date) AS shipped
    FROM live GROUP BY order_id
)
SELECT t.order_id, coalesce(c.packages, 0) AS packages, c.cost, c.shipped,
       coalesce(c.packages, 0) > 0 AND coalesce(v.covered, 0) = coalesce(v.lines, 0) AS complete
FROM touched_orders t
LEFT JOIN costs c ON c.order_id = t.order_id
LEFT JOIN covered v ON v.order_id = t.order_id;

UPDATE orders SET
    shipping_cost = s.cost,
    shipped_date = CASE WHEN s.complete THEN coalesce(s.shipped, orders.shipped_date, current_date)
                        WHEN orders.status = 'invoiced' THEN orders.shipped_date END,
    status = CASE WHEN orders.status NOT IN ('open', 'picked', 'shipped') THEN orders.status
                  WHEN s.complete THEN 'shipped'
                  WHEN s.packages > 0 OR orders.status = 'shipped' THEN 'picked'
                  ELSE orders.status END
FROM order_state s
WHERE s.order_id = orders.order_id;
