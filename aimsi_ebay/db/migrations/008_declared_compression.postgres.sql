-- 008, PostgreSQL twin of 008_declared_compression.sql. The DuckDB file rebuilds the import
-- tables to declare each text column's compression; PostgreSQL compresses large values itself
-- (TOAST) and has nothing to declare, and the rebuilt tables have the columns, order, keys and
-- defaults they already have here. Nothing to change; the version is recorded all the same.
SELECT 1;
