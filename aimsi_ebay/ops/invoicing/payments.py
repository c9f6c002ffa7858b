"""Payments on invoices, deposits applied by hand, deposit refunds, and voiding an invoice.

Every operation checks its limits inside its own write transaction (writers run one at a time):
a payment never exceeds what is left due, an application never exceeds what is left of the
deposit nor what is left due, a refund never exceeds what is left of the deposit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import duckdb

from aimsi_ebay.db import Database, audit
from aimsi_ebay.db.ids import next_id
from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.ops.invoicing.documents import find_invoice, invoice_key
from aimsi_ebay.ops.reconcile import money_summary
from aimsi_ebay.rules.money import ZERO, money_str, to_money

PAYMENT_METHODS = ("cash", "card", "cheque", "other")


@dataclass(frozen=True)
class InvoiceBalance:
    invoice_number: str
    total: Decimal
    paid: Decimal

    @property
    def due(self) -> Decimal:
        return self.total - self.paid

    def as_json(self) -> dict[str, str]:
        return {"invoice_number": self.invoice_number, "total": money_str(self.total),
                "paid": money_str(self.paid), "due": money_str(self.due)}


def pay_invoice(
    db: Database, number: str, amount: object, method: str, reference: str | None = None,
    *, paid_date: date | None = None,
) -> InvoiceBalance:
    """Record a payment (cash, card, cheque, other) against an invoice's balance."""
    method = (method or "").strip().lower()
    if method not in PAYMENT_METHODS:
        raise InputError(f"{method!r} is not a payment method ({', '.join(PAYMENT_METHODS)})",
                         field="method")
    value = _positive(amount)
    with db.write() as con:
        invoice_id, due = _open_invoice(con, number)
        if value > due:
            raise InputError(f"{invoice_key(number)}: {money_str(value)} is more than the "
                             f"{money_str(due)} due (overpayment)", field="amount")
        con.execute(
            "INSERT INTO invoice_payments (invoice_id, method, amount, paid_date, reference,"
            " created_by) VALUES (?, ?, ?, ?, ?, ?)",
            [invoice_id, method, value, paid_date or date.today(), (reference or "").strip() or None,
             audit.current_user()],
        )
        money_summary.refresh_invoices(con, f"SELECT {int(invoice_id)}")
        audit.record(con, "pay", "invoice", invoice_key(number),
                     after={"method": method, "amount": money_str(value), "reference": reference})
        return _balance(con, invoice_id)


def apply_deposit(
    db: Database, number: str, deposit_id: int, amount: object | None = None,
    *, paid_date: date | None = None,
) -> InvoiceBalance:
    """Apply a deposit of the invoice's customer (any order's, or none) by hand.

    Without an amount, as much as the deposit has left and the invoice has due.
    """
    with db.write() as con:
        invoice_id, due = _open_invoice(con, number)
        customer = con.execute("SELECT customer_id FROM invoices WHERE invoice_id = ?",
                               [invoice_id]).fetchone()[0]
        row = con.execute(
            "SELECT customer_id, open, reference FROM deposit_balances WHERE deposit_id = ?",
            [deposit_id]
        ).fetchone()
        if row is None:
            raise NotFoundError("deposit", deposit_id)
        if row[0] != customer:
            raise InputError(f"deposit {deposit_id} belongs to another customer", field="deposit")
        left = row[1]
        value = min(left, due) if amount is None else _positive(amount)
        if value <= 0:
            raise InputError(f"deposit {deposit_id} has nothing left to apply"
                             if left <= 0 else f"{invoice_key(number)} has nothing due",
                             field="deposit")
        if value > left:
            raise InputError(f"deposit {deposit_id}: {money_str(value)} is more than the "
                             f"{money_str(left)} left on it", field="amount")
        if value > due:
            raise InputError(f"{invoice_key(number)}: {money_str(value)} is more than the "
                             f"{money_str(due)} due (overpayment)", field="amount")
        con.execute(
            "INSERT INTO invoice_payments (invoice_id, deposit_id, method, amount, paid_date,"
            " reference, created_by) VALUES (?, ?, 'deposit', ?, ?, ?, ?)",
            [invoice_id, deposit_id, value, paid_date or date.today(), row[2],
             audit.current_user()],
        )
        money_summary.refresh_invoices(con, f"SELECT {int(invoice_id)}")
        money_summary.refresh_deposits(con, f"SELECT {int(deposit_id)}")
        audit.record(con, "apply_deposit", "invoice", invoice_key(number),
                     after={"deposit_id": deposit_id, "amount": money_str(value)})
        return _balance(con, invoice_id)


def refund_deposit(
    db: Database, deposit_id: int, amount: object, reference: str | None = None,
    *, refund_date: date | None = None,
) -> Decimal:
    """Return money out of a deposit's open amount; gives what is left open."""
    value = _positive(amount)
    with db.write() as con:
        row = con.execute("SELECT open FROM deposit_balances WHERE deposit_id = ?",
                          [deposit_id]).fetchone()
        if row is None:
            raise NotFoundError("deposit", deposit_id)
        if value > row[0]:
            raise InputError(f"deposit {deposit_id}: {money_str(value)} is more than the "
                             f"{money_str(row[0])} left on it", field="amount")
        con.execute(
            "INSERT INTO deposit_refunds (refund_id, deposit_id, order_id, amount, refund_date,"
            " reference, source, created_by)"
            " SELECT ?, deposit_id, order_id, ?, ?, ?, 'manual', ? FROM deposits"
            " WHERE deposit_id = ?",
            [next_id(con, "seq_refund_id"), value, refund_date or date.today(), reference,
             audit.current_user(), deposit_id],
        )
        money_summary.refresh_deposits(con, f"SELECT {int(deposit_id)}")
        audit.record(con, "refund", "deposit", deposit_id,
                     after={"amount": money_str(value), "reference": reference})
        return row[0] - value


def void_invoice(db: Database, number: str, reason: str) -> None:
    """Void a posted invoice: deposit applications and stock moves reversed, number kept.

    Payments taken by other methods become a deposit of the customer for the order (money
    received is never lost); the order returns to the Invoice orders list.
    """
    reason = (reason or "").strip()
    if not reason:
        raise InputError("a void needs a reason", field="reason")
    key = invoice_key(number)
    with db.write() as con:
        invoice_id, status, _total, customer_id, order_id = find_invoice(con, key)
        if status != "posted":
            raise InputError(f"{key} is already void", field="invoice")
        payments = con.execute(
            "SELECT payment_id, deposit_id, method, amount, paid_date, reference"
            " FROM invoice_payments WHERE invoice_id = ? ORDER BY payment_id", [invoice_id]
        ).fetchall()
        con.execute(
            "INSERT INTO deposits (customer_id, order_id, amount, method, reference, received_date)"
            " SELECT ?, ?, amount, method, coalesce(reference, ?), paid_date FROM invoice_payments"
            " WHERE invoice_id = ? AND deposit_id IS NULL ORDER BY payment_id",
            [customer_id, order_id, f"from void of {key}", invoice_id],
        )
        con.execute("DELETE FROM invoice_payments WHERE invoice_id = ?", [invoice_id])
        # the figures kept for reconciliation (025): the deposits it drew on, the invoice, and
        # the order's deposits (payments by other methods became deposits of it)
        applied_ids = ", ".join(str(int(p[1])) for p in payments if p[1] is not None)
        if applied_ids:
            money_summary.refresh_deposits(con, f"SELECT unnest([{applied_ids}])")
        money_summary.refresh_invoices(con, f"SELECT {int(invoice_id)}")
        if order_id is not None:
            money_summary.refresh_orders(con, f"SELECT {int(order_id)}")
        con.execute(
            """UPDATE skus SET qty_on_hand = skus.qty_on_hand + m.units,
                qty_committed = skus.qty_committed + m.units
            FROM (SELECT sku, sum(quantity) AS units FROM invoice_lines
                  WHERE invoice_id = ? AND sku IS NOT NULL GROUP BY sku) m
            WHERE skus.sku = m.sku""", [invoice_id]
        )
        who = audit.current_user()
        con.execute(
            "UPDATE invoices SET status = 'void', voided_at = current_timestamp, voided_by = ?,"
            " void_reason = ? WHERE invoice_id = ?", [who, reason, invoice_id]
        )
        con.execute(
            "UPDATE orders SET status = i.order_status_before FROM invoices i"
            " WHERE i.invoice_id = ? AND orders.order_id = i.order_id"
            " AND orders.status = 'invoiced'", [invoice_id]
        )
        audit.record(con, "void", "invoice", key, who=who, before={
            "status": "posted",
            "payments": [{"deposit_id": p[1], "method": p[2], "amount": money_str(p[3]),
                          "paid_date": str(p[4]), "reference": p[5]} for p in payments],
        }, after={"status": "void", "reason": reason})


@dataclass(frozen=True)
class OpenDeposit:
    deposit_id: int
    order_number: str | None
    received_date: date
    method: str
    reference: str | None
    open: Decimal

    @property
    def label(self) -> str:
        order = f"order {self.order_number}" if self.order_number else "no order"
        return (f"#{self.deposit_id} {self.received_date} {self.method} {self.reference or ''}"
                f" ({order}): {money_str(self.open)} open")


def customer_open_deposits(db: Database, number: str) -> list[OpenDeposit]:
    """The invoice customer's deposits with money left, oldest first (to apply by hand)."""
    with db.read() as con:
        customer = find_invoice(con, number)[3]
        rows = con.execute(
            "SELECT b.deposit_id, o.order_number, b.received_date, b.method, b.reference, b.open"
            " FROM deposit_balances b LEFT JOIN orders o ON o.order_id = b.order_id"
            " WHERE b.customer_id = ? AND b.open > 0 ORDER BY b.received_date, b.deposit_id",
            [customer],
        ).fetchall()
    return [OpenDeposit(*row) for row in rows]


def invoice_balance(db: Database, number: str) -> InvoiceBalance:
    with db.read() as con:
        return _balance(con, find_invoice(con, number)[0])


def _open_invoice(con: duckdb.DuckDBPyConnection, number: str) -> tuple[int, Decimal]:
    invoice_id, status, *_ = find_invoice(con, number)
    if status != "posted":
        raise InputError(f"{invoice_key(number)} is void: it takes no payments", field="invoice")
    return invoice_id, _balance(con, invoice_id).due


def _balance(con: duckdb.DuckDBPyConnection, invoice_id: int) -> InvoiceBalance:
    number, total, paid = con.execute(
        "SELECT i.invoice_number, i.total, coalesce(sum(p.amount), 0)::DECIMAL(12,2)"
        " FROM invoices i LEFT JOIN invoice_payments p USING (invoice_id)"
        " WHERE i.invoice_id = ? GROUP BY ALL", [invoice_id]
    ).fetchone()
    return InvoiceBalance(number, total, paid)


def _positive(amount: object) -> Decimal:
    value = to_money(amount, field="amount")
    if value <= ZERO:
        raise InputError(f"{money_str(value)} is not a positive amount", field="amount")
    return value
