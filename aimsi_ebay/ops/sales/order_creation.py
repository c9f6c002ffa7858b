"""Create Order: staged sales become customers, ship-tos, orders, lines, stock commitments and
deposits, set-based, inside the caller's one write transaction (all of it or none of it).

The staged sales to order are listed in the temp table ``link_scope``. Because the Database
write lock serialises writers across processes and this runs inside the write transaction, the
"already imported?" and "customer already on file?" checks are re-run here, so two processes
importing overlapping files create no duplicate orders or customers; no two sales ordered
together share a key either (``_one_order_per_key``). The orders' UNIQUE indexes (sale key,
order number) stay as the last guard: these checks keep them from ever firing.
The customers, aliases and ship-tos are made in :mod:`parties`.

Money (DESIGN.md "The books balance"): order total = lines + shipping + seller tax; shipping is
the file's combined shipping (shipping and handling + insurance + handling/COD fees); eBay's
collected tax is kept as ``ebay_tax_memo``; the deposit is what the buyer paid the store (Total
Price less eBay's tax and charges when the file includes them), dated the paid date. An unpaid
sale's order is ``awaiting_payment`` and has no deposit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import duckdb

from aimsi_ebay.db.ids import ORDER_NUMBER_SQL, id_sql
from aimsi_ebay.ops.sales.parties import (
    add_aliases,
    create_customers,
    fill_blank_customer_fields,
    settle_ship_tos,
)
from aimsi_ebay.ops.sales.staging import (
    PLACE_COLUMNS,
    STAGED_COLUMNS,
    STAGED_LINE_COLUMNS,
    link_known_customers,
    mark_already_imported,
    pending_lines_sql,
    release_staging,
)
from aimsi_ebay.rules.money import ZERO

_READY = "status IN ('staged', 'held') AND (customer_id IS NOT NULL OR match_status = 'create')"
# The staged sale's columns Create Order reads (from the temp table ``work``): a narrower copy
# than the staged row (no totals, row number or decision texts) is quicker to make.
# The addresses are not copied into ``work`` either: only a new customer's and a new ship-to's
# are read, from ``staged_places`` (one row per sale, by ``staged_sale_id``, or by the file's
# key ``gkey`` for sales staged in the same transaction).
_WORK_COLUMNS = ", ".join(
    c
    for c in STAGED_COLUMNS
    if c not in ("status", "match_reason", "order_id", "row_number", "merchandise", "total_price")
    and c not in PLACE_COLUMNS
)
# What an ordered staged sale no longer keeps: the addresses, the phone key and the payment
# texts live once, on the customer, ship-to, order and deposit it became (``review.sale_detail``
# shows an ordered sale's ship-to from there). Writing them a second time for every ordered sale
# was about a third of the import's COMMIT. Kept: the identity (user id, name, e-mail, phone and
# their keys for "one eBay user id is one customer"), the decisions, dates and money.
ORDERED_DROPS = (
    "phone_norm", "buyer_address1", "buyer_address2", "buyer_city", "buyer_state",
    "buyer_postal_code", "buyer_country", "buyer_address_key", "ship_name", "ship_phone",
    "ship_address1", "ship_address2", "ship_city", "ship_state", "ship_postal_code",
    "ship_country", "ship_address_key", "shipping_service", "payment_method",
    "payment_reference", "payment_memo",
)  # fmt: skip


@dataclass
class CreationCounts:
    orders_created: int = 0
    already_imported: int = 0
    not_ready: int = 0
    customers_linked: int = 0
    customers_created: int = 0
    ship_tos_created: int = 0
    ship_tos_reused: int = 0
    deposits: int = 0
    deposits_total: Decimal = ZERO
    awaiting_payment: int = 0
    needs_review: int = 0
    cancelled: int = 0  # refunded or cancelled on eBay before the download ($0.00)

    def add(self, other: CreationCounts) -> None:
        """Accumulate another run's counts (the dashboard creates orders in chunks)."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def create_orders_in_scope(
    con: duckdb.DuckDBPyConnection, *, pending: bool = False, dry_run: bool = False
) -> CreationCounts:
    """Order every ready staged sale listed in ``link_scope``. ``pending``: the sales were staged
    (and decided) in this same transaction and wait in ``staged_pending``
    (``stage_file(defer=True)``), all of them in scope; they are written to ``staged_sales``
    once, final. ``dry_run``: everything but drawing order numbers and writing the orders, their
    lines, stock and deposits (the caller rolls the transaction back), so a dry run counts what
    the real run does without using up order numbers."""
    counts = CreationCounts()
    # decided: the sales' decisions (narrower than their values)
    if pending:
        decided, scope = "staged_decision", "TRUE"
        _split_pending(con)
    else:  # decided in another transaction: check again under the write lock
        decided = "staged_sales"
        scope = "staged_sale_id IN (SELECT staged_sale_id FROM link_scope)"
        mark_already_imported(con)
        link_known_customers(con)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE work AS SELECT {_WORK_COLUMNS} FROM staged_sales"
            f" WHERE {scope} AND {_READY}"
        )
        con.execute(
            "CREATE OR REPLACE TEMP VIEW staged_places AS SELECT staged_sale_id, "
            + ", ".join(PLACE_COLUMNS)
            + " FROM staged_sales"
        )
    before, counts.already_imported = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE status = 'already_imported')"
        f" FROM {decided} WHERE {scope}"
    ).fetchone()
    counts.already_imported += _one_order_per_key(con, pending=pending)
    ready = _count(con, "SELECT count(*) FROM work")
    counts.not_ready = before - ready - counts.already_imported
    if not ready:
        if pending:
            _write_pending(con)
        else:
            con.execute("DROP VIEW staged_places")
        return counts
    counts.customers_linked = _count(
        con, "SELECT count(DISTINCT customer_id) FROM work WHERE customer_id IS NOT NULL"
    )
    by = "gkey" if pending else "staged_sale_id"  # how a sale of work finds its addresses
    counts.customers_created = create_customers(con, by)
    fill_blank_customer_fields(con)
    add_aliases(con)
    counts.ship_tos_created, counts.ship_tos_reused = settle_ship_tos(con, by)
    _write_orders(con, counts, pending=pending, dry_run=dry_run)
    return counts


def _one_order_per_key(con: duckdb.DuckDBPyConnection, *, pending: bool) -> int:
    """One order per account and sale key, checked here under the write lock (the UNIQUE index
    behind it would fail the whole import instead). Of the sales in ``work`` that share a
    key, the first (by staged sale id) is ordered; the others leave ``work`` (to
    ``pending_rest`` when pending) and :func:`_write_orders` marks them already imported by its
    order, as any staged sale whose key an order gets. Returns how many left."""
    repeated = _count(
        con,
        "SELECT count(*) FROM (SELECT account_id, sale_key FROM work GROUP BY ALL"
        " HAVING count(*) > 1)",
    )
    if not repeated:
        return 0
    con.execute(
        "CREATE OR REPLACE TEMP TABLE key_repeats AS SELECT staged_sale_id FROM (SELECT"
        " staged_sale_id, row_number() OVER (PARTITION BY account_id, sale_key"
        " ORDER BY staged_sale_id) AS n FROM work) WHERE n > 1"
    )
    if pending:
        con.execute(
            f"INSERT INTO pending_rest SELECT {', '.join(STAGED_COLUMNS)} FROM staged_pending"
            " WHERE staged_sale_id IN (SELECT staged_sale_id FROM key_repeats)"
        )
    con.execute("DELETE FROM work WHERE staged_sale_id IN (SELECT staged_sale_id FROM key_repeats)")
    left = _count(con, "SELECT count(*) FROM key_repeats")
    con.execute("DROP TABLE key_repeats")
    return left


def _split_pending(con: duckdb.DuckDBPyConnection) -> None:
    """``work``: the ready sales of ``staged_pending`` with every staged column but the
    addresses (``staged_places``; their staged rows are written from it once ordered);
    ``pending_rest``: the others (held, already imported), every column, written as they are."""
    columns = ", ".join(c for c in STAGED_COLUMNS if c not in PLACE_COLUMNS)
    con.execute(f"CREATE OR REPLACE TEMP TABLE work AS SELECT {columns}, gkey FROM staged_pending")
    if _count(con, f"SELECT count(*) FROM work WHERE NOT ({_READY})"):
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE pending_rest AS SELECT {', '.join(STAGED_COLUMNS)}"
            f" FROM staged_pending WHERE NOT ({_READY})"
        )
        con.execute(f"DELETE FROM work WHERE NOT ({_READY})")
    else:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE pending_rest AS SELECT {', '.join(STAGED_COLUMNS)}"
            " FROM staged_pending LIMIT 0"
        )


def _write_pending(con: duckdb.DuckDBPyConnection, ordered: bool = False) -> None:
    """Write the pending sales to ``staged_sales``, once, final: ``pending_rest`` as it is, and
    ``work`` (when ``ordered``) as ordered, with its order from ``new_orders`` (every sale of
    ``work`` has one: ``new_orders`` is ``work`` joined to its one ``ship_plan`` row), keeping
    none of ``ORDERED_DROPS``."""
    columns = ", ".join(STAGED_COLUMNS)
    if _count(con, "SELECT count(*) FROM pending_rest"):  # (the lines' view joins the file's)
        con.execute(f"INSERT INTO staged_sales ({columns}) SELECT {columns} FROM pending_rest")
        con.execute(
            f"INSERT INTO staged_sale_lines ({STAGED_LINE_COLUMNS}) SELECT {STAGED_LINE_COLUMNS}"
            " FROM staged_lines_pending WHERE staged_sale_id IN (SELECT staged_sale_id FROM"
            " pending_rest)"
        )
    if ordered:
        final = {
            "status": "'ordered'",
            "customer_id": "o.customer_id",
            "order_id": "o.order_id",
        } | {c: "NULL" for c in ORDERED_DROPS}
        # No ORDER BY: sorting the wide rows cost more than it gives (ids come nearly in order).
        con.execute(
            f"INSERT INTO staged_sales ({columns}, ship_to_id) SELECT "
            + ", ".join(final.get(c, f"w.{c}") for c in STAGED_COLUMNS)
            + ", o.ship_to_id FROM work w JOIN new_orders o ON o.staged_sale_id = w.staged_sale_id"
        )
    con.execute("DROP TABLE pending_rest")
    release_staging(con)


def _write_orders(
    con: duckdb.DuckDBPyConnection,
    counts: CreationCounts,
    *,
    pending: bool = False,
    dry_run: bool = False,
) -> None:
    """``line_plan`` (the lines, each with its SKU on file) and ``new_orders`` (one per sale of
    ``work``, with its ship-to from ``ship_plan``), then the orders, lines, stock commitments and
    deposits from them; the staged sales become 'ordered'."""
    # the lines of ``work``'s sales: still the file's (joined by the file's key) or staged earlier
    lines = (
        pending_lines_sql("work")
        if pending
        else "SELECT l.* FROM staged_sale_lines l JOIN work w ON w.staged_sale_id = l.staged_sale_id"
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE line_plan AS
        SELECT l.*, coalesce(exact.sku, folded.sku) AS known_sku
        FROM ({lines}) l
        LEFT JOIN skus exact ON exact.sku = l.sku
        LEFT JOIN (SELECT upper(trim(sku)) AS folded, min(sku) AS sku FROM skus GROUP BY 1) folded
            ON folded.folded = upper(trim(l.sku))"""
    )
    number = "CAST(NULL AS VARCHAR)" if dry_run else ORDER_NUMBER_SQL
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE new_orders AS
        SELECT {id_sql("seq_order_id")} AS order_id, {number} AS order_number, w.*
        FROM (SELECT w.staged_sale_id, w.account_id, w.sale_key, w.ebay_order_number,
                w.sales_record_number, w.customer_id, p.ship_to_id, w.order_date, w.paid_date,
                w.shipping_service, w.batch_id, w.shipping, w.seller_tax,
                coalesce(b.source, 'ebay') AS source,
                CASE WHEN w.closed_reason IS NULL THEN w.ebay_tax + w.ebay_charges ELSE 0 END
                    AS ebay_memo,
                CASE WHEN w.closed_reason IS NULL THEN w.deposit_amount ELSE 0 END
                    AS deposit_amount,
                w.payment_method, w.payment_reference, w.payment_memo,
                coalesce(w.adjustment, 0) AS adjustment, w.adjustment_kind, w.closed_reason,
                coalesce(m.merchandise, 0) AS merchandise,
                nullif(concat_ws('; ', w.review_reason, u.unknown), '') AS review_reason
              FROM work w JOIN ship_plan p ON p.staged_sale_id = w.staged_sale_id
              LEFT JOIN import_batches b ON b.batch_id = w.batch_id
              LEFT JOIN (SELECT staged_sale_id, sum(amount) AS merchandise FROM line_plan
                  GROUP BY staged_sale_id) m ON m.staged_sale_id = w.staged_sale_id
              LEFT JOIN (SELECT staged_sale_id, string_agg('line ' || line_no || ': Custom Label '
                    || coalesce('''' || sku || '''', '(blank)') || ' is not a SKU', '; '
                    ORDER BY line_no) AS unknown
                  FROM line_plan WHERE known_sku IS NULL  -- few: the ordered aggregate is costly
                  GROUP BY staged_sale_id) u ON u.staged_sale_id = w.staged_sale_id
              ORDER BY w.order_date, w.staged_sale_id) w"""
    )
    if not dry_run:
        _insert_orders(con)
    if pending:
        _write_pending(con, ordered=True)
    else:
        con.execute(
            """UPDATE staged_sales SET status = 'ordered', order_id = o.order_id,
                customer_id = o.customer_id, ship_to_id = o.ship_to_id,
                match_status = w.match_status, """
            + ", ".join(f"{c} = NULL" for c in ORDERED_DROPS)
            + """
            FROM new_orders o JOIN work w ON w.staged_sale_id = o.staged_sale_id
            WHERE staged_sales.staged_sale_id = o.staged_sale_id"""
        )
        con.execute(
            "DELETE FROM staged_sale_lines WHERE staged_sale_id IN"
            " (SELECT staged_sale_id FROM new_orders)"
        )  # an ordered sale's lines are its order's
        con.execute("DROP VIEW staged_places")
    con.execute(
        """UPDATE staged_sales SET status = 'already_imported', order_id = o.order_id
        FROM new_orders o WHERE staged_sales.status IN ('staged', 'held')
          AND staged_sales.account_id = o.account_id AND staged_sales.sale_key = o.sale_key"""
    )
    row = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE paid_date IS NULL AND closed_reason IS NULL),"
        " count(*) FILTER (WHERE review_reason IS NOT NULL),"
        f" count(*) FILTER (WHERE {_PAID}), coalesce(sum(deposit_amount) FILTER (WHERE {_PAID}),"
        " 0), count(*) FILTER (WHERE closed_reason IS NOT NULL) FROM new_orders"
    ).fetchone()
    counts.orders_created, counts.awaiting_payment, counts.needs_review, counts.deposits = row[:4]
    counts.deposits_total = Decimal(row[4]).quantize(Decimal("0.01"))
    counts.cancelled = row[5]


# A deposit: the sale was paid, not closed, and paid the store something.
_PAID = "paid_date IS NOT NULL AND closed_reason IS NULL AND deposit_amount > 0"


def _insert_orders(con: duckdb.DuckDBPyConnection) -> None:
    """Write ``new_orders`` and ``line_plan``: orders (a closed sale's order is 'cancelled' with
    its reason), lines, stock committed (not for closed sales), deposits. The source is the
    batch's (``ebay``, or ``shop``: a shop order's name is its key, not an eBay order number)."""
    con.execute(
        f"""INSERT INTO orders (order_id, order_number, account_id, source, sale_key,
            ebay_order_number, sales_record_number, customer_id, ship_to_id, status, needs_review,
            awaiting_payment, review_reason, order_date, paid_date, shipping_service, merchandise,
            shipping, seller_tax, ebay_tax_memo, total, import_batch_id, adjustment,
            adjustment_kind, closed_reason, deposit_total)
        SELECT order_id, order_number, account_id, source, sale_key,
            CASE WHEN source = 'ebay' THEN ebay_order_number END,
            sales_record_number, customer_id, ship_to_id,
            CASE WHEN closed_reason IS NULL THEN 'open' ELSE 'cancelled' END,
            review_reason IS NOT NULL, paid_date IS NULL AND closed_reason IS NULL,
            review_reason, order_date, paid_date, shipping_service, merchandise, shipping,
            seller_tax, ebay_memo, merchandise + shipping + seller_tax + adjustment, batch_id,
            adjustment, adjustment_kind, closed_reason,
            CASE WHEN {_PAID} THEN deposit_amount ELSE 0 END  -- its deposit, below (025)
        FROM new_orders"""  # in order_id order already (a scan keeps the insertion order)
    )
    con.execute(
        """INSERT INTO order_lines (order_id, line_no, sku, ebay_item_id, ebay_transaction_id,
            title, quantity, unit_price, amount)
        SELECT o.order_id, l.line_no, l.known_sku, l.ebay_item_id, l.ebay_transaction_id,
            l.title, l.quantity, l.unit_price, l.amount
        FROM line_plan l JOIN new_orders o ON o.staged_sale_id = l.staged_sale_id"""
    )
    con.execute(
        "UPDATE skus SET qty_committed = skus.qty_committed + c.units FROM ("
        " SELECT l.known_sku, sum(l.quantity) AS units FROM line_plan l"
        " JOIN new_orders o ON o.staged_sale_id = l.staged_sale_id"
        " WHERE l.known_sku IS NOT NULL AND o.closed_reason IS NULL"
        " GROUP BY l.known_sku) c WHERE skus.sku = c.known_sku"
    )
    con.execute(
        f"""INSERT INTO deposits (customer_id, order_id, amount, method, reference, memo,
            received_date)
        SELECT customer_id, order_id, deposit_amount,
            coalesce(payment_method, CASE WHEN source = 'ebay' THEN 'eBay' ELSE 'web shop' END),
            payment_reference, payment_memo, paid_date
        FROM new_orders WHERE {_PAID} ORDER BY order_id"""
    )


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.execute(sql).fetchone()[0])
