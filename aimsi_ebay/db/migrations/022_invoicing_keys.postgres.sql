-- 022, PostgreSQL twin of 022_invoicing_keys.sql: the three derived keys go (the plan writes a
-- line, a billed package and a payment once; invoices keep their PRIMARY KEY and the UNIQUE
-- invoice number). PostgreSQL drops a constraint in place; the columns stay NOT NULL.
ALTER TABLE invoice_lines DROP CONSTRAINT invoice_lines_pkey;
ALTER TABLE invoice_shipments DROP CONSTRAINT invoice_shipments_pkey;
ALTER TABLE invoice_payments DROP CONSTRAINT invoice_payments_pkey;
