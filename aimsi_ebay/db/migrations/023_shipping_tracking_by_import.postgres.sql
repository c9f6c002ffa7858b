-- 023, PostgreSQL twin of 023_shipping_tracking_by_import.sql. The DuckDB file drops its ART
-- UNIQUE index on shipments' tracking number and keeps the guarantee in the writers (one writer
-- at a time under the file's exclusive lock, a set-based check in each writer's transaction).
-- PostgreSQL's writers in this package are serialised as well (the writers' advisory lock,
-- db.write), but the database is shared: other clients (psql, the carriers' ODBC role, a
-- second installation of another version) can write without that lock, a B-tree UNIQUE index
-- costs little there, and db/__init__.py keeps UNIQUE constraints as the last line of defence
-- on this backend. So shipments_tracking stays: the schema is unchanged.
SELECT 1;
