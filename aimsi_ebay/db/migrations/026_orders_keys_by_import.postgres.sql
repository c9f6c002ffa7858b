-- 026, PostgreSQL twin of 026_orders_keys_by_import.sql. The DuckDB file rebuilds orders
-- without its two UNIQUE constraints and keeps both rules in the writers (one writer at a time
-- under the file's exclusive lock; order numbers from seq_order_number; Create Order's
-- set-based check of the sale keys in its own transaction).
-- Here both stay as UNIQUE indexes with the constraints' names (an index, not a constraint: the
-- tables' keys still agree, as in 023): the database is shared, other clients can write without
-- the writers' advisory lock, a B-tree index costs little here, and db/__init__.py reports a
-- violation of orders_sale_unique as a sale already imported.
ALTER TABLE orders DROP CONSTRAINT orders_sale_unique;
CREATE UNIQUE INDEX orders_sale_unique ON orders (account_id, sale_key);
ALTER TABLE orders DROP CONSTRAINT orders_order_number_key;
CREATE UNIQUE INDEX orders_order_number_key ON orders (order_number);
