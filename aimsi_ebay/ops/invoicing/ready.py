"""Invoice orders: the orders ready to invoice, with what their invoices would hold.

Ready = received (open), picked, shipped or partly shipped, not awaiting payment, with something
left to invoice. The amounts come from the same plan the posting uses (``plan.build_plan``), so
the list's "would leave due" is what posting leaves due.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

import duckdb

from aimsi_ebay.db import Database
from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.invoicing.plan import build_plan, fill_scope
from aimsi_ebay.rules.money import money_str

READY_STATUSES = ("open", "picked", "shipped")
SOURCES = ("ebay", "shop", "other")

# The orders the list starts from; the filters narrow it (bound parameters, fixed text).
READY_SQL = (
    "SELECT o.order_id FROM orders o"
    " LEFT JOIN seller_accounts a ON a.account_id = o.account_id"
    " LEFT JOIN customers c ON c.customer_id = o.customer_id"
    " WHERE o.status IN ('open', 'picked', 'shipped') AND NOT o.awaiting_payment"
)


@dataclass(frozen=True)
class ReadyFilter:
    """The list's filters; ``None`` means any."""

    account: str | None = None
    source: str | None = None  # ebay, shop or other
    status: str | None = None  # open, picked or shipped
    since: date | None = None
    until: date | None = None
    customer: str | None = None  # part of the name or e-mail
    has_tracking: bool | None = None
    deposit_covers: bool | None = None  # the open deposits cover the invoice total

    def __post_init__(self) -> None:
        if self.source is not None and self.source not in SOURCES:
            raise InputError(f"{self.source!r} is not a source ({', '.join(SOURCES)})",
                             field="source")
        if self.status is not None and self.status not in READY_STATUSES:
            raise InputError(f"{self.status!r} is not a status to invoice from "
                             f"({', '.join(READY_STATUSES)})", field="status")

    def where(self) -> tuple[str, list]:
        """SQL conditions (fixed text) and their parameters."""
        parts, values = [], []
        if self.account:
            parts.append("a.name = ?")
            values.append(self.account)
        if self.source:
            parts.append("(CASE WHEN o.source IN ('ebay', 'shop') THEN o.source ELSE 'other' END) = ?")
            values.append(self.source)
        if self.status:
            parts.append("o.status = ?")
            values.append(self.status)
        if self.since:
            parts.append("o.order_date >= ?")
            values.append(self.since)
        if self.until:
            parts.append("o.order_date <= ?")
            values.append(self.until)
        if self.customer:
            parts.append("(c.name ILIKE ? OR c.email ILIKE ?)")
            pattern = f"%{self.customer.strip()}%"
            values += [pattern, pattern]
        return "".join(f" AND {part}" for part in parts), values


@dataclass(frozen=True)
class ReadyOrder:
    order_number: str
    account: str | None
    source: str
    status: str
    order_date: date
    customer: str
    ebay_order_number: str | None
    order_total: Decimal
    invoice_total: Decimal  # what the invoice would hold now
    deposits_open: Decimal
    applied: Decimal  # what the deposits would pay of it
    due: Decimal  # what the invoice would leave due
    partial: bool  # lines stay on the order for a later invoice
    tracking_numbers: str | None

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        for key in ("order_total", "invoice_total", "deposits_open", "applied", "due"):
            data[key] = money_str(data[key])
        data["order_date"] = str(self.order_date)
        return data


@dataclass(frozen=True)
class ReadyTotals:
    orders: int
    order_total: Decimal
    invoice_total: Decimal
    deposits_open: Decimal
    due: Decimal


def ready_orders(db: Database, filters: ReadyFilter | None = None) -> list[ReadyOrder]:
    """The orders ready to invoice, oldest first, with what their invoices would hold."""
    with db.read() as con:
        return planned_orders(con, filters or ReadyFilter())


def planned_orders(con: duckdb.DuckDBPyConnection, filters: ReadyFilter) -> list[ReadyOrder]:
    """The ready list inside the caller's transaction (posting re-reads it under its lock)."""
    where, values = filters.where()
    fill_scope(con, READY_SQL + where, values)
    build_plan(con)
    conditions = []
    if filters.has_tracking is not None:
        conditions.append(("" if filters.has_tracking else "NOT ") + "(o.order_id IN"
                          " (SELECT order_id FROM shipments WHERE NOT void))")
    if filters.deposit_covers is not None:
        conditions.append(("" if filters.deposit_covers else "NOT ") + "(h.total - h.applied = 0)")
    return [ReadyOrder(*row) for row in con.execute(PLANNED_SQL + "".join(
        f" AND {condition}" for condition in conditions) + " ORDER BY o.order_date, o.order_number"
    ).fetchall()]


# One row per planned invoice, with the order's context (used by the list and the preview).
PLANNED_SQL = """
    SELECT o.order_number, a.name, o.source, o.status, o.order_date, c.name, o.ebay_order_number,
           o.total, h.total, coalesce(dep.open, 0)::DECIMAL(12,2),
           h.applied, (h.total - h.applied)::DECIMAL(12,2), NOT h.final, h.tracking_numbers
    FROM plan_heads h
    JOIN orders o ON o.order_id = h.order_id
    JOIN customers c ON c.customer_id = o.customer_id
    LEFT JOIN seller_accounts a ON a.account_id = o.account_id
    LEFT JOIN (SELECT b.order_id, sum(b.open) AS open FROM deposit_balances b
               JOIN invoice_scope sc ON sc.order_id = b.order_id GROUP BY b.order_id) dep
           ON dep.order_id = h.order_id
    WHERE true"""


def totals(rows: list[ReadyOrder]) -> ReadyTotals:
    """The list's footer: counts and sums (exact Decimals)."""
    zero = Decimal("0.00")
    return ReadyTotals(
        len(rows),
        sum((row.order_total for row in rows), zero),
        sum((row.invoice_total for row in rows), zero),
        sum((row.deposits_open for row in rows), zero),
        sum((row.due for row in rows), zero),
    )
