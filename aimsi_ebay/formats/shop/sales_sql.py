"""The last stages of the shop pipeline (``pipeline.py``): the orders settled into the
staged-sales shape (``shop_sales``, ``shop_sale_lines``, as ``as_sales.py`` does in Python) and the
columns the staging's keys are made of (``sale_parties``), from one definition of each."""

from __future__ import annotations

import duckdb

from aimsi_ebay.formats.shop.pipeline import lit, q


def _ms(expr: str) -> str:
    """``money_str`` in SQL: two places, as text."""
    return f"CAST(CAST({expr} AS DECIMAL(38,2)) AS VARCHAR)"


def _place(side: str, source: str) -> str:
    return ", ".join(
        f"{source}_{ours} AS {side}_{theirs}"
        for ours, theirs in (("address1", "address1"), ("address2", "address2"),
                             ("city", "city"), ("province_code", "state"), ("zip", "zip"),
                             ("country_code", "country"))
    )  # fmt: skip


_ADDRESS = ("name", "address1", "address2", "city", "province_code", "zip", "country_code",
            "phone")  # fmt: skip


def _buyer_sql() -> str:
    """SQL over ``order_rows o``: the buyer's fields (``buyer_name`` …), billing's if it has an
    address or a name, else the shipping address's."""
    return ", ".join(
        f"CASE WHEN o.{q('billing.address1')} <> '' OR o.{q('billing.name')} <> ''"
        f" THEN o.{q('billing.' + f)} ELSE o.{q('shipping_address.' + f)} END AS buyer_{f}"
        for f in _ADDRESS
    )


def _ship_sql() -> str:
    """SQL over the buyer's fields: the ship-to's (``ship_name`` …), the shipping address's if
    it has one, else the buyer's."""
    return ", ".join(
        f"CASE WHEN {q('shipping_address.address1')} <> '' THEN {q('shipping_address.' + f)}"
        f" ELSE buyer_{f} END AS ship_{f}"
        for f in _ADDRESS
    )


# A sale's columns that its parties' keys are made of (``ops.sales.sale_keys``), over the
# buyer's and ship-to's fields: in ``shop_sales`` and, for every row, ``sale_parties``.
_KEYED = (
    "'' AS buyer_user_id, email AS buyer_email,"
    " coalesce(nullif(buyer_phone, ''), ship_phone) AS buyer_phone,"
    f" {_place('buyer', 'buyer')}, {_place('ship', 'ship')}"
)


def build_parties(con: duckdb.DuckDBPyConnection) -> None:
    """``sale_parties``: the keyed columns of a sale (``buyer_email``, ``buyer_phone``, the
    addresses …) as ``shop_sales`` gives them, for every row of ``order_rows`` — those of every
    sale among them — so their keys can be made beside the checks (needs ``order_rows``)."""
    con.execute(
        f"CREATE VIEW sale_parties AS SELECT {_KEYED} FROM (SELECT *, {_ship_sql()} FROM"
        f" (SELECT o.*, {_buyer_sql()} FROM order_rows o))"
    )


def build_sales(con: duckdb.DuckDBPyConnection, currency: str | None) -> None:
    """``shop_sales`` and ``shop_sale_lines``: the orders that are neither suspect nor cancelled,
    settled as ``as_sales.settle`` and ``_sale`` do (the notes in the same order and words)."""
    buyer, ship = _buyer_sql(), _ship_sql()
    account = lit(currency or "")
    con.execute(
        f"""CREATE VIEW shop_sales AS
        SELECT gkey, CAST(first_row AS BIGINT) AS row, '' AS sales_record_number,
            gkey AS ebay_order_number, {_KEYED},
            coalesce(nullif(buyer_name, ''), ship_name) AS buyer_name,
            coalesce(nullif(ship_name, ''), buyer_name) AS ship_name,
            coalesce(nullif(ship_phone, ''), buyer_phone) AS ship_phone,
            CAST(v_shipping AS DECIMAL(12,2)) AS shipping,
            CAST(v_tax + v_duties AS DECIMAL(12,2)) AS seller_tax,
            CAST(0 AS DECIMAL(12,2)) AS ebay_tax, CAST(0 AS DECIMAL(12,2)) AS ebay_charges,
            CAST(CASE WHEN pending THEN v_total
                      WHEN status = 'partially_paid' AND v_outstanding IS NOT NULL
                      THEN v_total - v_refunded - v_outstanding
                      ELSE v_total - v_refunded END AS DECIMAL(12,2)) AS total_price,
            false AS ebay_included, payment_method,
            coalesce(nullif(payment_reference, ''), gkey) AS payment_reference,
            'shop order ' || gkey AS payment_memo, sale_day AS sale_date,
            CASE WHEN pending OR (status = 'partially_paid' AND v_outstanding IS NULL) THEN NULL
                 ELSE paid_on END AS paid_date,
            shipping_method AS shipping_service,
            CAST(adjustment AS DECIMAL(12,2)) AS adjustment,
            CASE WHEN adjustment < 0 THEN CASE WHEN v_discount <> 0 AND discount_code <> ''
                     THEN 'discount ' || discount_code ELSE 'discount' END
                 WHEN adjustment > 0 THEN 'surcharge' END AS adjustment_kind,
            closed AS closed_reason, CAST(n_rows AS BIGINT) AS rows,
            CAST(merchandise AS DECIMAL(38,2)) AS merchandise,
            nullif(concat_ws('; ',
                CASE WHEN v_subtotal <> merchandise - v_discount THEN 'Subtotal '
                    || {_ms("v_subtotal")} || ' is not lines ' || {_ms("merchandise")}
                    || ' - discount ' || {_ms("v_discount")} || ' = '
                    || {_ms("merchandise - v_discount")} END,
                CASE WHEN v_total <> v_subtotal + v_shipping + v_tax + v_duties THEN 'Total '
                    || {_ms("v_total")} || ' is not subtotal + shipping + taxes + duties = '
                    || {_ms("v_subtotal + v_shipping + v_tax + v_duties")} END,
                CASE WHEN v_refunded > v_total THEN 'Refunded Amount ' || {_ms("v_refunded")}
                    || ' exceeds the total ' || {_ms("v_total")} END,
                CASE WHEN v_refunded < 0 OR v_total < 0 THEN 'a negative total or refund' END,
                CASE WHEN pending THEN status || ': waits for payment'
                     WHEN status = 'partially_paid' AND v_outstanding IS NULL
                     THEN 'partially paid, but the file gives no outstanding balance'
                     WHEN status = 'partially_paid'
                     THEN 'partially paid: ' || {_ms("v_outstanding")} || ' still due'
                     WHEN closed = 'refunded' THEN 'refunded ' || {_ms("v_refunded")}
                         || ' in the shop: no stock committed, no deposit' END,
                CASE WHEN closed IS NULL AND v_refunded > 0 THEN 'partially refunded '
                    || {_ms("v_refunded")} || ': the deposit is what was kept' END,
                CASE WHEN {account} <> '' AND currency <> ''
                     AND upper(currency) <> upper({account})
                     THEN 'the order is in ' || currency || ', the shop account in '
                     || {account} END,
                CASE WHEN fulfillment_status = 'fulfilled'
                     THEN 'fulfilled in the shop already' END), '') AS review
        FROM (SELECT *, {ship} FROM (
            SELECT o.* EXCLUDE (first_row), c.*, {buyer},
                c.status IN ('pending', 'authorized') AS pending,
                c.v_total - c.merchandise - c.v_shipping - (c.v_tax + c.v_duties) AS adjustment,
                CASE WHEN c.status IN ('pending', 'authorized', 'partially_paid') THEN NULL
                     WHEN c.status = 'refunded'
                         OR (c.v_refunded <> 0 AND c.v_refunded >= c.v_total)
                     THEN 'refunded' END AS closed
            FROM shop_checked c JOIN order_rows o ON o.first_row = c.first_row
            WHERE NOT c.suspect AND NOT c.cancelled AND c.status <> 'voided'))"""
    )
    con.execute(
        """CREATE VIEW shop_sale_lines AS
        SELECT l.gkey, CAST(l.row_no AS BIGINT) AS row, l.line_no, '' AS ebay_item_id,
            '' AS ebay_transaction_id, coalesce(nullif(l.title, ''), l.sku) AS title, l.sku,
            CAST(l.quantity AS INTEGER) AS quantity, CAST(m.amount AS DECIMAL(12,2)) AS unit_price,
            CAST(m.amount * CAST(l.quantity AS INTEGER) AS DECIMAL(12,2)) AS amount,
            '' AS variation, l.first_row AS sale_row
        FROM shop_lines l JOIN shop_checked c ON c.first_row = l.first_row
            AND NOT c.suspect AND NOT c.cancelled AND c.status <> 'voided'
        JOIN shop_money m ON m.t = l.unit_price"""
    )
