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
- ``payout_totals``: per (account, payout) the per-kind sums of the rows paid out, and
  ``fee_months``: per (account, month) the sales and fees of Order and Refund rows — the payouts
  import, for the payouts and months its rows touch; ``payout_imports.row_count`` /
  ``first_row`` / ``last_row``: the rows it added and their dates (the days it covers).

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
# eBay's fees against sales by month of the transaction (Order and Refund rows).
FEE_FIGURES = """SELECT t.account_id, CAST(date_trunc('month', t.creation_date) AS DATE) AS month,
        CAST(sum(t.gross_amount) FILTER (WHERE lower(t.type) = 'order') AS DECIMAL(16,2)) AS sales,
        CAST(sum(t.fees) AS DECIMAL(16,2)) AS fees
    FROM ebay_transactions t
    WHERE t.creation_date IS NOT NULL AND lower(t.type) IN ('order', 'refund') AND ({where})
    GROUP BY 1, 2"""
IMPORT_FIGURES = """SELECT i.import_id,
        (SELECT count(*) FROM ebay_transactions t WHERE t.import_id = i.import_id) AS row_count,
        (SELECT min(t.creation_date) FROM ebay_transactions t WHERE t.import_id = i.import_id)
            AS first_row,
        (SELECT max(t.creation_date) FROM ebay_transactions t WHERE t.import_id = i.import_id)
            AS last_row
    FROM payout_imports i"""
_GROUPED = {  # table: (key columns, figures over the rows, alias t, narrowed by {where})
    "payout_totals": (("account_id", "payout_id"), PAYOUT_COLUMNS, PAYOUT_FIGURES),
    "fee_months": (("account_id", "month"), ("sales", "fees"), FEE_FIGURES),
}

_KEPT = {  # table: (key, columns, fresh figures: ``SELECT … FROM table alias``, alias)
    "deposits": ("deposit_id", ("applied", "refunded"), DEPOSIT_FIGURES, "d"),
    "invoices": ("invoice_id", ("paid", "credited", "refunded"), INVOICE_FIGURES, "i"),
    "orders": ("order_id", ("deposit_total", "ebay_order_rows", "ebay_gross", "ebay_first_date"),
               ORDER_FIGURES, "o"),
    "payout_imports": ("import_id", ("row_count", "first_row", "last_row"), IMPORT_FIGURES, "i"),
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


def refresh_imports(con: duckdb.DuckDBPyConnection, import_ids_sql: str) -> None:
    """Recompute the row count and first and last row dates of the payout imports selected."""
    _refresh(con, "payout_imports", import_ids_sql)


def refresh_payouts(con: duckdb.DuckDBPyConnection, payouts_sql: str) -> None:
    """Recompute ``payout_totals`` of the (account_id, payout_id) pairs ``payouts_sql`` selects:
    their rows replaced by a recomputation (a payout left with no rows has none)."""
    _refresh_grouped(con, "payout_totals", payouts_sql)


def refresh_fee_months(con: duckdb.DuckDBPyConnection, months_sql: str) -> None:
    """Recompute ``fee_months`` of the (account_id, month) pairs ``months_sql`` selects."""
    _refresh_grouped(con, "fee_months", months_sql)


def _refresh_grouped(con: duckdb.DuckDBPyConnection, table: str, keys_sql: str) -> None:
    keys, columns, figures = _GROUPED[table]
    names = ", ".join(keys)
    con.execute(f"CREATE OR REPLACE TEMP TABLE touched_keys AS SELECT DISTINCT {names}"
                f" FROM ({keys_sql}) k WHERE {' AND '.join(f'{k} IS NOT NULL' for k in keys)}")
    match = " AND ".join(f"x.{k} = {{t}}.{k}" for k in keys)
    con.execute(f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM touched_keys x"
                f" WHERE {match.format(t=table)})")
    where = f"EXISTS (SELECT 1 FROM touched_keys x WHERE {match.format(t='t')})"
    if table == "fee_months":  # the month is the row's, truncated
        where = ("EXISTS (SELECT 1 FROM touched_keys x WHERE x.account_id = t.account_id"
                 " AND x.month = CAST(date_trunc('month', t.creation_date) AS DATE))")
    con.execute(f"INSERT INTO {table} ({names}, {', '.join(columns)}) "
                + figures.format(where=where))
    con.execute("DROP TABLE touched_keys")


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
    for table in _GROUPED:
        stale = _stale_grouped_sql(table)
        count = con.execute(f"SELECT count(*) FROM ({stale})").fetchone()[0]
        if count:
            _refresh_grouped(con, table, stale)
        changed += int(count)
    return changed


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
    for table in _GROUPED:
        rows = con.execute(f"SELECT * FROM ({_stale_grouped_sql(table)}) ORDER BY 1, 2").fetchall()
        found[table] = [tuple(row) for row in rows]
    return found


def _stale_sql(table: str) -> str:
    key, columns, fresh, _ = _KEPT[table]
    kept = ", ".join(f"k.{c}" for c in columns)
    new = ", ".join(f"f.{c}" for c in columns)
    return f"""SELECT f.* FROM ({fresh}) f JOIN {table} k ON k.{key} = f.{key}
        WHERE ({kept}) IS DISTINCT FROM ({new})"""


def _stale_grouped_sql(table: str) -> str:
    """The keys of every group whose kept figures differ from its rows' (or that one side
    lacks)."""
    keys, columns, figures = _GROUPED[table]
    cols = ", ".join((*keys, *columns))
    fresh = figures.format(where="TRUE")
    return f"""SELECT DISTINCT {", ".join(keys)} FROM (
            (SELECT {cols} FROM ({fresh}) EXCEPT SELECT {cols} FROM {table})
            UNION ALL
            (SELECT {cols} FROM {table} EXCEPT SELECT {cols} FROM ({fresh})))"""
