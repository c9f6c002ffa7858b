-- 026, PostgreSQL twin of 026_record_checks.sql: what a record alone decides for the listing
-- rules and description templates, kept on the record (issue 14's figure: the templated export
-- <= 3x COPY), so an export does not run the record's own rules and the HTML grammar again
-- over every picked row:
--   checks_clean            its own rules and picture rules find nothing (no error, no warning)
--   description_placeable   its HTML description can be placed into a template as it is
--   checks_key              the hash they were decided for (every column they read and the
--                           rules' own text): the export trusts them only while it matches
-- Written by the record writers and rebuilt by ops/export/record_checks.py. Backfilled on a
-- DuckDB file after the migrations (db/migrations: _warm_record_checks); here NULL stays
-- "not known", which the export checks as before (a cold cache, never a wrong verdict)
ALTER TABLE ebay_records ADD COLUMN checks_key BIGINT;
ALTER TABLE ebay_records ADD COLUMN checks_clean BOOLEAN;
ALTER TABLE ebay_records ADD COLUMN description_placeable BOOLEAN;
