-- 023: a tracking number is kept on one order by the writers, not by an index (issue 15's
-- figure: 100,000 packages; the ART UNIQUE index cost about 0.2 CPU-s per 100,000 inserts,
-- built row by row in the import and again at COMMIT).
--
-- The guarantee stays: a live tracking number belongs to exactly one order. Writers of a DuckDB
-- file hold its exclusive lock (db.write: one writer at a time, readers shut out), and every
-- writer of shipments checks inside its own transaction, set-based, that the numbers it adds are
-- on no live package and not twice in what it adds: the carrier import's `decided` stage
-- (ops/shipping/results.sql) and eBay's label booking (ops/reconcile/payouts.py). Shown by
-- tests/ops/shipping/test_property.py and, two processes importing overlapping files into one
-- file, tests/ops/shipping/test_concurrency.py. The index was never used to find a package: a
-- join never uses an ART index, and a lookup of one tracking number scans one column.
-- Dropping a DuckDB index is in place; no rows change.

DROP INDEX shipments_tracking;
