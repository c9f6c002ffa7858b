-- 024: each order carries the figures of its live shipments that the reconciliation's shipping
-- view reads (issue 18's figure: the views over 1,000,000 orders take <= 3x one scan), so the
-- view is a scan of orders instead of aggregating every shipment and joining it to its order.
-- Kept in the same write transaction as the shipments they summarise, by every writer that adds
-- or removes a package (the carrier import, ops/shipping/order_state.sql; eBay labels from the
-- payouts import; the demo store): ops/reconcile/ship_summary.py, which also rebuilds them.
--   live_shipments    how many live (not voided) packages the order has
--   priced_shipments  how many of them have a carrier charge (negotiated, else published)
--   carrier_cost      the charges of its carriers' packages (NULL when none is priced)
--   label_cost        the charges of labels bought on eBay (carrier 'ebay'; NULL when none)
--   shipment_service  the least service name of its live packages (the view's service)
-- The sums are DECIMAL(16,2): the same 64-bit values the view computed, never rounded.
ALTER TABLE orders ADD COLUMN live_shipments INTEGER DEFAULT 0;
ALTER TABLE orders ADD COLUMN priced_shipments INTEGER DEFAULT 0;
ALTER TABLE orders ADD COLUMN carrier_cost DECIMAL(16,2);
ALTER TABLE orders ADD COLUMN label_cost DECIMAL(16,2);
ALTER TABLE orders ADD COLUMN shipment_service VARCHAR;

UPDATE orders SET live_shipments = c.live, priced_shipments = c.priced,
    carrier_cost = c.carrier_cost, label_cost = c.label_cost, shipment_service = c.service
FROM (SELECT order_id, count(*) AS live,
             count(coalesce(negotiated_charge, carrier_charge)) AS priced,
             CAST(sum(coalesce(negotiated_charge, carrier_charge))
                  FILTER (WHERE carrier <> 'ebay') AS DECIMAL(16,2)) AS carrier_cost,
             CAST(sum(coalesce(negotiated_charge, carrier_charge))
                  FILTER (WHERE carrier = 'ebay') AS DECIMAL(16,2)) AS label_cost,
             min(service) AS service
      FROM shipments WHERE NOT void GROUP BY order_id) c
WHERE c.order_id = orders.order_id;
