-- 018, PostgreSQL twin of 018_invoicing_speed.sql. The DuckDB file rebuilds invoices,
-- invoice_lines and invoice_payments with the same columns, keys and defaults only to declare
-- each text column's compression (a DuckDB storage setting; PostgreSQL compresses on its own),
-- and drops the secondary index on the applications' deposit because DuckDB never uses it for a
-- join yet rewrites it at every COMMIT. PostgreSQL's planner does use a B-tree for a deposit's
-- applications (deposit_balances, a void reopening deposits), so the index stays here and the
-- schema is unchanged. (Indexes are not part of the schema comparison: DuckDB's catalog of an
-- attached database does not list them.)
SELECT 1;
