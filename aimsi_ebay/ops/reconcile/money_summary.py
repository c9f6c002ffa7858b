"""The money figures the writers keep for the deposits and payouts views (migration 025).

Issue 18's figure (every view over 1,000,000 orders ≤ 3x one scan) cannot be met by
aggregating every application, refund, credit note and eBay row on each view, so each row
carries its own sums, written in the same transaction as the rows they sum:

- ``deposits.applied`` / ``refunded``: Σ ``invoice_payments`` (by deposit) / Σ
  ``deposit_refunds`` (by deposit) — invoicing's posting and payments, refunds;
- ``invoices.paid`` / ``credited`` / ``refunded``: Σ payments, Σ credit notes, Σ refunds paid out
  against those credit notes (refunds with no deposit) — invoicing and refunds;
- ``orders.deposit_total``: Σ its deposits — the sales import, a void (payments become
  deposits), the demo store; ``orders.ebay_order_rows`` / ``ebay_gross`` / ``ebay_first_date``:
  its matched Order rows — the payouts import (rows get an order only when it matches them);
- ``payout_totals``: per (account, payout) the per-kind sums of the rows paid out — the payouts
  import, for the payouts its rows touch.

:func:`rebuild` recomputes every figure from its source rows (``reconcile --rebuild-summary``,
a repair, and what a store filled by plain SQL runs once); :func:`drift` names what differs.
"""

from __future__ import annotations

import duckdb

from aimsi_ebay.db import Database

# Each kept figure recomputed from its source rows (the migration's backfill is the same SQL).
DEPOSIT_FIGURES = """SELECT d.deposit_id,
        CAST(coalesce((SELECT sum(p.amount) FROM invoice_payments p
                       WHERE p.deposit_id = d.deposit_id), 0) AS DECIMAL(12,2)) AS applied,
        CAST(coalesce((SELECT sum(r.amount) FROM deposit_refunds r
                       WHERE r.deposit_id = d.deposit_id), 0) AS DECIMAL(12,2)) AS refunded
    FROM deposits d"""
INVOICE_FIGURES = """SELECT i.invoice_id,
        CAST(coalesce((SELECT sum(p.amount) FROM invoice_payments p
                       WHERE p.invoice_id = i.invoice_id), 0) AS DECIMAL(12,2)) AS paid,
        CAST(coalesce((SELECT sum(c.amount) FROM credit_notes c
                       WHERE c.invoice_id = i.invoice_id), 0) AS DECIMAL(12,2)) AS credited,
        CAST(coalesce((SELECT sum(r.amount) FROM credit_notes c JOIN deposit_refunds r
                       ON r.refund_id = c.refund_id AND r.deposit_id IS NULL
                       WHERE c.invoice_id = i.invoice_id), 0) AS DECIMAL(12,2)) AS refunded
    FROM invoices i"""
ORDER_FIGURES = """SELECT o.order_id,
        CAST(coalesce((SELECT sum(d.amount) FROM deposits d WHERE d.order_id = o.order_id), 0)
             AS DECIMAL(12,2)) AS deposit_total,
        (SELECT count(*) FROM ebay_transactions t WHERE t.order_id = o.order_id
         AND lower(t.type) = 'order') AS ebay_order_rows,
        CAST((SELECT sum(t.gross_amount) FROM ebay_transactions t WHERE t.order_id = o.order_id
              AND lower(t.type) = 'order') AS DECIMAL(12,2)) AS ebay_gross,
        (SELECT min(t.creation_date) FROM ebay_transactions t WHERE t.order_id = o.order_id
         AND lower(t.type) = 'order') AS ebay_first_date
    FROM orders o"""
# What a payout paid, by kind, over its rows other than the Payout row itself.
PAYOUT_FIGURES = """SELECT t.account_id, t.payout_id,
        count(DISTINCT t.order_number) FILTER (WHERE lower(t.type) = 'order') AS orders,
        CAST(sum(t.gross_amount) FILTER (WHERE lower(t.type) = 'order') AS DECIMAL(16,2)) AS sales,
        CAST(sum(t.fees) AS DECIMAL(16,2)) AS fees,
        CAST(sum(t.net_amount) FILTER (WHERE lower(t.type) = 'refund') AS DECIMAL(16,2)) AS refunds,
        CAST(sum(t.net_amount) FILTER (WHERE lower(t.type) = 'shipping label')
             AS DECIMAL(16,2)) AS labels,
        CAST(sum(t.net_amount) FILTER (WHERE lower(t.type) NOT IN ('order', 'refund',
             'shipping label')) AS DECIMAL(16,2)) AS other,
        CAST(sum(t.net_amount) AS DECIMAL(16,2)) AS rows_net, count(*) AS row_count
    FROM ebay_transactions t
    WHERE lower(t.type) <> 'payout' AND t.payout_id IS NOT NULL AND ({where})
    GROUP BY t.account_id, t.payout_id"""
PAYOUT_COLUMNS = ("orders", "sales", "fees", "refunds", "labels", "other", "rows_net",
                  "row_count")  # fmt: skip

_KEPT = {  # table: (key, columns, fresh figures: ``SELECT … FROM table alias``, alias)
    "deposits": ("deposit_id", ("applied", "refunded"), DEPOSIT_FIGURES, "d"),
    "invoices": ("invoice_id", ("paid", "credited", "refunded"), INVOICE_FIGURES, "i"),
    "orders": ("order_id", ("deposit_total", "ebay_order_rows", "ebay_gross", "ebay_first_date"),
               ORDER_FIGURES, "o"),
}  # fmt: skip


def refresh_deposits(con: duckdb.DuckDBPyConnection, deposit_ids_sql: str) -> None:
    """Recompute ``applied`` and ``refunded`` of the deposits ``deposit_ids_sql`` selects."""
    _refresh(con, "deposits", deposit_ids_sql)


def refresh_invoices(con: duckdb.DuckDBPyConnection, invoice_ids_sql: str) -> None:
    """Recompute ``paid``, ``credited`` and ``refunded`` of the invoices selected."""
    _refresh(con, "invoices", invoice_ids_sql)


def refresh_orders(con: duckdb.DuckDBPyConnection, order_ids_sql: str) -> None:
    """Recompute the deposit total and the Order-row figures of the orders selected."""
    _refresh(con, "orders", order_ids_sql)


def refresh_payouts(con: duckdb.DuckDBPyConnection, payouts_sql: str) -> None:
    """Recompute ``payout_totals`` of the (account_id, payout_id) pairs ``payouts_sql`` selects:
    their rows replaced by a recomputation (a payout left with no rows has none)."""
    touched = (f"SELECT DISTINCT account_id, payout_id FROM ({payouts_sql}) p"
               " WHERE payout_id IS NOT NULL")  # fmt: skip
    con.execute(f"CREATE OR REPLACE TEMP TABLE touched_payouts AS {touched}")
    con.execute("DELETE FROM payout_totals WHERE EXISTS (SELECT 1 FROM touched_payouts x"
                " WHERE x.account_id = payout_totals.account_id"
                " AND x.payout_id = payout_totals.payout_id)")
    con.execute(
        f"INSERT INTO payout_totals (account_id, payout_id, {', '.join(PAYOUT_COLUMNS)}) "
        + PAYOUT_FIGURES.format(where="EXISTS (SELECT 1 FROM touched_payouts x WHERE"
                                " x.account_id = t.account_id AND x.payout_id = t.payout_id)")
    )
    con.execute("DROP TABLE touched_payouts")


def _refresh(con: duckdb.DuckDBPyConnection, table: str, ids_sql: str) -> None:
    key, columns, fresh, alias = _KEPT[table]
    sets = ", ".join(f"{c} = f.{c}" for c in columns)
    con.execute(
        f"""UPDATE {table} SET {sets}
        FROM ({fresh} WHERE {alias}.{key} IN (SELECT * FROM ({ids_sql}) x)) f
        WHERE {table}.{key} = f.{key}"""
    )


def rebuild(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute every kept figure from its source rows, writing only the rows that differ;
    returns how many rows changed (payout totals count their payouts)."""
    changed = 0
    for table, (key, columns, _, _) in _KEPT.items():
        sets = ", ".join(f"{c} = d.{c}" for c in columns)
        found = con.execute(
            f"UPDATE {table} SET {sets} FROM ({_stale_sql(table)}) d"
            f" WHERE {table}.{key} = d.{key}"
        ).fetchone()
        changed += int(found[0]) if found else 0
    stale = _stale_payouts_sql()
    count = con.execute(f"SELECT count(*) FROM ({stale})").fetchone()[0]
    if count:
        refresh_payouts(con, stale)
    return changed + int(count)


def rebuild_store(db: Database) -> int:
    """:func:`rebuild` in its own write transaction (the CLI's ``--rebuild-summary``)."""
    with db.write() as con:
        return rebuild(con)


def drift(con: duckdb.DuckDBPyConnection) -> dict[str, list[object]]:
    """Per table, the keys whose kept figures differ from a recomputation (empty: none)."""
    found: dict[str, list[object]] = {}
    for table, (key, *_) in _KEPT.items():
        rows = con.execute(f"SELECT {key} FROM ({_stale_sql(table)}) ORDER BY 1").fetchall()
        found[table] = [row[0] for row in rows]
    rows = con.execute(f"SELECT account_id, payout_id FROM ({_stale_payouts_sql()}) ORDER BY 1, 2"
                       ).fetchall()
    found["payout_totals"] = [tuple(row) for row in rows]
    return found


def _stale_sql(table: str) -> str:
    key, columns, fresh, _ = _KEPT[table]
    kept = ", ".join(f"k.{c}" for c in columns)
    new = ", ".join(f"f.{c}" for c in columns)
    return f"""SELECT f.* FROM ({fresh}) f JOIN {table} k ON k.{key} = f.{key}
        WHERE ({kept}) IS DISTINCT FROM ({new})"""


def _stale_payouts_sql() -> str:
    """(account_id, payout_id) of every payout whose kept totals differ from its rows'."""
    fresh = PAYOUT_FIGURES.format(where="TRUE")
    columns = ("account_id", "payout_id", *PAYOUT_COLUMNS)
    cols = ", ".join(columns)
    return f"""SELECT account_id, payout_id FROM (
            (SELECT {cols} FROM ({fresh}) EXCEPT SELECT {cols} FROM payout_totals)
            UNION ALL
            (SELECT {cols} FROM payout_totals EXCEPT SELECT {cols} FROM ({fresh})))"""
