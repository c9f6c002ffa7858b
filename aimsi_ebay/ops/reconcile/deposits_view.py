"""Deposits: received, applied to invoices, refunded, open — with their age.

Per deposit: open = amount − Σ applications (``invoice_payments.deposit_id``) − Σ refunds
(``deposit_refunds.deposit_id``); age in days from the received date to ``Filters.as_of``, in
buckets 0–30, 31–60, 61–90, 90+. The date filter is the received date. Also: deposits on
cancelled orders still to refund, and invoices with a balance due (total − payments − credit
notes + refunds paid out against those credit notes).
Problems (``--check``): a deposit applied or refunded beyond its amount (open < 0), money still
held on a cancelled order, an invoice paid beyond its total.
"""

from __future__ import annotations

import duckdb

from aimsi_ebay.ops.reconcile.schema import live_invoice_sql
from aimsi_ebay.ops.reconcile.views import Filters, ViewResult, table

BUCKETS = ("0-30", "31-60", "61-90", "90+")
_DEPOSIT_COLUMNS = """deposit_id, order_number, account, customer, received_date, age_days,
    bucket, amount, applied, refunded, open, order_status"""


def deposits(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None) -> ViewResult:
    where, params = filters.where("d.received_date", "o.account_id")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE recon_deposits AS
        WITH applied AS (
            SELECT deposit_id, sum(amount) AS applied FROM invoice_payments
            WHERE deposit_id IS NOT NULL GROUP BY deposit_id),
        refunded AS (
            SELECT deposit_id, sum(amount) AS refunded FROM deposit_refunds
            WHERE deposit_id IS NOT NULL GROUP BY deposit_id)
        SELECT d.deposit_id, d.customer_id, o.order_number, o.account_id, d.received_date, date_diff('day', d.received_date, CAST(? AS DATE)) AS age_days,
            d.amount, coalesce(p.applied, 0) AS applied, coalesce(r.refunded, 0) AS refunded,
            CAST(d.amount - coalesce(p.applied, 0) - coalesce(r.refunded, 0) AS DECIMAL(12,2))
                AS open,
            o.status AS order_status
        FROM deposits d
        LEFT JOIN orders o ON o.order_id = d.order_id
        LEFT JOIN applied p ON p.deposit_id = d.deposit_id
        LEFT JOIN refunded r ON r.deposit_id = d.deposit_id
        WHERE {where}""",
        [filters.today, *params],
    )
    bucket = (
        "CASE WHEN age_days <= 30 THEN '0-30' WHEN age_days <= 60 THEN '31-60'"
        " WHEN age_days <= 90 THEN '61-90' ELSE '90+' END"
    )
    columns = _DEPOSIT_COLUMNS.replace("bucket", f"{bucket} AS bucket")
    # names only for the rows shown: the accounts and customers joined after the cap
    named = ("recon_deposits LEFT JOIN (SELECT account_id, name AS account FROM seller_accounts)"
             " USING (account_id) LEFT JOIN (SELECT customer_id, name AS customer FROM customers)"
             " USING (customer_id)")
    tables = {
        "open": table(
            con, "open", "Open deposits (oldest first)",
            f"SELECT {columns} FROM (SELECT * FROM recon_deposits WHERE open <> 0"
            f" ORDER BY received_date, deposit_id{_cap(limit)}) LEFT JOIN (SELECT account_id,"
            " name AS account FROM seller_accounts) USING (account_id) LEFT JOIN (SELECT"
            " customer_id, name AS customer FROM customers) USING (customer_id)"
            " ORDER BY received_date, deposit_id", limit=limit,
            count_sql="SELECT count(*) FROM recon_deposits WHERE open <> 0",
        ),
        "by_age": table(
            con, "by_age", "Open deposits by age",
            f"""SELECT b.bucket, count(r.deposit_id) AS deposits,
                CAST(coalesce(sum(r.open), 0) AS DECIMAL(12,2)) AS open
            FROM (SELECT unnest(?) AS bucket, generate_subscripts(?, 1) AS position) b
            LEFT JOIN (SELECT deposit_id, open, {bucket} AS bucket FROM recon_deposits
                       WHERE open <> 0) r ON r.bucket = b.bucket
            GROUP BY b.bucket, b.position ORDER BY b.position""",
            [list(BUCKETS), list(BUCKETS)],
        ),
        "cancelled_to_refund": table(
            con, "cancelled_to_refund", "Deposits on cancelled orders still to refund",
            f"SELECT {columns} FROM {named} WHERE order_status = 'cancelled' AND open > 0"
            " ORDER BY received_date", limit=limit,
        ),
        "over_applied": table(
            con, "over_applied", "Deposits applied or refunded beyond their amount",
            f"SELECT {columns} FROM {named} WHERE open < 0 ORDER BY received_date",
            limit=limit,
        ),
        "invoices_due": _invoices_due(con, filters, limit),
    }  # fmt: skip
    row = con.execute(
        """SELECT count(*), coalesce(sum(amount), 0), coalesce(sum(applied), 0),
            coalesce(sum(refunded), 0), coalesce(sum(open), 0),
            count(*) FILTER (WHERE order_status = 'cancelled' AND open > 0),
            count(*) FILTER (WHERE open < 0)
        FROM recon_deposits"""
    ).fetchone()
    totals = dict(zip(("deposits", "received", "applied", "refunded", "open",
                       "cancelled_to_refund", "over_applied"), row, strict=True))  # fmt: skip
    overpaid = con.execute("SELECT count(*) FROM recon_invoices WHERE balance_due < 0").fetchone()[0]
    totals["invoices_due"] = con.execute(
        "SELECT count(*) FROM recon_invoices WHERE balance_due > 0").fetchone()[0]
    totals["balance_due"] = con.execute(
        "SELECT coalesce(sum(balance_due), 0) FROM recon_invoices WHERE balance_due > 0"
    ).fetchone()[0]
    problems = []
    if totals["over_applied"]:
        problems.append(f"{totals['over_applied']} deposit(s) applied or refunded beyond their amount")
    if totals["cancelled_to_refund"]:
        problems.append(f"{totals['cancelled_to_refund']} cancelled order(s) still hold a deposit")
    if overpaid:
        problems.append(f"{overpaid} invoice(s) paid beyond their total")
    return ViewResult("deposits", tables, totals, problems)


def _cap(limit: int | None) -> str:
    return "" if limit is None else f" LIMIT {int(limit) + 1}"


def _invoices_due(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None):
    live = live_invoice_sql(con, "i")
    where, params = filters.where("i.invoice_date", "o.account_id")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE recon_invoices AS
        WITH paid AS (SELECT invoice_id, sum(amount) AS paid FROM invoice_payments
                      GROUP BY invoice_id),
        credited AS (SELECT c.invoice_id, sum(c.amount) AS credited,
                        sum(r.amount) AS refunded_out
                     FROM credit_notes c LEFT JOIN deposit_refunds r
                        ON r.refund_id = c.refund_id AND r.deposit_id IS NULL
                     GROUP BY c.invoice_id)
        SELECT i.invoice_number, o.order_number, a.name AS account, i.invoice_date, i.total,
            coalesce(p.paid, 0) AS paid, coalesce(c.credited, 0) AS credited,
            coalesce(c.refunded_out, 0) AS refunded,
            CAST(i.total - coalesce(p.paid, 0) - coalesce(c.credited, 0)
                 + coalesce(c.refunded_out, 0) AS DECIMAL(12,2)) AS balance_due
        FROM invoices i
        LEFT JOIN orders o ON o.order_id = i.order_id
        LEFT JOIN seller_accounts a ON a.account_id = o.account_id
        LEFT JOIN paid p ON p.invoice_id = i.invoice_id
        LEFT JOIN credited c ON c.invoice_id = i.invoice_id
        WHERE {live} AND {where}""",
        params,
    )
    return table(
        con, "invoices_due", "Invoices with a balance due",
        "SELECT * FROM recon_invoices WHERE balance_due > 0 ORDER BY invoice_date, invoice_number",
        limit=limit,
    )  # fmt: skip
