-- 006, PostgreSQL twin of 006_drop_unused_indexes.sql. The DuckDB file drops these secondary
-- indexes because DuckDB never uses an ART index for a join and rewrites each one at checkpoint.
-- PostgreSQL is different: the attach pushes filters down, and PostgreSQL's planner uses a B-tree
-- for lookups by batch, customer or order, so the indexes stay here. (Indexes are not part of
-- the schema comparison: DuckDB's catalog of an attached database does not list them.)
SELECT 1;
