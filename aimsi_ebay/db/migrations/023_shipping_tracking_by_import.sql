-- 023: shipments keep no index; the writers keep their guarantees (issue 15's figure: 100,000
-- packages; each ART index is built row by row in the import and again at COMMIT: the UNIQUE
-- tracking-number index cost about 0.1-0.2 CPU-s per 100,000 packages, the primary key on the
-- package's id about 0.05).
--
-- A live tracking number still belongs to exactly one order. Writers of a DuckDB file hold its
-- exclusive lock (db.write: one writer at a time, readers shut out), and every writer of
-- shipments checks inside its own transaction, set-based, that the numbers it adds are on no
-- live package and not twice among those it adds: the carrier import's `decided` stage
-- (ops/shipping/results.sql) and eBay's label booking (ops/reconcile/payouts.py). Shown by
-- tests/ops/shipping/test_property.py and, two processes importing overlapping files into one
-- file, tests/ops/shipping/test_concurrency.py. shipment_id is a sequence value (every writer
-- draws it from seq_shipment_id), no key refers to it, and no query looks a package up by it:
-- its primary key guarded nothing (as 022 found for the invoicing tables' derived keys). Neither
-- index was ever used to find a package: a join never uses an ART index, and a lookup of one
-- tracking number scans one column.
-- DuckDB cannot drop a primary key in place: the table is rebuilt with the same columns, in the
-- same order, with the same defaults, compression and rows (the sequence is untouched).

CREATE TABLE shipments_new (
    shipment_id BIGINT DEFAULT(nextval('seq_shipment_id')) NOT NULL,
    order_id BIGINT NOT NULL,
    carrier VARCHAR USING COMPRESSION dictionary NOT NULL,
    service VARCHAR USING COMPRESSION dictionary,
    tracking_number VARCHAR USING COMPRESSION fsst NOT NULL,
    carrier_charge DECIMAL(12,2),
    negotiated_charge DECIMAL(12,2),
    weight DECIMAL(10,2),
    ship_date DATE,
    void BOOLEAN DEFAULT(CAST('f' AS BOOLEAN)) NOT NULL,
    imported_at TIMESTAMP DEFAULT(current_timestamp) NOT NULL,
    import_id BIGINT,
    source_file VARCHAR USING COMPRESSION dictionary,
    source_row INTEGER,
    ebay_uploaded_at TIMESTAMP,
    ebay_upload_file VARCHAR USING COMPRESSION dictionary
);
INSERT INTO shipments_new SELECT * FROM shipments;
DROP TABLE shipments;
ALTER TABLE shipments_new RENAME TO shipments;
