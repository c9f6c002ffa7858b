-- The sales of a download, as SQL over its rows (DuckDB in memory; pipeline.py runs it).
-- Input: file_rows (seq, row_no, footer, then every field of both layouts as stripped text, ''
-- where the layout lacks it; eBay's '--' masking already blank on the buyer's and ship-to's).
-- Each stage is a table or view named for what it holds; the first problem of a sale rejects it.

-- section: rows

-- record_orders: per sales record number, the eBay order number of its first row that has one
-- (an item row of an old file may leave the order number blank).
CREATE TABLE record_orders AS
SELECT sales_record_number, arg_min(order_number, seq) AS order_number, min(seq) AS first_seq
FROM file_rows
WHERE NOT footer AND order_number <> '' AND sales_record_number <> ''
GROUP BY sales_record_number;

-- unique_rows: every row that is not a footer, with the key of the sale it belongs to (gkey):
-- its eBay order number; else that of an earlier row of its sales record number; else
-- 'SRN:' and the record number; NULL when it has neither (rejected below). A table, made once
-- (the stages below read it many times); the duplicate rows are deleted from it below, so that
-- it holds the rows that count, each once.
CREATE TABLE unique_rows AS
SELECT r.*,
    CASE WHEN r.order_number <> '' THEN r.order_number
         WHEN o.first_seq < r.seq THEN o.order_number
         WHEN r.sales_record_number <> '' THEN 'SRN:' || r.sales_record_number END AS gkey
FROM file_rows r LEFT JOIN record_orders o ON o.sales_record_number = r.sales_record_number
WHERE NOT r.footer;

-- rows_per_sale: how many rows each sale key has.
CREATE TABLE rows_per_sale AS
SELECT gkey, count(*) AS rows FROM unique_rows WHERE gkey IS NOT NULL GROUP BY gkey;

-- duplicate_rows: a row of a several-row sale that repeats an earlier row of that sale field for
-- field (eBay repeats an order as two byte-identical rows); same_as is the row it repeats. Only
-- the rows whose fields hash alike (a superset of the equal ones: equal fields hash alike) are
-- compared field for field.
CREATE TABLE duplicate_rows AS
WITH several AS (
    SELECT k.seq, hash({every_field}) AS h
    FROM unique_rows k JOIN rows_per_sale p ON p.gkey = k.gkey
    WHERE p.rows > 1)
SELECT seq, row_no, same_as FROM (
    SELECT k.seq, k.row_no, first_value(k.row_no) OVER same_row AS same_as,
        row_number() OVER same_row AS copy
    FROM unique_rows k
    WHERE k.seq IN (SELECT seq FROM several
                    WHERE h IN (SELECT h FROM several GROUP BY h HAVING count(*) > 1))
    WINDOW same_row AS (PARTITION BY {every_field} ORDER BY k.seq))
WHERE copy > 1;

DELETE FROM unique_rows WHERE seq IN (SELECT seq FROM duplicate_rows);

-- sale_groups: per sale, its rows: how many, the first, the summary row of a combined order
-- (Item Number and Custom Label blank) as its head, else its first row, and its first dates.
CREATE TABLE sale_groups AS
SELECT gkey, count(*) AS rows, min(seq) AS first_seq, arg_min(row_no, seq) AS first_row,
    arg_min(user_id, seq) AS first_user,
    count(*) FILTER (WHERE item_id = '' AND sku = '') AS summaries,
    CASE WHEN count(*) = 1 THEN min(seq)
         ELSE coalesce(min(seq) FILTER (WHERE item_id = '' AND sku = ''), min(seq)) END
        AS head_seq,
    arg_min(struct_pack(row_no, sale_date), seq) FILTER (WHERE sale_date <> '') AS first_sale,
    arg_min(struct_pack(row_no, paid_date), seq) FILTER (WHERE paid_date <> '') AS first_paid
FROM unique_rows WHERE gkey IS NOT NULL GROUP BY gkey;

-- section: sales
-- Needs money (t, amount: every distinct amount text parsed) and date_texts (t, d).

-- item_rows: the rows that are lines (a one-row sale's only row, else every row but the head),
-- numbered within their sale, with their quantity and Sold For parsed (a quantity too large for
-- an INTEGER is not one: rejected, never a line without a quantity).
CREATE TABLE item_rows AS
SELECT k.gkey, k.seq, k.row_no, k.transaction_id, k.quantity, k.price, g.rows,
    CAST(row_number() OVER (PARTITION BY k.gkey ORDER BY k.seq) AS INTEGER) AS line_no,
    regexp_full_match(k.quantity, '[0-9]+')
        AND coalesce(TRY_CAST(k.quantity AS INTEGER) >= 1, false) AS quantity_ok,
    TRY_CAST(k.quantity AS INTEGER) AS units, sold_for.amount AS sold_for
FROM unique_rows k JOIN sale_groups g ON g.gkey = k.gkey
LEFT JOIN money sold_for ON sold_for.t = k.price
WHERE g.rows = 1 OR k.seq <> g.head_seq;

-- line_totals: per sale, its lines' Sold For added as line amounts and at unit prices, the
-- first bad quantity or price, and the first transaction id.
CREATE TABLE line_totals AS
SELECT gkey, sum(sold_for) AS as_amounts, sum(sold_for * units) AS at_unit_prices,
    arg_min(CASE WHEN NOT quantity_ok THEN struct_pack(rn := row_no, field := 'quantity',
                     code := 'quantity', text := quantity)
                 WHEN price = '' THEN struct_pack(rn := row_no, field := 'price',
                     code := 'text', text := 'an amount is required here')
                 ELSE struct_pack(rn := row_no, field := 'price', code := 'money',
                     text := price) END, line_no)
        FILTER (WHERE NOT quantity_ok OR sold_for IS NULL) AS line_error,
    arg_min(transaction_id, line_no) FILTER (WHERE transaction_id <> ''
        AND transaction_id NOT LIKE '%*%') AS first_transaction,
    any_value(units) AS one_units
FROM item_rows GROUP BY gkey;

-- sale_heads: each sale's head row with its amounts parsed (blank = 0; NULL = not an amount)
-- and its dates.
CREATE VIEW sale_heads AS
SELECT g.* EXCLUDE (gkey), k.*, t.* EXCLUDE (gkey),
    CASE WHEN k.shipping = '' THEN 0 ELSE m_shipping.amount END AS v_shipping,
    CASE WHEN k.insurance = '' THEN 0 ELSE m_insurance.amount END AS v_insurance,
    CASE WHEN k.handling_fee = '' THEN 0 ELSE m_handling_fee.amount END AS v_handling_fee,
    CASE WHEN k.cod_fee = '' THEN 0 ELSE m_cod_fee.amount END AS v_cod_fee,
    CASE WHEN k.seller_tax = '' THEN 0 ELSE m_seller_tax.amount END AS v_seller_tax,
    CASE WHEN k.ebay_tax = '' THEN 0 ELSE m_ebay_tax.amount END AS v_ebay_tax,
    CASE WHEN k.ebay_charges = '' THEN 0 ELSE m_ebay_charges.amount END AS v_ebay_charges,
    CASE WHEN k.total = '' THEN 0 ELSE m_total.amount END AS v_total,
    CASE WHEN k.price = '' THEN 0 ELSE m_price.amount END AS v_price,
    CASE lower(k.included) WHEN 'yes' THEN true WHEN 'true' THEN true WHEN 'y' THEN true
        WHEN '1' THEN true WHEN 'no' THEN false WHEN 'false' THEN false WHEN 'n' THEN false
        WHEN '0' THEN false END AS included_flag,
    first_sale_date.d AS first_sale_d, first_paid_date.d AS first_paid_d, paid.d AS paid_d
FROM sale_groups g
JOIN unique_rows k ON k.seq = g.head_seq
LEFT JOIN line_totals t ON t.gkey = g.gkey
LEFT JOIN date_texts first_sale_date ON first_sale_date.t = g.first_sale.sale_date
LEFT JOIN date_texts first_paid_date ON first_paid_date.t = g.first_paid.paid_date
LEFT JOIN date_texts paid ON paid.t = k.paid_date
LEFT JOIN money m_shipping ON m_shipping.t = k.shipping
LEFT JOIN money m_insurance ON m_insurance.t = k.insurance
LEFT JOIN money m_handling_fee ON m_handling_fee.t = k.handling_fee
LEFT JOIN money m_cod_fee ON m_cod_fee.t = k.cod_fee
LEFT JOIN money m_seller_tax ON m_seller_tax.t = k.seller_tax
LEFT JOIN money m_ebay_tax ON m_ebay_tax.t = k.ebay_tax
LEFT JOIN money m_ebay_charges ON m_ebay_charges.t = k.ebay_charges
LEFT JOIN money m_total ON m_total.t = k.total
LEFT JOIN money m_price ON m_price.t = k.price;

-- sale_amounts: each sale's combined shipping (shipping and handling + insurance + handling
-- and COD fees), eBay's part (its collected tax and charges), and what Total Price leaves for
-- the items with and without eBay's part.
CREATE VIEW sale_amounts AS
SELECT *, items_paid_all - ebay_part AS items_paid_less_ebay
FROM (SELECT *, v_shipping + v_insurance + v_handling_fee + v_cod_fee AS ship_total,
          v_ebay_tax + v_ebay_charges AS ebay_part,
          v_total - (v_shipping + v_insurance + v_handling_fee + v_cod_fee) - v_seller_tax
              AS items_paid_all
      FROM sale_heads);

-- checked_sales: each sale's first problem (err, NULL when none), and whether its Sold For
-- texts are line amounts rather than eBay's unit prices. They are unit prices unless the file
-- proves otherwise: a combined order's item rows add up to the summary row's Sold For only as
-- line amounts; a one-row sale's Total Price adds up only with Sold For as the line amount
-- (and it is a whole number of cents per unit). Never a guess: else unit prices stand, and any
-- difference is carried as an adjustment (settled_sales).
CREATE TABLE checked_sales AS
SELECT gkey, head_seq, rows, first_row, first_user, first_transaction, v_seller_tax, v_ebay_tax,
    v_ebay_charges, v_total, v_price, included_flag, first_sale_d, first_paid_d, paid_d,
    ship_total, ebay_part,
    CASE WHEN rows > 1 AND summaries <> 1 THEN struct_pack(rn := first_row,
            field := 'order_number', code := 'text', text := rows || ' rows share this order but '
            || summaries || ' of them is a summary row (expected 1)')
        WHEN shipping <> '' AND v_shipping IS NULL THEN struct_pack(rn := row_no,
            field := 'shipping', code := 'money', text := shipping)
        WHEN insurance <> '' AND v_insurance IS NULL THEN struct_pack(rn := row_no,
            field := 'insurance', code := 'money', text := insurance)
        WHEN handling_fee <> '' AND v_handling_fee IS NULL THEN struct_pack(rn := row_no,
            field := 'handling_fee', code := 'money', text := handling_fee)
        WHEN cod_fee <> '' AND v_cod_fee IS NULL THEN struct_pack(rn := row_no,
            field := 'cod_fee', code := 'money', text := cod_fee)
        WHEN seller_tax <> '' AND v_seller_tax IS NULL THEN struct_pack(rn := row_no,
            field := 'seller_tax', code := 'money', text := seller_tax)
        WHEN ebay_tax <> '' AND v_ebay_tax IS NULL THEN struct_pack(rn := row_no,
            field := 'ebay_tax', code := 'money', text := ebay_tax)
        WHEN ebay_charges <> '' AND v_ebay_charges IS NULL THEN struct_pack(rn := row_no,
            field := 'ebay_charges', code := 'money', text := ebay_charges)
        WHEN total = '' THEN struct_pack(rn := row_no, field := 'total', code := 'text',
            text := 'an amount is required here')
        WHEN v_total IS NULL THEN struct_pack(rn := row_no, field := 'total', code := 'money',
            text := total)
        WHEN line_error IS NOT NULL THEN line_error
        WHEN rows > 1 AND price <> '' AND v_price IS NULL THEN struct_pack(rn := row_no,
            field := 'price', code := 'money', text := price)
        WHEN rows > 1 AND price <> '' AND v_price <> as_amounts AND v_price <> at_unit_prices
            THEN struct_pack(rn := row_no, field := 'price', code := 'text',
            text := 'the item rows add up to ' || CAST(as_amounts AS VARCHAR) || ' (or '
            || CAST(at_unit_prices AS VARCHAR) || ' at unit prices), not the order''s '
            || CAST(v_price AS VARCHAR))
        WHEN first_sale IS NOT NULL AND first_sale_d IS NULL THEN struct_pack(
            rn := first_sale.row_no, field := 'sale_date', code := 'date',
            text := first_sale.sale_date)
        WHEN first_sale IS NULL AND first_paid IS NOT NULL AND first_paid_d IS NULL
            THEN struct_pack(rn := first_paid.row_no, field := 'paid_date', code := 'date',
            text := first_paid.paid_date)
        WHEN first_sale IS NULL AND first_paid IS NULL THEN struct_pack(rn := row_no,
            field := 'sale_date', code := 'text', text := 'no sale date on any row of this order')
        WHEN paid_date <> '' AND paid_d IS NULL THEN struct_pack(rn := row_no,
            field := 'paid_date', code := 'date', text := paid_date)
    END AS err,
    CASE WHEN rows > 1
         THEN price <> '' AND v_price = as_amounts AND v_price <> at_unit_prices
         ELSE as_amounts <> at_unit_prices AND CAST(as_amounts * 100 AS BIGINT) % one_units = 0
             AND ((coalesce(included_flag, ebay_part <> 0) AND ebay_part <> 0
                   AND as_amounts = items_paid_less_ebay AND at_unit_prices <> items_paid_less_ebay)
               OR (NOT coalesce(included_flag, false) AND as_amounts = items_paid_all
                   AND at_unit_prices <> items_paid_all)) END AS lines_as_amounts
FROM sale_amounts;

-- sale_lines: the lines of the sales that passed: unit price × quantity, or, where the file
-- proves Sold For is the line amount (checked_sales), that amount and its price per unit.
CREATE TABLE sale_lines AS
SELECT i.gkey, i.row_no AS row, i.line_no, r.item_id AS ebay_item_id,
    i.transaction_id AS ebay_transaction_id,
    coalesce(nullif(r.title, ''), nullif(r.sku, ''), '(no title)') AS title, r.sku,
    i.units AS quantity,
    CASE WHEN s.lines_as_amounts THEN CAST(CAST(i.unit_cents AS DECIMAL(18,0))
        * CAST(0.01 AS DECIMAL(3,2)) AS DECIMAL(12,2)) ELSE i.sold_for END AS unit_price,
    CAST(CASE WHEN s.lines_as_amounts THEN i.sold_for ELSE i.sold_for * i.units END
        AS DECIMAL(12,2)) AS amount,
    s.lines_as_amounts AND i.unit_cents * i.units <> i.cents AS unit_rounded,
    r.variation
FROM (SELECT *, sign(cents) * ((abs(cents) * 2 + units) // (2 * units)) AS unit_cents
      FROM (SELECT *, CAST(sold_for * 100 AS BIGINT) AS cents FROM item_rows)) i
JOIN checked_sales s ON s.gkey = i.gkey AND s.err IS NULL
JOIN unique_rows r ON r.seq = i.seq;

-- priced_sales: the sales that passed, with their lines' merchandise, whether Total Price
-- includes eBay's part (the file says so; else it adds up that way), and whether Total Price
-- $0.00 closed them (refunded when paid, cancelled when not).
CREATE VIEW priced_sales AS
SELECT s.*, m.merchandise, m.rounded_lines,
    coalesce(s.included_flag, s.ebay_part <> 0
        AND s.v_total = m.merchandise + s.ship_total + s.v_seller_tax + s.ebay_part) AS included,
    CASE WHEN s.v_total = 0 AND m.merchandise + s.ship_total > 0
         THEN CASE WHEN s.paid_d IS NULL THEN 'cancelled' ELSE 'refunded' END END AS closed
FROM checked_sales s
JOIN (SELECT gkey, sum(amount) AS merchandise, count(*) FILTER (WHERE unit_rounded)
          AS rounded_lines
      FROM sale_lines GROUP BY gkey) m ON m.gkey = s.gkey;

-- settled_sales: what the buyer paid the store (Total Price less eBay's part when included;
-- nothing once closed) and the adjustment that makes the order add up to it.
CREATE VIEW settled_sales AS
SELECT *, paid_to_store - (merchandise + ship_total + v_seller_tax) AS adjustment
FROM (SELECT *, v_total - CASE WHEN included AND closed IS NULL THEN ebay_part ELSE 0 END
          AS paid_to_store
      FROM priced_sales);

-- sales: one row per sale, in the Sale model's fields; texts from the head row (the buyer's
-- when given, else the ship-to's, and the other way round), the deposit reference (the eBay
-- order number, else a transaction id, else the record number) with the file's payment id kept
-- as a memo, and why the sale needs review.
CREATE VIEW sales AS
SELECT s.first_row AS row, h.sales_record_number, h.order_number AS ebay_order_number,
    coalesce(nullif(h.user_id, ''), s.first_user) AS buyer_user_id,
    coalesce(nullif(h.buyer_name, ''), h.ship_name) AS buyer_name, h.buyer_email,
    coalesce(nullif(h.buyer_phone, ''), h.ship_phone) AS buyer_phone,
    CASE WHEN h.buyer_address1 <> '' OR h.ship_address1 = '' THEN h.buyer_address1
         ELSE h.ship_address1 END AS buyer_address1,
    CASE WHEN h.buyer_address1 <> '' OR h.ship_address1 = '' THEN h.buyer_address2
         ELSE h.ship_address2 END AS buyer_address2,
    CASE WHEN h.buyer_address1 <> '' OR h.ship_address1 = '' THEN h.buyer_city
         ELSE h.ship_city END AS buyer_city,
    CASE WHEN h.buyer_address1 <> '' OR h.ship_address1 = '' THEN h.buyer_state
         ELSE h.ship_state END AS buyer_state,
    CASE WHEN h.buyer_address1 <> '' OR h.ship_address1 = '' THEN h.buyer_zip
         ELSE h.ship_zip END AS buyer_zip,
    CASE WHEN h.buyer_address1 <> '' OR h.ship_address1 = '' THEN h.buyer_country
         ELSE h.ship_country END AS buyer_country,
    coalesce(nullif(h.ship_name, ''), h.buyer_name) AS ship_name,
    coalesce(nullif(h.ship_phone, ''), h.buyer_phone) AS ship_phone,
    CASE WHEN h.ship_address1 <> '' THEN h.ship_address1 ELSE h.buyer_address1 END
        AS ship_address1,
    CASE WHEN h.ship_address1 <> '' THEN h.ship_address2 ELSE h.buyer_address2 END
        AS ship_address2,
    CASE WHEN h.ship_address1 <> '' THEN h.ship_city ELSE h.buyer_city END AS ship_city,
    CASE WHEN h.ship_address1 <> '' THEN h.ship_state ELSE h.buyer_state END AS ship_state,
    CASE WHEN h.ship_address1 <> '' THEN h.ship_zip ELSE h.buyer_zip END AS ship_zip,
    CASE WHEN h.ship_address1 <> '' THEN h.ship_country ELSE h.buyer_country END
        AS ship_country,
    s.ship_total AS shipping, s.v_seller_tax AS seller_tax, s.v_ebay_tax AS ebay_tax,
    s.v_ebay_charges AS ebay_charges, s.v_total AS total_price, s.included AS ebay_included,
    h.payment_method,
    coalesce(nullif(h.order_number, ''), s.first_transaction,
        'SRN:' || h.sales_record_number) AS payment_reference,
    h.payment_id AS payment_memo,
    coalesce(s.first_sale_d, s.first_paid_d) AS sale_date, s.paid_d AS paid_date,
    h.shipping_service,
    CAST(s.adjustment AS DECIMAL(12,2)) AS adjustment,
    CASE WHEN s.closed IS NOT NULL THEN 'refund' WHEN s.adjustment < 0 THEN 'discount'
         WHEN s.adjustment > 0 THEN 'surcharge' END AS adjustment_kind,
    s.closed AS closed_reason, s.rows, s.merchandise, s.gkey,
    nullif(concat_ws('; ',
        CASE WHEN s.closed = 'refunded' THEN 'paid, but Total Price is 0.00: refunded or'
                 || ' cancelled on eBay; no stock committed, no deposit'
             WHEN s.closed = 'cancelled' THEN 'not paid and Total Price is 0.00: cancelled on'
                 || ' eBay; no stock committed'
             WHEN s.adjustment <> 0 THEN 'Total Price ' || CAST(s.v_total AS VARCHAR)
                 || ' is not items ' || CAST(s.merchandise AS VARCHAR) || ' + shipping '
                 || CAST(s.ship_total AS VARCHAR) || ' + tax ' || CAST(s.v_seller_tax AS VARCHAR)
                 || CASE WHEN s.included AND s.ebay_part <> 0
                         THEN ' + eBay tax ' || CAST(s.ebay_part AS VARCHAR) ELSE '' END
                 || ': the difference ' || CAST(s.adjustment AS VARCHAR) || ' is kept as a '
                 || CASE WHEN s.adjustment < 0 THEN 'discount' ELSE 'surcharge' END
                 || ' (eBay''s unit prices are kept)' END,
        CASE WHEN s.rounded_lines > 0 THEN s.rounded_lines || ' line(s) give an amount that'
                 || ' is not a whole number of cents per unit: the unit price is rounded' END),
        '') AS review
FROM settled_sales s JOIN unique_rows h ON h.seq = s.head_seq;
