-- 019: a carrier file's import writes less at COMMIT (issue 15's figure: 100,000 packages).
--
-- The secondary index on shipments' order is dropped: DuckDB uses an ART index only for a
-- filter of one column against a constant, and every query about an order's packages joins or
-- filters by a correlated subquery (decorrelated into a join), so the index was only updated on
-- each package written and rewritten at COMMIT (0.07 s of the 100,000-package import's). The
-- UNIQUE index on the tracking number stays: a tracking number is never on two orders.
-- The text columns declare their compression, as 008 did for the import tables, so the COMMIT
-- skips trying every method: the tracking number is FSST; carrier, service and the file names
-- (one per import or upload) are dictionaries. DuckDB cannot change a column's compression in
-- place, so the table is rebuilt with the same columns, in the same order, with the same keys,
-- defaults and rows (the sequence is untouched, so ids go on where they were).

DROP INDEX shipments_order;
DROP INDEX shipments_tracking;

CREATE TABLE shipments_new (
    shipment_id BIGINT DEFAULT(nextval('seq_shipment_id')) PRIMARY KEY,
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
CREATE UNIQUE INDEX shipments_tracking ON shipments (tracking_number);
