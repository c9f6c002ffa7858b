-- 023, PostgreSQL twin of 023_shipping_tracking_by_import.sql. The DuckDB file rebuilds
-- shipments without its two ART indexes (the UNIQUE tracking number, the primary key on the
-- sequence-drawn id) and keeps the guarantees in the writers: one writer at a time under the
-- file's exclusive lock, a set-based check in each writer's transaction. PostgreSQL's writers in
-- this package are serialised as well (the writers' advisory lock, db.write), but the database
-- is shared: other clients (psql, the carriers' ODBC role, another installation) can write
-- without that lock, a B-tree index costs little there, and db/__init__.py keeps UNIQUE
-- constraints as the last line of defence on this backend. So both keys stay: the schema is
-- unchanged.
SELECT 1;
