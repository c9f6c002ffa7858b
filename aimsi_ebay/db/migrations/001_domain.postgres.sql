-- 001, PostgreSQL twin of 001_domain.sql: the same tables, columns, keys and sequences in
-- PostgreSQL's DDL (NUMERIC(12,2) is DuckDB's DECIMAL(12,2); localtimestamp is the TIMESTAMP
-- DuckDB's current_timestamp gives). Ids are drawn by db/ids natively from these sequences.
-- Foreign keys are kept by the operations, as on DuckDB.

CREATE SEQUENCE seq_account_id START 1;
CREATE TABLE seller_accounts (
    account_id        BIGINT PRIMARY KEY DEFAULT nextval('seq_account_id'),
    name              VARCHAR NOT NULL UNIQUE,
    ebay_user_id      VARCHAR NOT NULL,
    site_id           VARCHAR NOT NULL DEFAULT 'US',
    country           VARCHAR NOT NULL DEFAULT 'US',
    currency          VARCHAR NOT NULL DEFAULT 'USD',
    item_location     VARCHAR,
    postal_code       VARCHAR,
    dispatch_days     INTEGER NOT NULL DEFAULT 1,
    shipping_profile  VARCHAR,
    return_profile    VARCHAR,
    payment_profile   VARCHAR,
    active            BOOLEAN NOT NULL DEFAULT TRUE,
    created_at        TIMESTAMP NOT NULL DEFAULT localtimestamp
);

CREATE SEQUENCE seq_item_id START 1;
CREATE TABLE items (
    item_id      BIGINT PRIMARY KEY DEFAULT nextval('seq_item_id'),
    style_code   VARCHAR NOT NULL UNIQUE,
    description  VARCHAR NOT NULL,
    vendor       VARCHAR,
    department   VARCHAR,
    category     VARCHAR,
    brand        VARCHAR,
    model        VARCHAR
);

CREATE TABLE skus (
    sku            VARCHAR PRIMARY KEY,
    item_id        BIGINT NOT NULL,
    colour         VARCHAR,
    size           VARCHAR,
    upc            VARCHAR,
    price          NUMERIC(12,2) NOT NULL DEFAULT 0,
    cost           NUMERIC(12,2) NOT NULL DEFAULT 0,
    qty_on_hand    INTEGER NOT NULL DEFAULT 0,
    qty_committed  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX skus_item ON skus (item_id);

CREATE TABLE ebay_categories (
    category_id   VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    parent_id     VARCHAR,
    level         INTEGER NOT NULL,
    is_leaf       BOOLEAN NOT NULL,
    full_path     VARCHAR NOT NULL,
    tree_version  VARCHAR,
    loaded_at     TIMESTAMP NOT NULL DEFAULT localtimestamp
);

CREATE TABLE ebay_records (
    sku                   VARCHAR PRIMARY KEY,
    account_id            BIGINT,
    title                 VARCHAR NOT NULL DEFAULT '',
    subtitle              VARCHAR,
    listing_format        VARCHAR NOT NULL DEFAULT 'FixedPrice',
    duration              VARCHAR NOT NULL DEFAULT 'GTC',
    category1_id          VARCHAR,
    category2_id          VARCHAR,
    condition_id          INTEGER NOT NULL DEFAULT 1000,
    start_price           NUMERIC(12,2),
    buy_it_now_price      NUMERIC(12,2),
    reserve_price         NUMERIC(12,2),
    quantity              INTEGER NOT NULL DEFAULT 1,
    description           VARCHAR NOT NULL DEFAULT '',
    description_is_html   BOOLEAN NOT NULL DEFAULT FALSE,
    ebay_item_id          VARCHAR,
    update_ebay           BOOLEAN NOT NULL DEFAULT FALSE,
    invalid_reason        VARCHAR,
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            TIMESTAMP NOT NULL DEFAULT localtimestamp,
    updated_at            TIMESTAMP NOT NULL DEFAULT localtimestamp,
    updated_by            VARCHAR NOT NULL DEFAULT 'system',
    last_export_batch_id  BIGINT,
    last_exported_at      TIMESTAMP
);

CREATE TABLE ebay_images (
    sku       VARCHAR NOT NULL,
    position  INTEGER NOT NULL CHECK (position BETWEEN 1 AND 12),
    url       VARCHAR NOT NULL,
    PRIMARY KEY (sku, position)
);

CREATE SEQUENCE seq_export_batch_id START 1;
CREATE TABLE export_batches (
    batch_id       BIGINT PRIMARY KEY DEFAULT nextval('seq_export_batch_id'),
    account_id     BIGINT NOT NULL,
    criteria       VARCHAR NOT NULL DEFAULT '{}',
    file_name      VARCHAR NOT NULL,
    file_content   VARCHAR,
    test_mode      BOOLEAN NOT NULL DEFAULT FALSE,
    rows_exported  INTEGER NOT NULL DEFAULT 0,
    rows_skipped   INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL DEFAULT localtimestamp,
    created_by     VARCHAR NOT NULL
);

CREATE TABLE export_lines (
    batch_id      BIGINT NOT NULL,
    sku           VARCHAR NOT NULL,
    action        VARCHAR NOT NULL,
    ebay_item_id  VARCHAR,
    snapshot      VARCHAR NOT NULL,
    PRIMARY KEY (batch_id, sku)
);

CREATE SEQUENCE seq_customer_id START 1;
CREATE TABLE customers (
    customer_id   BIGINT PRIMARY KEY DEFAULT nextval('seq_customer_id'),
    name          VARCHAR NOT NULL,
    company       VARCHAR,
    email         VARCHAR,
    email_norm    VARCHAR,
    phone         VARCHAR,
    phone_norm    VARCHAR,
    address1      VARCHAR,
    address2      VARCHAR,
    city          VARCHAR,
    state         VARCHAR,
    postal_code   VARCHAR,
    country       VARCHAR,
    address_key   VARCHAR,
    source        VARCHAR NOT NULL DEFAULT 'store',
    created_at    TIMESTAMP NOT NULL DEFAULT localtimestamp
);
CREATE INDEX customers_email ON customers (email_norm);
CREATE INDEX customers_phone ON customers (phone_norm);
CREATE INDEX customers_postal ON customers (postal_code);

-- eBay user ids and extra e-mails that identify a customer.
CREATE TABLE customer_aliases (
    kind         VARCHAR NOT NULL CHECK (kind IN ('ebay_user', 'email')),
    value_norm   VARCHAR NOT NULL,
    customer_id  BIGINT NOT NULL,
    account_id   BIGINT,
    created_at   TIMESTAMP NOT NULL DEFAULT localtimestamp,
    PRIMARY KEY (kind, value_norm)
);

CREATE SEQUENCE seq_ship_to_id START 1;
CREATE TABLE ship_to_addresses (
    ship_to_id    BIGINT PRIMARY KEY DEFAULT nextval('seq_ship_to_id'),
    customer_id   BIGINT NOT NULL,
    name          VARCHAR NOT NULL,
    address1      VARCHAR,
    address2      VARCHAR,
    city          VARCHAR,
    state         VARCHAR,
    postal_code   VARCHAR,
    country       VARCHAR,
    phone         VARCHAR,
    address_key   VARCHAR NOT NULL,
    created_at    TIMESTAMP NOT NULL DEFAULT localtimestamp
);
CREATE INDEX ship_to_customer ON ship_to_addresses (customer_id);

CREATE SEQUENCE seq_import_batch_id START 1;
CREATE TABLE import_batches (
    batch_id        BIGINT PRIMARY KEY DEFAULT nextval('seq_import_batch_id'),
    source          VARCHAR NOT NULL DEFAULT 'ebay',
    format          VARCHAR NOT NULL,
    account_id      BIGINT NOT NULL,
    file_name       VARCHAR NOT NULL,
    sha256          VARCHAR NOT NULL,
    rows_read       INTEGER NOT NULL DEFAULT 0,
    sales_count     INTEGER NOT NULL DEFAULT 0,
    rejected_count  INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL DEFAULT localtimestamp,
    created_by      VARCHAR NOT NULL
);

-- One staged sale per eBay order. status: staged | held | ordered | already_imported | rejected.
CREATE SEQUENCE seq_staged_sale_id START 1;
CREATE TABLE staged_sales (
    staged_sale_id       BIGINT PRIMARY KEY DEFAULT nextval('seq_staged_sale_id'),
    batch_id             BIGINT NOT NULL,
    account_id           BIGINT NOT NULL,
    sale_key             VARCHAR NOT NULL,
    ebay_order_number    VARCHAR,
    sales_record_number  VARCHAR,
    buyer_user_id        VARCHAR,
    buyer_name           VARCHAR,
    buyer_email          VARCHAR,
    buyer_phone          VARCHAR,
    total_price          NUMERIC(12,2),
    raw                  VARCHAR NOT NULL,
    match_status         VARCHAR NOT NULL DEFAULT 'unmatched',
    match_reason         VARCHAR,
    customer_id          BIGINT,
    ship_to_id           BIGINT,
    order_id             BIGINT,
    status               VARCHAR NOT NULL DEFAULT 'staged',
    error                VARCHAR,
    created_at           TIMESTAMP NOT NULL DEFAULT localtimestamp
);
CREATE INDEX staged_sales_batch ON staged_sales (batch_id);

CREATE TABLE import_rejections (
    batch_id  BIGINT NOT NULL,
    row_number INTEGER NOT NULL,
    field     VARCHAR,
    reason    VARCHAR NOT NULL
);

-- status: open -> picked -> shipped -> invoiced, or cancelled.
CREATE SEQUENCE seq_order_id START 1;
CREATE SEQUENCE seq_order_number START 100001;
CREATE TABLE orders (
    order_id             BIGINT PRIMARY KEY DEFAULT nextval('seq_order_id'),
    order_number         VARCHAR NOT NULL UNIQUE,
    account_id           BIGINT,
    source               VARCHAR NOT NULL DEFAULT 'ebay',
    sale_key             VARCHAR,
    ebay_order_number    VARCHAR,
    sales_record_number  VARCHAR,
    customer_id          BIGINT NOT NULL,
    ship_to_id           BIGINT,
    status               VARCHAR NOT NULL DEFAULT 'open'
                         CHECK (status IN ('open', 'picked', 'shipped', 'invoiced', 'cancelled')),
    needs_review         BOOLEAN NOT NULL DEFAULT FALSE,
    awaiting_payment     BOOLEAN NOT NULL DEFAULT FALSE,
    review_reason        VARCHAR,
    order_date           DATE NOT NULL,
    paid_date            DATE,
    shipping_service     VARCHAR,
    merchandise          NUMERIC(12,2) NOT NULL DEFAULT 0,
    shipping             NUMERIC(12,2) NOT NULL DEFAULT 0,
    seller_tax           NUMERIC(12,2) NOT NULL DEFAULT 0,
    ebay_tax_memo        NUMERIC(12,2) NOT NULL DEFAULT 0,
    total                NUMERIC(12,2) NOT NULL DEFAULT 0,
    import_batch_id      BIGINT,
    created_at           TIMESTAMP NOT NULL DEFAULT localtimestamp,
    CONSTRAINT orders_sale_unique UNIQUE (account_id, sale_key)
);
CREATE INDEX orders_customer ON orders (customer_id);

CREATE TABLE order_lines (
    order_id             BIGINT NOT NULL,
    line_no              INTEGER NOT NULL,
    sku                  VARCHAR,
    ebay_item_id         VARCHAR,
    ebay_transaction_id  VARCHAR,
    title                VARCHAR NOT NULL,
    quantity             INTEGER NOT NULL,
    unit_price           NUMERIC(12,2) NOT NULL,
    amount               NUMERIC(12,2) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE SEQUENCE seq_deposit_id START 1;
CREATE TABLE deposits (
    deposit_id     BIGINT PRIMARY KEY DEFAULT nextval('seq_deposit_id'),
    customer_id    BIGINT NOT NULL,
    order_id       BIGINT,
    amount         NUMERIC(12,2) NOT NULL CHECK (amount > 0),
    method         VARCHAR NOT NULL,
    reference      VARCHAR,
    received_date  DATE NOT NULL,
    created_at     TIMESTAMP NOT NULL DEFAULT localtimestamp
);
CREATE INDEX deposits_order ON deposits (order_id);

CREATE SEQUENCE seq_shipment_id START 1;
CREATE TABLE shipments (
    shipment_id        BIGINT PRIMARY KEY DEFAULT nextval('seq_shipment_id'),
    order_id           BIGINT NOT NULL,
    carrier            VARCHAR NOT NULL,
    service            VARCHAR,
    tracking_number    VARCHAR NOT NULL,
    carrier_charge     NUMERIC(12,2),
    negotiated_charge  NUMERIC(12,2),
    weight             NUMERIC(10,2),
    ship_date          DATE,
    void               BOOLEAN NOT NULL DEFAULT FALSE,
    imported_at        TIMESTAMP NOT NULL DEFAULT localtimestamp
);
CREATE INDEX shipments_order ON shipments (order_id);

CREATE SEQUENCE seq_invoice_id START 1;
CREATE SEQUENCE seq_invoice_number START 500001;
CREATE TABLE invoices (
    invoice_id      BIGINT PRIMARY KEY DEFAULT nextval('seq_invoice_id'),
    invoice_number  VARCHAR NOT NULL UNIQUE,
    order_id        BIGINT NOT NULL CONSTRAINT invoices_order_unique UNIQUE,
    customer_id     BIGINT NOT NULL,
    invoice_date    DATE NOT NULL,
    merchandise     NUMERIC(12,2) NOT NULL,
    shipping        NUMERIC(12,2) NOT NULL,
    tax             NUMERIC(12,2) NOT NULL,
    total           NUMERIC(12,2) NOT NULL,
    tracking_numbers VARCHAR,
    created_at      TIMESTAMP NOT NULL DEFAULT localtimestamp,
    created_by      VARCHAR NOT NULL
);

CREATE TABLE invoice_lines (
    invoice_id   BIGINT NOT NULL,
    line_no      INTEGER NOT NULL,
    sku          VARCHAR,
    description  VARCHAR NOT NULL,
    quantity     INTEGER NOT NULL,
    unit_price   NUMERIC(12,2) NOT NULL,
    amount       NUMERIC(12,2) NOT NULL,
    PRIMARY KEY (invoice_id, line_no)
);

-- Deposit applications (deposit_id set) and other payments.
CREATE SEQUENCE seq_payment_id START 1;
CREATE TABLE invoice_payments (
    payment_id   BIGINT PRIMARY KEY DEFAULT nextval('seq_payment_id'),
    invoice_id   BIGINT NOT NULL,
    deposit_id   BIGINT,
    method       VARCHAR NOT NULL,
    amount       NUMERIC(12,2) NOT NULL CHECK (amount > 0),
    paid_date    DATE NOT NULL,
    created_at   TIMESTAMP NOT NULL DEFAULT localtimestamp
);
CREATE INDEX invoice_payments_deposit ON invoice_payments (deposit_id);

CREATE SEQUENCE seq_audit_id START 1;
CREATE TABLE audit_log (
    audit_id    BIGINT PRIMARY KEY DEFAULT nextval('seq_audit_id'),
    logged_at   TIMESTAMP NOT NULL DEFAULT localtimestamp,
    who         VARCHAR NOT NULL,
    action      VARCHAR NOT NULL,
    entity      VARCHAR NOT NULL,
    entity_key  VARCHAR,
    before      VARCHAR,
    after       VARCHAR
);

-- PostgreSQL only: many machines write here without DuckDB's file lock, so the database itself
-- refuses a second eBay customer with the same normalised e-mail (two importers of overlapping
-- files). A partial index: store customers may share an e-mail (a family, a school). DuckDB has
-- no partial indexes, and there one writer at a time makes the importer's check enough.
CREATE UNIQUE INDEX customers_ebay_email_unique ON customers (email_norm)
    WHERE source = 'ebay' AND email_norm IS NOT NULL;
