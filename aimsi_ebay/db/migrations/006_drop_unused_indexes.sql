-- 006: drop the secondary indexes no query uses. DuckDB uses an ART index only for a filter of
-- one column against a constant (never for joins, nor for the OR filters of the customer search
-- and candidate ranking), yet every index is updated on each insert and rewritten at checkpoint:
-- on the 1,000,000-customer benchmark these cost the sales import ~0.4 s per COMMIT. Lookups by
-- batch, customer or order scan one column (zonemaps skip the other row groups). The constraints
-- stay: every PRIMARY KEY and UNIQUE (orders' account + sale key: nothing imported twice).

DROP INDEX customers_email;
DROP INDEX customers_phone;
DROP INDEX customers_postal;
DROP INDEX ship_to_customer;
DROP INDEX staged_sales_batch;
DROP INDEX staged_sales_key;
DROP INDEX orders_customer;
DROP INDEX deposits_order;
