-- 024, PostgreSQL twin of 024_order_shipping_summary.sql: the shipping figures each order
-- carries for the reconciliation's shipping view (see the DuckDB file), added and backfilled; the
-- least service in byte order ("C"), as DuckDB compares the names the writers keep.
ALTER TABLE orders ADD COLUMN live_shipments INTEGER DEFAULT 0;
ALTER TABLE orders ADD COLUMN priced_shipments INTEGER DEFAULT 0;
ALTER TABLE orders ADD COLUMN carrier_cost NUMERIC(16,2);
ALTER TABLE orders ADD COLUMN label_cost NUMERIC(16,2);
ALTER TABLE orders ADD COLUMN shipment_service VARCHAR;

UPDATE orders SET live_shipments = c.live, priced_shipments = c.priced,
    carrier_cost = c.carrier_cost, label_cost = c.label_cost, shipment_service = c.service
FROM (SELECT order_id, count(*) AS live,
             count(coalesce(negotiated_charge, carrier_charge)) AS priced,
             CAST(sum(coalesce(negotiated_charge, carrier_charge))
                  FILTER (WHERE carrier <> 'ebay') AS NUMERIC(16,2)) AS carrier_cost,
             CAST(sum(coalesce(negotiated_charge, carrier_charge))
                  FILTER (WHERE carrier = 'ebay') AS NUMERIC(16,2)) AS label_cost,
             min(service COLLATE "C") AS service
      FROM shipments WHERE NOT void GROUP BY order_id) c
WHERE c.order_id = orders.order_id;
