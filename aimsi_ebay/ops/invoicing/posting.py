"""Post invoices: one, several or every ready order in one transaction, set-based.

Each invoice takes the order's lines (the shipped lines only when the shipping schema says which
lines a package carried, or the operator's own quantities — the rest stay for a later invoice),
the shipping per the source's rule, the seller tax and the eBay tax memo, and the tracking
numbers of the packages not billed yet. The order's deposits pay it at once, oldest first. Stock
on hand and committed go down by the invoiced quantities in the same transaction, and a fully
invoiced order becomes ``invoiced``.

Two processes invoicing the same order at once: writers take the database one at a time (the
writer lock), and the plan is computed inside the writing transaction, so the second sees the
first's invoice and finds nothing left: exactly one invoice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

import duckdb

from aimsi_ebay.db import Database, audit
from aimsi_ebay.db.ids import INVOICE_NUMBER_SQL
from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.invoicing.plan import build_plan, draw_invoice_ids, fill_scope
from aimsi_ebay.ops.invoicing.ready import READY_SQL, ReadyFilter
from aimsi_ebay.ops.invoicing.report import InvoiceReport, PostedInvoice, batch_report
from aimsi_ebay.rules.money import money_str

__all__ = ["InvoiceReport", "PostedInvoice", "invoice_orders", "invoice_ready"]

Progress = Callable[[int, int, str], None]  # (step done, steps, what is happening)
Picks = Mapping[str, Mapping[int, int]]  # order number -> {order line number: quantity}


def invoice_orders(
    db: Database,
    order_numbers: Iterable[str],
    *,
    picks: Picks | None = None,
    invoice_date: date | None = None,
    progress: Progress | None = None,
) -> InvoiceReport:
    """Invoice the named orders (all or nothing); bad input names every order at fault."""
    numbers = list(dict.fromkeys(str(number).strip() for number in order_numbers))
    if not numbers:
        raise InputError("no order numbers given", field="order")
    with db.write() as con:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE requested AS"
            " SELECT unnest(CAST(? AS VARCHAR[])) AS order_number", [numbers]
        )
        _check_requested(con)
        fill_scope(con, "SELECT o.order_id FROM orders o JOIN requested r USING (order_number)",
                   invoice_ids=True)
        _load_picks(con, picks or {})
        build_plan(con, with_picks=bool(picks))
        _check_planned(con, picks or {})
        _number(con)
        return _post(con, invoice_date or date.today(), progress)


def invoice_ready(
    db: Database,
    filters: ReadyFilter | None = None,
    *,
    invoice_date: date | None = None,
    progress: Progress | None = None,
) -> InvoiceReport:
    """Invoice every order ready now (the list's filters apply), in one transaction."""
    filters = filters or ReadyFilter()
    where, values = filters.where()
    narrowed = filters.has_tracking is not None or filters.deposit_covers is not None
    with db.write() as con:
        fill_scope(con, READY_SQL + where, values, invoice_ids=not narrowed)
        if narrowed:
            _narrow_to(con, filters)
            draw_invoice_ids(con)
        build_plan(con, numbered=True)
        return _post(con, invoice_date or date.today(), progress)


def _narrow_to(con: duckdb.DuckDBPyConnection, filters: ReadyFilter) -> None:
    """Apply the list's plan-level filters (tracking, deposit covers) to the scope; the one
    that needs the plan (deposit covers) plans first, then the orders left are planned again,
    numbered (an order's plan depends on that order alone)."""
    if filters.has_tracking is not None:
        con.execute(
            "DELETE FROM invoice_scope WHERE (order_id IN (SELECT order_id FROM shipments"
            " WHERE NOT void)) <> ?", [filters.has_tracking]
        )
    if filters.deposit_covers is not None:
        build_plan(con)
        con.execute(
            "DELETE FROM invoice_scope WHERE order_id NOT IN (SELECT order_id FROM plan_heads"
            " WHERE (total = applied) = ?)",
            [filters.deposit_covers],
        )


def _number(con: duckdb.DuckDBPyConnection) -> None:
    """Draw the invoice numbers for ``plan_heads`` once the request is known good (a sequence
    never gives a number back; the ids came with the scope)."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE plan_heads AS
        SELECT {INVOICE_NUMBER_SQL} AS invoice_number, *
        FROM (SELECT * FROM plan_heads ORDER BY order_id)"""
    )


def _check_requested(con: duckdb.DuckDBPyConnection) -> None:
    unknown = _column(con, "SELECT r.order_number FROM requested r LEFT JOIN orders o"
                           " USING (order_number) WHERE o.order_id IS NULL")
    if unknown:
        raise InputError(f"no order {_list(unknown)}", field="order")
    cancelled = _column(con, "SELECT order_number FROM orders JOIN requested USING (order_number)"
                             " WHERE status = 'cancelled'")
    if cancelled:
        raise InputError(f"order {_list(cancelled)} is cancelled: nothing to invoice",
                         field="order")
    invoiced = _column(con, "SELECT order_number FROM orders JOIN requested USING (order_number)"
                            " WHERE status = 'invoiced'")
    if invoiced:
        raise InputError(f"order {_list(invoiced)} is already invoiced: nothing left to invoice",
                         field="order")


def _load_picks(con: duckdb.DuckDBPyConnection, picks: Picks) -> None:
    rows = [(number, int(line), int(quantity))
            for number, lines in picks.items() for line, quantity in lines.items()]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE invoice_picks AS"
        " SELECT o.order_id, p.line_no, p.quantity, p.order_number"
        " FROM (SELECT unnest(CAST(? AS VARCHAR[])) AS order_number,"
        "              unnest(CAST(? AS INTEGER[])) AS line_no,"
        "              unnest(CAST(? AS INTEGER[])) AS quantity) p"
        " LEFT JOIN orders o USING (order_number)",
        [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
    )
    bad = con.execute(
        "SELECT p.order_number, p.line_no, p.quantity, l.quantity - coalesce(("
        "   SELECT sum(il.quantity) FROM invoice_lines il JOIN invoices i USING (invoice_id)"
        "   WHERE i.order_id = p.order_id AND il.order_line_no = p.line_no"
        "     AND i.status = 'posted'), 0) AS remaining, l.line_no IS NULL"
        " FROM invoice_picks p LEFT JOIN order_lines l"
        "   ON l.order_id = p.order_id AND l.line_no = p.line_no"
        " ORDER BY p.order_number, p.line_no"
    ).fetchall()
    for number, line, quantity, remaining, missing in bad:
        if missing:
            raise InputError(f"order {number} has no line {line}", field="line")
        if quantity < 0 or quantity > remaining:
            raise InputError(f"order {number} line {line}: {quantity} is not a quantity from 0"
                             f" to the {remaining} left to invoice", field="quantity")


def _check_planned(con: duckdb.DuckDBPyConnection, picks: Picks) -> None:
    done = _column(con, "SELECT r.order_number FROM requested r JOIN orders o USING (order_number)"
                        " WHERE o.order_id NOT IN (SELECT order_id FROM plan_heads)")
    if done:
        picked = [number for number in done if number in picks]
        if picked:
            raise InputError(f"order {_list(picked)}: the chosen quantities invoice nothing",
                             field="quantity")
        raise InputError(f"order {_list(done)} is already invoiced: nothing left to invoice",
                         field="order")


def _post(con: duckdb.DuckDBPyConnection, invoice_date: date, progress: Progress | None) -> InvoiceReport:
    """Write what ``plan_heads`` (numbered) and its plan tables hold: every statement is one
    ``INSERT … SELECT`` or ``UPDATE`` over the plan; each plan table carries its invoice id."""
    steps = 5
    who = audit.current_user()

    def step(done: int, label: str) -> None:
        if progress is not None:
            progress(done, steps, label)

    step(0, "writing invoices")
    con.execute(
        """INSERT INTO invoices (invoice_id, invoice_number, order_id, customer_id, invoice_date,
            merchandise, shipping, tax, total, tracking_numbers, created_by, status,
            order_status_before, ebay_tax_memo, shipping_basis, paid)
        SELECT invoice_id, invoice_number, order_id, customer_id, ?, merchandise, shipping, tax,
            total, tracking_numbers, ?, 'posted', order_status, ebay_tax_memo, basis, applied
        FROM plan_heads""",  # paid: what its deposits pay (kept for reconciliation, 025)
        [invoice_date, who],
    )
    step(1, "writing lines")
    con.execute(  # an invoice line keeps its order line's number (a partial invoice has gaps)
        """INSERT INTO invoice_lines (invoice_id, line_no, sku, description, quantity, unit_price,
            amount, order_line_no)
        SELECT invoice_id, line_no, sku, title, take, unit_price, amount, line_no
        FROM plan_lines WHERE take > 0"""
    )
    con.execute(
        """INSERT INTO invoice_shipments (invoice_id, shipment_id)
        SELECT p.invoice_id, p.shipment_id FROM plan_packages p
        WHERE p.order_id IN (SELECT order_id FROM plan_heads)"""
    )
    step(2, "applying deposits")
    con.execute(
        """INSERT INTO invoice_payments (invoice_id, deposit_id, method, amount, paid_date,
            reference, created_by)
        SELECT invoice_id, deposit_id, 'deposit', amount, ?, reference, ?
        FROM plan_applications""",
        [invoice_date, who],
    )
    con.execute(  # each deposit keeps what is applied of it (reconciliation, migration 025)
        """UPDATE deposits SET applied = deposits.applied + a.amount
        FROM (SELECT deposit_id, sum(amount) AS amount FROM plan_applications
              GROUP BY deposit_id) a
        WHERE deposits.deposit_id = a.deposit_id"""
    )
    step(3, "moving stock")
    con.execute(
        """UPDATE skus SET qty_on_hand = skus.qty_on_hand - m.units,
            qty_committed = skus.qty_committed - m.units
        FROM (SELECT l.sku, CAST(sum(l.take) AS INTEGER) AS units FROM plan_lines l
              WHERE l.take > 0 AND l.sku IS NOT NULL  -- a line taken is on a head: no join
              GROUP BY l.sku) m
        WHERE skus.sku = m.sku"""
    )
    con.execute(
        "UPDATE orders SET status = 'invoiced' FROM plan_heads h"
        " WHERE orders.order_id = h.order_id AND h.final"
    )
    step(4, "summing up")
    report = batch_report(con)
    invoices = report.invoices
    if invoices:
        first, last = invoices[0].invoice_number, invoices[-1].invoice_number
        audit.record(con, "invoice", "invoices", f"{first}..{last}", after={
            "invoices": len(invoices), "total": money_str(report.total),
            "applied": money_str(report.applied),
            "orders": [invoice.order_number for invoice in invoices[:100]],
        })
    step(5, "done")
    return report


def _column(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return [row[0] for row in con.execute(sql).fetchall()]


def _list(values: list[str]) -> str:
    shown = ", ".join(values[:10])
    return shown + (f" and {len(values) - 10} more" if len(values) > 10 else "")
