-- 017, PostgreSQL twin of 017_description_templates.sql: store description templates (issue 14).
-- HTML with placeholders, per seller account; a record may name one (else its account's default
-- applies). The account's shipping, returns and payment texts are what a template's
-- {{ shipping }}, {{ returns }} and {{ payment }} print.

CREATE SEQUENCE seq_template_id START 1;
CREATE TABLE description_templates (
    template_id  BIGINT PRIMARY KEY DEFAULT nextval('seq_template_id'),
    account_id   BIGINT NOT NULL,
    name         VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    is_default   BOOLEAN NOT NULL DEFAULT FALSE,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL DEFAULT localtimestamp,
    created_by   VARCHAR NOT NULL,
    updated_at   TIMESTAMP NOT NULL DEFAULT localtimestamp,
    updated_by   VARCHAR NOT NULL,
    UNIQUE (account_id, name)
);

ALTER TABLE ebay_records ADD COLUMN template_id BIGINT;

ALTER TABLE seller_accounts ADD COLUMN shipping_text VARCHAR;
ALTER TABLE seller_accounts ADD COLUMN returns_text VARCHAR;
ALTER TABLE seller_accounts ADD COLUMN payment_text VARCHAR;
