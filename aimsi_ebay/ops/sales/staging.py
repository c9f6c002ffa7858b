"""Staging: a read sales file becomes an import batch of staged sales (one per eBay order).

Set-based: the sales become two DataFrames (money as text), registered and written with
``INSERT … SELECT``. Staging marks the sales already imported (account + eBay order number, else
sales record number), links customers automatically (a known eBay user id or the same normalised
e-mail) and records the decision for the rest (``--unmatched create|hold``). Everything here runs
inside the caller's write transaction.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from aimsi_ebay.db import audit
from aimsi_ebay.db.ids import next_id
from aimsi_ebay.formats.ebay.sales.model import SalesFile
from aimsi_ebay.ops.sales.sale_keys import stage_keys

UNMATCHED_CHOICES = ("create", "hold")
_NEW_CUSTOMER = "new customer"
_HOLD_REASON = "no e-mail or user id match: choose a customer"

_SALE_COLUMNS = (
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
    "payment_memo",
    "merchandise",
    "shipping",
    "seller_tax",
    "ebay_tax",
    "ebay_charges",
    "total_price",
    "deposit_amount",
    "adjustment",
    "adjustment_kind",
    "closed_reason",
    "review_reason",
)
_TEXT = (
    "ebay_order_number", "sales_record_number", "buyer_user_id", "buyer_name", "buyer_email",
    "buyer_phone", "buyer_address1", "buyer_address2", "buyer_city", "buyer_state",
    "buyer_country", "ship_name", "ship_phone", "ship_address1", "ship_address2", "ship_city",
    "ship_state", "ship_country", "shipping_service", "payment_method", "payment_reference",
    "payment_memo",
)  # fmt: skip
# A sale's addresses (``staged_places``): Create Order reads them only for what it creates
# (the ship-to name stays in its ``work``: a new customer may be named by it).
PLACE_COLUMNS = tuple(
    f"{side}_{part}"
    for side in ("buyer", "ship")
    for part in (("phone",) if side == "ship" else ())
    + ("address1", "address2", "city", "state", "postal_code", "country")
)


STAGED_COLUMNS = (
    "staged_sale_id", "batch_id", "account_id", "status", "match_status", "match_reason",
    "customer_id", "order_id", "ship_choice", "chosen_ship_to_id", *_SALE_COLUMNS,
)  # fmt: skip
STAGED_LINE_COLUMNS = (
    "staged_sale_id, line_no, row_number, sku, ebay_item_id, ebay_transaction_id, title,"
    " quantity, unit_price, amount, variation"
)
_FROM_NEW = (
    "sale_key", "user_id_norm", "email_norm", "phone_norm", "buyer_address_key",
    "ship_address_key",
)  # fmt: skip
_FROM_FILE = {
    "row_number": "f.row",
    "buyer_postal_code": "nullif(f.buyer_zip, '')",
    "ship_postal_code": "nullif(f.ship_zip, '')",
    # Sale.deposit_amount: eBay's part is not the store's; a closed sale pays nothing
    "deposit_amount": "f.total_price - CASE WHEN f.ebay_included AND f.closed_reason IS NULL"
    " THEN f.ebay_tax + f.ebay_charges ELSE 0 END",
    "review_reason": "f.review",
    "order_date": "f.sale_date",
}


def _value(column: str) -> str:
    """SQL: a staged column's value from ``staged_decision n`` (with the ids and keys of
    ``staged_new``) and ``incoming_sales f``."""
    if column in _FROM_NEW:
        return f"n.{column}"
    if column in _TEXT:
        return f"nullif(f.{column}, '')"
    return _FROM_FILE.get(column, f"f.{column}")


def _sale_values() -> str:
    """SQL: the values of ``_SALE_COLUMNS`` from ``staged_decision n`` and ``incoming_sales f``."""
    return ", ".join(f"{_value(c)} AS {c}" for c in _SALE_COLUMNS)


def stage_file(
    con: duckdb.DuckDBPyConnection,
    sales_file: SalesFile,
    account_id: int,
    *,
    unmatched: str,
    defer: bool = False,
    source: str = "ebay",
) -> int:
    """Write the batch, its staged sales, lines and rejections; returns the batch id.

    ``defer``: the staged sales, decided, wait in the temp view ``staged_pending`` (same
    columns) for Create Order in the same transaction to write them once, ordered
    (``order_creation.create_orders_in_scope(con, pending=True)``), their lines in the temp
    view ``staged_lines_pending``. ``source``: the channel
    (``ebay``, or ``shop`` for a web-shop export): its orders and new customers carry it."""
    if unmatched not in UNMATCHED_CHOICES:
        raise ValueError(f"unmatched must be one of {UNMATCHED_CHOICES}")
    batch_id = next_id(con, "seq_import_batch_id")
    con.execute(
        "INSERT INTO import_batches (batch_id, source, format, account_id, file_name, sha256,"
        " rows_read, sales_count, rejected_count, created_by, sale_rows, duplicate_rows,"
        " footer_rows, rejected_rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            batch_id,
            source,
            sales_file.format,
            account_id,
            sales_file.file_name,
            sales_file.sha256,
            sales_file.rows_read,
            sales_file.sales_count,
            len(sales_file.rejections),
            audit.current_user(),
            sales_file.sale_rows,
            len(sales_file.duplicates),
            sales_file.footer_rows,
            sales_file.rejected_rows,
        ],
    )
    con.register("incoming_sales", sales_file.sales_table)
    con.register("incoming_lines", sales_file.lines_table)
    stage_keys(con, sales_file.party_keys)
    create = unmatched == "create"
    # linked: each sale's automatic link (known user id or e-mail), else that of another sale of
    # the same eBay user in this file: one eBay user id is one customer.
    con.execute("CREATE OR REPLACE TEMP TABLE staged_known AS " + known_customers_sql("staged_new"))
    # Already imported? Linked? Else the batch decision (create or hold). Decided here, so each
    # staged sale is written once, final (no UPDATEs afterwards). The decision carries the ids and
    # keys of ``staged_new`` (dropped here): the sales' values are one join away.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE staged_decision AS
        SELECT n.*,
            CASE WHEN o.order_id IS NOT NULL THEN 'already_imported'
                 WHEN k.customer_id IS NOT NULL OR $create THEN 'staged' ELSE 'held' END
                AS status,
            CASE WHEN o.order_id IS NOT NULL THEN 'unmatched'
                 WHEN k.customer_id IS NOT NULL THEN 'linked'
                 WHEN $create THEN 'create' ELSE 'unmatched' END AS match_status,
            CASE WHEN o.order_id IS NOT NULL THEN NULL
                 WHEN k.customer_id IS NOT NULL THEN k.match_reason
                 WHEN $create THEN '{_NEW_CUSTOMER}' ELSE '{_HOLD_REASON}' END AS match_reason,
            CASE WHEN o.order_id IS NULL THEN k.customer_id END AS customer_id, o.order_id
        FROM staged_new n
        LEFT JOIN orders o ON o.account_id = $account AND o.sale_key = n.sale_key
        LEFT JOIN (SELECT n.staged_sale_id, coalesce(k.customer_id, u.customer_id) AS customer_id,
                coalesce(k.match_reason, u.match_reason) AS match_reason
            FROM staged_new n
            LEFT JOIN staged_known k ON k.staged_sale_id = n.staged_sale_id
            LEFT JOIN (SELECT n2.user_id_norm, min(k2.customer_id) AS customer_id,
                    'same eBay user id as another sale of this file' AS match_reason
                FROM staged_new n2 JOIN staged_known k2 ON k2.staged_sale_id = n2.staged_sale_id
                WHERE n2.user_id_norm IS NOT NULL GROUP BY n2.user_id_norm) u
                ON u.user_id_norm = n.user_id_norm) k
            ON k.staged_sale_id = n.staged_sale_id""",
        {"account": account_id, "create": create},
    )
    con.execute("DROP TABLE staged_known")
    con.execute("DROP TABLE staged_new")
    # The decided sales: the decision with the values, still a view of the file's sales
    con.execute(
        "CREATE OR REPLACE TEMP VIEW staged_pending AS SELECT n.staged_sale_id,"
        f" CAST({int(batch_id)} AS BIGINT) AS batch_id,"
        f" CAST({int(account_id)} AS BIGINT) AS account_id, n.status, n.match_status,"
        f" n.match_reason, n.customer_id, n.order_id, CAST(NULL AS VARCHAR) AS ship_choice,"
        f" CAST(NULL AS BIGINT) AS chosen_ship_to_id, {_sale_values()}, n.gkey"
        " FROM staged_decision n JOIN incoming_sales f ON f.gkey = n.gkey"
    )  # (and the file's key of the sale, last: Create Order joins the file's lines by it)
    # The addresses alone, for Create Order's new customers and ship-tos (``work`` has none), by
    # the file's key of the sale (``work.gkey``)
    con.execute(
        "CREATE OR REPLACE TEMP VIEW staged_places AS SELECT f.gkey, "
        + ", ".join(f"{_value(c)} AS {c}" for c in PLACE_COLUMNS)
        + " FROM incoming_sales f"
    )
    if not defer:
        con.execute(
            f"INSERT INTO staged_sales ({', '.join(STAGED_COLUMNS)})"
            f" SELECT {', '.join(STAGED_COLUMNS)} FROM staged_pending ORDER BY staged_sale_id"
        )
    # The lines as staged: written now, or (``defer``) by Create Order for the sales it leaves
    # waiting only; an ordered sale's lines are its order's lines (``order_lines``).
    con.execute(
        "CREATE OR REPLACE TEMP VIEW staged_lines_pending AS "
        + pending_lines_sql("staged_decision")
    )
    if not defer:
        con.execute(
            f"INSERT INTO staged_sale_lines ({STAGED_LINE_COLUMNS})"
            " SELECT * FROM staged_lines_pending"
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
    audit.record(
        con,
        "stage",
        "import_batch",
        batch_id,
        after={
            "file": sales_file.file_name,
            "sha256": sales_file.sha256,
            "format": sales_file.format,
            "sales": sales_file.sales_count,
            "rejected": len(sales_file.rejections),
        },
    )
    if not defer:
        release_staging(con)
    return int(batch_id)


def pending_lines_sql(sales: str) -> str:
    """SQL: the file's lines (``incoming_lines``) as staged (``STAGED_LINE_COLUMNS``) of the
    sales in ``sales`` (a relation with ``staged_sale_id`` and the file's ``gkey``)."""
    return (
        f"SELECT {STAGED_LINE_COLUMNS}"
        " FROM (SELECT s.staged_sale_id, l.line_no, l.row AS row_number, nullif(l.sku, '') AS sku,"
        " nullif(l.ebay_item_id, '') AS ebay_item_id,"
        " nullif(l.ebay_transaction_id, '') AS ebay_transaction_id, l.title, l.quantity,"
        " l.unit_price, l.amount, nullif(l.variation, '') AS variation"
        f" FROM incoming_lines l JOIN {sales} s ON s.gkey = l.gkey)"
    )


def release_staging(con: duckdb.DuckDBPyConnection) -> None:
    """Drop what staging kept for Create Order in the same transaction (``defer``)."""
    con.execute("DROP VIEW IF EXISTS staged_places")
    con.execute("DROP VIEW IF EXISTS staged_lines_pending")
    con.execute("DROP VIEW IF EXISTS staged_pending")
    con.execute("DROP TABLE IF EXISTS staged_decision")
    con.execute("DROP TABLE IF EXISTS staged_new")
    con.unregister("incoming_sales")
    con.unregister("incoming_lines")


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


def known_customers_sql(source: str) -> str:
    """SQL: the customer each row of ``source`` (``staged_sale_id``, ``user_id_norm``,
    ``email_norm``) is linked to automatically — a known eBay user id, else the same normalised
    e-mail (a customer's, or an e-mail alias) — with the reason; rows with neither are left out."""
    return f"""SELECT s.staged_sale_id, coalesce(u.customer_id, e.customer_id) AS customer_id,
            CASE WHEN u.customer_id IS NOT NULL THEN 'known eBay user id' ELSE 'same e-mail' END
                AS match_reason
        FROM {source} s
        LEFT JOIN (SELECT value_norm, customer_id FROM customer_aliases WHERE kind = 'ebay_user')
            u ON u.value_norm = s.user_id_norm  -- one per user id: (kind, value_norm) is the key
        LEFT JOIN (SELECT email_norm, min(customer_id) AS customer_id FROM (
                SELECT c.email_norm, c.customer_id FROM customers c
                WHERE c.email_norm IN (SELECT email_norm FROM {source})
                UNION ALL SELECT value_norm, customer_id FROM customer_aliases WHERE kind = 'email')
            GROUP BY email_norm) e ON e.email_norm = s.email_norm
        WHERE u.customer_id IS NOT NULL OR e.customer_id IS NOT NULL"""


def link_known_customers(con: duckdb.DuckDBPyConnection) -> None:
    """Link by a known eBay user id, else by the same normalised e-mail (customer or alias)."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE link_open AS SELECT staged_sale_id, user_id_norm,"
        " email_norm FROM staged_sales WHERE staged_sale_id IN"
        " (SELECT staged_sale_id FROM link_scope) AND customer_id IS NULL"
        " AND status IN ('staged', 'held')"
    )
    con.execute(
        "UPDATE staged_sales SET customer_id = k.customer_id, match_status = 'linked',"
        " match_reason = k.match_reason, status = 'staged'"
        f" FROM ({known_customers_sql('link_open')}) k"
        " WHERE staged_sales.staged_sale_id = k.staged_sale_id"
    )
    con.execute("DROP TABLE link_open")


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
