-- 019, PostgreSQL twin of 019_shipping_speed.sql. The DuckDB file rebuilds shipments with the
-- same columns, keys, defaults and rows only to declare each text column's compression (a DuckDB
-- storage setting), and drops the secondary index on the order because DuckDB never uses it for
-- a join yet rewrites it at every COMMIT. On PostgreSQL an order's packages are looked up by
-- that index (the carriers' ODBC write-back, the invoice of one order), so it stays, as does the
-- UNIQUE index on the tracking number (a tracking number is never on two orders): the schema is
-- unchanged.
SELECT 1;
