"""Deposits: received, applied to invoices, refunded, open — with their age.

Per deposit: open = amount − Σ applications (``invoice_payments.deposit_id``) − Σ refunds
(``deposit_refunds.deposit_id``), the two sums kept on the deposit by their writers
(``money_summary``, migration 025); age in days from the received date to ``Filters.as_of``, in
buckets 0–30, 31–60, 61–90, 90+. The date filter is the received date. Also: deposits on
cancelled orders still to refund, and invoices with a balance due (total − payments − credit
notes + refunds paid out against those credit notes: the three sums kept on the invoice).
Problems (``--check``): a deposit applied or refunded beyond its amount (open < 0), money still
held on a cancelled order, an invoice paid beyond its total.
"""

from __future__ import annotations

import duckdb

from aimsi_ebay.ops.reconcile.schema import live_invoice_sql
from aimsi_ebay.ops.reconcile.statement import Plan, Section
from aimsi_ebay.ops.reconcile.views import Filters, Table, ViewResult

BUCKETS = ("0-30", "31-60", "61-90", "90+")
_DEPOSIT_COLUMNS = """deposit_id, order_number, account, customer, received_date, age_days,
    bucket, amount, applied, refunded, open, order_status"""
_BUCKET = ("CASE WHEN age_days <= 30 THEN '0-30' WHEN age_days <= 60 THEN '31-60'"
           " WHEN age_days <= 90 THEN '61-90' ELSE '90+' END")  # fmt: skip
_TOTALS = ("deposits", "received", "applied", "refunded", "open", "cancelled_to_refund",
           "over_applied")  # fmt: skip
_INVOICE_COLUMNS = """invoice_number, order_number, account, invoice_date, total, paid, credited,
    refunded, balance_due"""


def plan(con: duckdb.DuckDBPyConnection, filters: Filters) -> Plan:
    """The sums over every deposit in the filter (``deposit_sums``) by one scan of deposits;
    the deposits still open (``deposit_rows``, once: every section lists only those) with their
    age and whether their order is cancelled (a lookup of the few cancelled orders). Order
    numbers, accounts and customers are joined only to the rows shown."""
    where = filters.sql("d.received_date", None) + _of_account(filters, "d.order_id")
    ctes = {
        "deposit_sums": f"""SELECT count(*) AS deposits, coalesce(sum(d.amount), 0) AS received,
                coalesce(sum(d.applied), 0) AS applied, coalesce(sum(d.refunded), 0) AS refunded
            FROM deposits d WHERE {where}""",
        "deposit_rows": f"""SELECT d.*,
                date_diff('day', d.received_date, CAST($today AS DATE)) AS age_days,
                d.order_id IN (SELECT order_id FROM orders WHERE status = 'cancelled')
                    AS cancelled
            FROM (SELECT d.deposit_id, d.customer_id, d.order_id, d.received_date, d.amount,
                    d.applied, d.refunded,
                    CAST(d.amount - d.applied - d.refunded AS DECIMAL(12,2)) AS open
                FROM deposits d WHERE {where}) d
            WHERE d.open <> 0""",
    }
    ctes.update(_invoice_ctes(con, filters))
    dress = f"""SELECT {_DEPOSIT_COLUMNS.replace("bucket", f"{_BUCKET} AS bucket")}, "#"
        FROM (SELECT c.*, o.order_number, o.status AS order_status, a.name AS account,
                cu.name AS customer
            FROM capped c LEFT JOIN orders o ON o.order_id = c.order_id
            LEFT JOIN seller_accounts a ON a.account_id = o.account_id
            LEFT JOIN customers cu ON cu.customer_id = c.customer_id)"""
    buckets = ", ".join(f"('{b}', {n})" for n, b in enumerate(BUCKETS))
    sections = [
        Section("open", "Open deposits (oldest first)",
                "SELECT * FROM deposit_rows WHERE open <> 0", "received_date, deposit_id",
                dress=dress, count="SELECT t.open_deposits FROM deposit_totals"),
        Section("by_age", "Open deposits by age",
                f"""SELECT b.bucket, count(r.deposit_id) AS deposits,
                    CAST(coalesce(sum(r.open), 0) AS DECIMAL(12,2)) AS open, b.position
                FROM (VALUES {buckets}) b(bucket, position)
                LEFT JOIN (SELECT deposit_id, open, {_BUCKET} AS bucket FROM deposit_rows
                           WHERE open <> 0) r ON r.bucket = b.bucket
                GROUP BY b.bucket, b.position""", "position", capped=False,
                dress='SELECT bucket, deposits, open, "#" FROM capped'),
        Section("cancelled_to_refund", "Deposits on cancelled orders still to refund",
                "SELECT * FROM deposit_rows WHERE cancelled AND open > 0", "received_date",
                dress=dress, count="SELECT t.cancelled_to_refund FROM deposit_totals"),
        Section("over_applied", "Deposits applied or refunded beyond their amount",
                "SELECT * FROM deposit_rows WHERE open < 0", "received_date", dress=dress,
                count="SELECT t.over_applied FROM deposit_totals"),
        Section("invoices_due", "Invoices with a balance due",
                "SELECT * FROM invoice_rows WHERE balance_due > 0",
                "invoice_date, invoice_number", count="SELECT t.invoices_due FROM invoice_totals",
                dress=f"""SELECT {_INVOICE_COLUMNS}, "#" FROM (
                    SELECT c.*, o.order_number, a.name AS account FROM capped c
                    LEFT JOIN orders o ON o.order_id = c.order_id
                    LEFT JOIN seller_accounts a ON a.account_id = o.account_id)"""),
    ]  # fmt: skip
    figures = ("(SELECT deposits FROM deposit_sums)", "(SELECT received FROM deposit_sums)",
               "(SELECT applied FROM deposit_sums)", "(SELECT refunded FROM deposit_sums)",
               "coalesce(sum(open), 0)", "count(*) FILTER (WHERE cancelled AND open > 0)",
               "count(*) FILTER (WHERE open < 0)", "count(*)")
    ctes["deposit_totals"] = "SELECT {" + ", ".join(f"'{k}': {v}" for k, v in zip(
        (*_TOTALS, "open_deposits"), figures, strict=True)) + "} AS t FROM deposit_rows"
    ctes["invoice_totals"] = """SELECT {'overpaid': count(*) FILTER (WHERE balance_due < 0),
        'invoices_due': count(*) FILTER (WHERE balance_due > 0),
        'balance_due': coalesce(sum(balance_due) FILTER (WHERE balance_due > 0), 0)} AS t
        FROM invoice_rows"""
    scalars = {"totals": "SELECT t FROM deposit_totals", "invoices": "SELECT t FROM invoice_totals"}
    return Plan(ctes, sections, scalars, _finish)


def _finish(tables: dict[str, Table], scalars: dict[str, object]) -> ViewResult:
    totals = dict(scalars["totals"])
    del totals["open_deposits"]
    invoices = scalars["invoices"]
    totals["invoices_due"], totals["balance_due"] = invoices["invoices_due"], invoices["balance_due"]
    problems = []
    if totals["over_applied"]:
        problems.append(f"{totals['over_applied']} deposit(s) applied or refunded beyond their amount")
    if totals["cancelled_to_refund"]:
        problems.append(f"{totals['cancelled_to_refund']} cancelled order(s) still hold a deposit")
    if invoices["overpaid"]:
        problems.append(f"{invoices['overpaid']} invoice(s) paid beyond their total")
    return ViewResult("deposits", tables, totals, problems)


def _invoice_ctes(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, str]:
    """Per live invoice: total − payments − credit notes + refunds paid out against them (the
    three sums kept on the invoice)."""
    live = live_invoice_sql(con, "i")
    where = filters.sql("i.invoice_date", None) + _of_account(filters, "i.order_id")
    return {
        "invoice_rows": f"""SELECT i.invoice_number, i.order_id, i.invoice_date, i.total,
                i.paid, i.credited, i.refunded,
                CAST(i.total - i.paid - i.credited + i.refunded AS DECIMAL(12,2)) AS balance_due
            FROM invoices i
            WHERE {live} AND {where}
              -- every reader wants a balance: settled invoices are not kept
              AND i.total - i.paid - i.credited + i.refunded <> 0""",
    }


def _of_account(filters: Filters, order_sql: str) -> str:
    """The account filter through the order (a deposit or invoice without one is not in it)."""
    if not filters.account:
        return ""
    return (f" AND {order_sql} IN (SELECT o.order_id FROM orders o WHERE o.account_id IN"
            " (SELECT account_id FROM seller_accounts WHERE name = $account))")
