-- 007, PostgreSQL twin of 007_staged_sales_without_raw.sql: a staged sale no longer keeps its
-- file rows as JSON text.
ALTER TABLE staged_sales DROP COLUMN raw;
