"""Staging: a read sales file becomes an import batch of staged sales (one per eBay order).

Set-based: the sales become two DataFrames (money as text), registered and written with
``INSERT … SELECT``. Staging marks the sales already imported (account + eBay order number, else
sales record number), links customers automatically (a known eBay user id or the same normalised
e-mail) and records the decision for the rest (``--unmatched create|hold``). Everything here runs
inside the caller's write transaction.
"""

from __future__ import annotations

import json
from functools import lru_cache

import duckdb
import pandas as pd

from aimsi_ebay import audit
from aimsi_ebay.formats.ebay_sales import Sale, SalesFile
from aimsi_ebay.rules.money import money_str
from aimsi_ebay.rules.normalise import address_key, email_key, phone_key, user_id_key

UNMATCHED_CHOICES = ("create", "hold")

_email = lru_cache(maxsize=None)(email_key)
_user = lru_cache(maxsize=None)(user_id_key)
_phone = lru_cache(maxsize=None)(phone_key)
_address = lru_cache(maxsize=None)(address_key)


def _blank(text: str) -> str | None:
    return text or None


def sales_frames(sales: list[Sale]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sales and their lines as DataFrames (``position`` ties a line to its sale)."""
    columns: dict[str, list] = {name: [] for name in _SALE_COLUMNS}
    lines: dict[str, list] = {name: [] for name in _LINE_COLUMNS}
    for position, sale in enumerate(sales):
        values = (
            position,
            sale.row,
            sale.sale_key,
            _blank(sale.ebay_order_number),
            _blank(sale.sales_record_number),
            _blank(sale.buyer_user_id),
            _user(sale.buyer_user_id),
            _blank(sale.buyer_name),
            _blank(sale.buyer_email),
            _email(sale.buyer_email),
            _blank(sale.buyer_phone),
            _phone(sale.buyer_phone),
            _blank(sale.buyer_address1),
            _blank(sale.buyer_address2),
            _blank(sale.buyer_city),
            _blank(sale.buyer_state),
            _blank(sale.buyer_zip),
            _blank(sale.buyer_country),
            _address(
                sale.buyer_address1,
                sale.buyer_address2,
                sale.buyer_city,
                sale.buyer_state,
                sale.buyer_zip,
                sale.buyer_country,
            )
            if sale.buyer_address1
            else None,
            _blank(sale.ship_name),
            _blank(sale.ship_phone),
            _blank(sale.ship_address1),
            _blank(sale.ship_address2),
            _blank(sale.ship_city),
            _blank(sale.ship_state),
            _blank(sale.ship_zip),
            _blank(sale.ship_country),
            _address(
                sale.ship_address1,
                sale.ship_address2,
                sale.ship_city,
                sale.ship_state,
                sale.ship_zip,
                sale.ship_country,
            )
            if sale.ship_address1
            else None,
            sale.sale_date.isoformat(),
            sale.paid_date.isoformat() if sale.paid_date else None,
            _blank(sale.shipping_service),
            _blank(sale.payment_method),
            _blank(sale.payment_reference),
            money_str(sale.merchandise),
            money_str(sale.shipping),
            money_str(sale.seller_tax),
            money_str(sale.ebay_tax),
            money_str(sale.ebay_charges),
            money_str(sale.total_price),
            money_str(sale.deposit_amount),
            "; ".join(sale.review) or None,
            f'{{"first_row": {sale.row}, "rows": [{", ".join(str(ln.row) for ln in sale.lines)}]}}',
        )
        for name, value in zip(_SALE_COLUMNS, values, strict=True):
            columns[name].append(value)
        for line in sale.lines:
            for name, value in zip(
                _LINE_COLUMNS,
                (
                    position,
                    line.line_no,
                    line.row,
                    _blank(line.sku),
                    _blank(line.ebay_item_id),
                    _blank(line.ebay_transaction_id),
                    line.title,
                    line.quantity,
                    money_str(line.unit_price),
                    money_str(line.amount),
                    _blank(line.variation),
                ),
                strict=True,
            ):
                lines[name].append(value)
    return pd.DataFrame(columns, dtype=object), pd.DataFrame(lines, dtype=object)


_SALE_COLUMNS = (
    "position",
    "row_number",
    "sale_key",
    "ebay_order_number",
    "sales_record_number",
    "buyer_user_id",
    "user_id_norm",
    "buyer_name",
    "buyer_email",
    "email_norm",
    "buyer_phone",
    "phone_norm",
    "buyer_address1",
    "buyer_address2",
    "buyer_city",
    "buyer_state",
    "buyer_postal_code",
    "buyer_country",
    "buyer_address_key",
    "ship_name",
    "ship_phone",
    "ship_address1",
    "ship_address2",
    "ship_city",
    "ship_state",
    "ship_postal_code",
    "ship_country",
    "ship_address_key",
    "order_date",
    "paid_date",
    "shipping_service",
    "payment_method",
    "payment_reference",
    "merchandise",
    "shipping",
    "seller_tax",
    "ebay_tax",
    "ebay_charges",
    "total_price",
    "deposit_amount",
    "review_reason",
    "raw",
)
_LINE_COLUMNS = (
    "position",
    "line_no",
    "row_number",
    "sku",
    "ebay_item_id",
    "ebay_transaction_id",
    "title",
    "quantity",
    "unit_price",
    "amount",
    "variation",
)
_TEXT = [
    c
    for c in _SALE_COLUMNS
    if c
    not in (
        "position",
        "row_number",
        "order_date",
        "paid_date",
        "merchandise",
        "shipping",
        "seller_tax",
        "ebay_tax",
        "ebay_charges",
        "total_price",
        "deposit_amount",
    )
]
_MONEY = (
    "merchandise",
    "shipping",
    "seller_tax",
    "ebay_tax",
    "ebay_charges",
    "total_price",
    "deposit_amount",
)


def stage_file(
    con: duckdb.DuckDBPyConnection, sales_file: SalesFile, account_id: int, *, unmatched: str
) -> int:
    """Write the batch, its staged sales, lines and rejections; returns the batch id."""
    if unmatched not in UNMATCHED_CHOICES:
        raise ValueError(f"unmatched must be one of {UNMATCHED_CHOICES}")
    batch_id = con.execute(
        "INSERT INTO import_batches (source, format, account_id, file_name, sha256, rows_read,"
        " sales_count, rejected_count, created_by) VALUES ('ebay', ?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING batch_id",
        [
            sales_file.format,
            account_id,
            sales_file.file_name,
            sales_file.sha256,
            sales_file.rows_read,
            len(sales_file.sales),
            len(sales_file.rejections),
            audit.current_user(),
        ],
    ).fetchone()[0]
    sales, lines = sales_frames(sales_file.sales)
    con.register("incoming_sales", sales)
    con.register("incoming_lines", lines)
    text = ", ".join(f"CAST(f.{c} AS VARCHAR) AS {c}" for c in _TEXT)
    money = ", ".join(f"CAST(f.{c} AS DECIMAL(12,2)) AS {c}" for c in _MONEY)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE staged_new AS
        SELECT nextval('seq_staged_sale_id') AS staged_sale_id, CAST(f.position AS INTEGER) AS
            position, CAST(f.row_number AS INTEGER) AS row_number, {text}, {money},
            CAST(f.order_date AS DATE) AS order_date, CAST(f.paid_date AS DATE) AS paid_date
        FROM incoming_sales f"""
    )
    columns = [c for c in _SALE_COLUMNS if c != "position"]
    con.execute(
        f"INSERT INTO staged_sales (staged_sale_id, batch_id, account_id, status, match_status,"
        f" {', '.join(columns)}) SELECT staged_sale_id, ?, ?, 'staged', 'unmatched',"
        f" {', '.join(columns)} FROM staged_new ORDER BY staged_sale_id",
        [batch_id, account_id],
    )
    con.execute(
        "INSERT INTO staged_sale_lines (staged_sale_id, line_no, row_number, sku, ebay_item_id,"
        " ebay_transaction_id, title, quantity, unit_price, amount, variation)"
        " SELECT s.staged_sale_id, CAST(l.line_no AS INTEGER), CAST(l.row_number AS INTEGER),"
        " CAST(l.sku AS VARCHAR), CAST(l.ebay_item_id AS VARCHAR),"
        " CAST(l.ebay_transaction_id AS VARCHAR), CAST(l.title AS VARCHAR),"
        " CAST(l.quantity AS INTEGER), CAST(l.unit_price AS DECIMAL(12,2)),"
        " CAST(l.amount AS DECIMAL(12,2)), CAST(l.variation AS VARCHAR)"
        " FROM incoming_lines l JOIN staged_new s ON s.position = CAST(l.position AS INTEGER)"
    )
    if sales_file.rejections:
        rejected = pd.DataFrame(
            [r.as_dict() for r in sales_file.rejections], columns=["row", "field", "reason"]
        ).astype(object)
        con.register("incoming_rejections", rejected)
        con.execute(
            "INSERT INTO import_rejections (batch_id, row_number, field, reason)"
            " SELECT ?, CAST(row AS INTEGER), CAST(field AS VARCHAR), CAST(reason AS VARCHAR)"
            " FROM incoming_rejections",
            [batch_id],
        )
        con.unregister("incoming_rejections")
    con.unregister("incoming_sales")
    con.unregister("incoming_lines")
    con.execute("CREATE OR REPLACE TEMP TABLE link_scope AS SELECT staged_sale_id FROM staged_new")
    mark_already_imported(con)
    link_known_customers(con)
    decide_unmatched(con, unmatched)
    audit.record(
        con,
        "stage",
        "import_batch",
        batch_id,
        after={
            "file": sales_file.file_name,
            "sha256": sales_file.sha256,
            "format": sales_file.format,
            "sales": len(sales_file.sales),
            "rejected": len(sales_file.rejections),
        },
    )
    con.execute("DROP TABLE staged_new")
    return int(batch_id)


# The helpers below act on the staged sales listed in the temp table ``link_scope``.


def mark_already_imported(con: duckdb.DuckDBPyConnection) -> None:
    """A sale whose account + key already has an order is not imported again."""
    con.execute(
        "UPDATE staged_sales SET status = 'already_imported', order_id = o.order_id"
        " FROM orders o WHERE staged_sales.staged_sale_id IN"
        " (SELECT staged_sale_id FROM link_scope)"
        " AND staged_sales.status IN ('staged', 'held')"
        " AND o.account_id = staged_sales.account_id AND o.sale_key = staged_sales.sale_key"
    )


def link_known_customers(con: duckdb.DuckDBPyConnection) -> None:
    """Link by a known eBay user id, else by the same normalised e-mail (customer or alias)."""
    scope = (
        "staged_sales.staged_sale_id IN (SELECT staged_sale_id FROM link_scope)"
        " AND staged_sales.customer_id IS NULL AND staged_sales.status IN ('staged', 'held')"
    )
    con.execute(
        "UPDATE staged_sales SET customer_id = a.customer_id, match_status = 'linked',"
        " match_reason = 'known eBay user id'"
        f" FROM customer_aliases a WHERE {scope} AND a.kind = 'ebay_user'"
        " AND a.value_norm = staged_sales.user_id_norm"
    )
    con.execute(
        "UPDATE staged_sales SET customer_id = m.customer_id, match_status = 'linked',"
        " match_reason = 'same e-mail' FROM ("
        "  SELECT email_norm, min(customer_id) AS customer_id FROM ("
        "   SELECT c.email_norm, c.customer_id FROM customers c WHERE c.email_norm IN"
        "    (SELECT s.email_norm FROM staged_sales s JOIN link_scope USING (staged_sale_id))"
        "   UNION ALL SELECT a.value_norm, a.customer_id FROM customer_aliases a"
        "    WHERE a.kind = 'email') e GROUP BY email_norm) m"
        f" WHERE {scope} AND m.email_norm = staged_sales.email_norm"
    )
    con.execute(
        "UPDATE staged_sales SET status = 'staged' WHERE staged_sale_id IN"
        " (SELECT staged_sale_id FROM link_scope) AND status = 'held' AND match_status = 'linked'"
    )


def decide_unmatched(con: duckdb.DuckDBPyConnection, unmatched: str) -> None:
    """The batch decision for sales no rule linked: create a customer, or hold for the operator."""
    if unmatched == "create":
        sql = (
            "UPDATE staged_sales SET match_status = 'create', match_reason = 'new customer'"
            " WHERE staged_sale_id IN (SELECT staged_sale_id FROM link_scope)"
            " AND status = 'staged' AND customer_id IS NULL"
        )
    else:
        sql = (
            "UPDATE staged_sales SET status = 'held',"
            " match_reason = 'no e-mail or user id match: choose a customer'"
            " WHERE staged_sale_id IN (SELECT staged_sale_id FROM link_scope)"
            " AND status = 'staged' AND customer_id IS NULL AND match_status = 'unmatched'"
        )
    con.execute(sql)


def batch_counts(con: duckdb.DuckDBPyConnection, batch_id: int) -> dict[str, int]:
    """How many staged sales of the batch are in each status and decision."""
    rows = con.execute(
        "SELECT status, match_status, count(*) FROM staged_sales WHERE batch_id = ? GROUP BY ALL",
        [batch_id],
    ).fetchall()
    counts: dict[str, int] = {}
    for status, match, number in rows:
        counts[status] = counts.get(status, 0) + number
        counts[f"match_{match}"] = counts.get(f"match_{match}", 0) + number
    return counts


def raw_rows(raw: str) -> list[int]:
    """The file rows a staged sale came from (its ``raw`` provenance)."""
    try:
        return list(json.loads(raw).get("rows", []))
    except (ValueError, AttributeError):
        return []
