"""Refunds and cancellations: money given back out of a deposit, and what follows from it.

A refund (an eBay Refund row, or one made outside eBay and entered by hand) is recorded against
the order's deposit, so the open deposit falls by it. What follows, set-based:

- an order fully refunded (Σ refunds ≥ Σ deposits) that has not shipped (open or picked, no
  live shipment) is **cancelled** and its committed stock released;
- a refund on an order that has a live invoice creates a **credit note** against the invoice
  (the deposit was applied to the invoice, so the refund is not charged to the deposit again:
  its ``deposit_id`` stays empty). A credit note that covers the invoice's merchandise carries
  the invoice's lines; they return to on-hand stock only when the operator marks them received.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import duckdb

from aimsi_ebay.db import Database, audit
from aimsi_ebay.db.ids import CREDIT_NOTE_NUMBER_SQL, id_sql
from aimsi_ebay.errors import ConflictError, InputError, NotFoundError
from aimsi_ebay.ops.reconcile import money_summary
from aimsi_ebay.ops.reconcile.schema import live_invoice_sql, live_shipment_sql
from aimsi_ebay.rules.money import ZERO, money_str, to_money


@dataclass
class RefundCounts:
    refunds: int = 0
    refunded: Decimal = ZERO
    cancelled_orders: int = 0
    credit_notes: int = 0
    unmatched: int = 0  # Refund rows whose order is not in our books

    def summary(self) -> str:
        return (
            f"{self.refunds} refund(s) {money_str(self.refunded)}, {self.cancelled_orders} order(s)"
            f" cancelled, {self.credit_notes} credit note(s), {self.unmatched} refund(s) with no order"
        )

    def as_json(self) -> dict[str, object]:
        return {"refunds": self.refunds, "refunded": money_str(self.refunded),
                "cancelled_orders": self.cancelled_orders, "credit_notes": self.credit_notes,
                "unmatched": self.unmatched}  # fmt: skip


def settle_refunds(con: duckdb.DuckDBPyConnection, account_id: int) -> RefundCounts:
    """Record every matched eBay Refund row of the account not yet recorded (idempotent)."""
    live = live_invoice_sql(con, "i")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE new_refunds AS
        SELECT {id_sql("seq_refund_id")} AS refund_id, r.*
        FROM (SELECT t.order_id, t.account_id, t.row_key,
                -coalesce(t.gross_amount, t.net_amount) AS amount,
                coalesce(t.creation_date, current_date) AS refund_date,
                'ebay' AS source, t.reference_id AS reason,
                t.reference_id ILIKE 'cancel id%' AS cancellation,
                CASE WHEN i.invoice_id IS NULL THEN d.deposit_id END AS deposit_id
              FROM ebay_transactions t
              LEFT JOIN (SELECT order_id, min(deposit_id) AS deposit_id FROM deposits
                         GROUP BY order_id) d ON d.order_id = t.order_id
              LEFT JOIN invoices i ON i.order_id = t.order_id AND {live}
              WHERE t.account_id = ? AND lower(t.type) = 'refund' AND t.order_id IS NOT NULL
                AND -coalesce(t.gross_amount, t.net_amount) > 0
                AND NOT EXISTS (SELECT 1 FROM deposit_refunds x
                                WHERE x.account_id = t.account_id AND x.row_key = t.row_key)
              ORDER BY t.creation_date, t.row_key) r""",
        [account_id],
    )
    return _apply(con, audit.current_user())


def record_manual_refund(
    db: Database,
    order_number: str,
    amount: object,
    *,
    refund_date: date | None = None,
    reason: str = "",
) -> RefundCounts:
    """A refund made outside eBay (cash, card, cheque): the same effects as an eBay one. It may
    not exceed what is left to give back (the deposit less refunds, or the invoice less credits)."""
    value = to_money(amount, field="Amount")
    if value <= 0:
        raise InputError(f"{money_str(value)} is not a refund: give a positive amount", field="Amount")
    with db.write() as con:
        live = live_invoice_sql(con, "i")
        found = con.execute(
            f"""SELECT o.order_id, o.status, i.invoice_id,
                (SELECT min(deposit_id) FROM deposits WHERE order_id = o.order_id),
                coalesce((SELECT sum(amount) FROM deposits WHERE order_id = o.order_id), 0),
                coalesce((SELECT sum(amount) FROM deposit_refunds WHERE order_id = o.order_id), 0),
                i.total, coalesce((SELECT sum(amount) FROM credit_notes c
                                   WHERE c.invoice_id = i.invoice_id), 0)
            FROM orders o LEFT JOIN invoices i ON i.order_id = o.order_id AND {live}
            WHERE o.order_number = ? OR o.ebay_order_number = ?
            ORDER BY o.order_number = ? DESC LIMIT 1""",
            [order_number, order_number, order_number],
        ).fetchone()
        if found is None:
            raise NotFoundError("order", order_number)
        order_id, _, invoice_id, deposit_id, deposited, refunded, total, credited = found
        left = (total - credited) if invoice_id is not None else (deposited - refunded)
        if value > left:
            raise InputError(
                f"{money_str(value)} is more than the {money_str(left)} left to refund on order"
                f" {order_number}", field="Amount")  # fmt: skip
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE new_refunds AS
            SELECT {id_sql("seq_refund_id")} AS refund_id, ? AS order_id, NULL AS account_id,
                NULL AS row_key, CAST(? AS DECIMAL(12,2)) AS amount, CAST(? AS DATE) AS refund_date,
                'manual' AS source, ? AS reason, FALSE AS cancellation,
                CAST(? AS BIGINT) AS deposit_id""",
            [order_id, str(value), refund_date or date.today(), reason or None,
             None if invoice_id is not None else deposit_id],
        )
        counts = _apply(con, audit.current_user())
        audit.record(con, "manual refund", "orders", order_number,
                     after={"amount": str(value), "reason": reason})  # fmt: skip
    return counts


def mark_items_received(db: Database, credit_note_number: str) -> int:
    """The credited items are back: their quantities return to on-hand stock (once)."""
    with db.write() as con:
        row = con.execute(
            "SELECT credit_note_id, received_at FROM credit_notes WHERE credit_note_number = ?",
            [credit_note_number],
        ).fetchone()
        if row is None:
            raise NotFoundError("credit note", credit_note_number)
        if row[1] is not None:
            raise ConflictError(f"credit note {credit_note_number}: items already received")
        units = con.execute(
            "UPDATE skus SET qty_on_hand = skus.qty_on_hand + l.units FROM ("
            " SELECT sku, sum(quantity) AS units FROM credit_note_lines"
            " WHERE credit_note_id = ? AND sku IS NOT NULL GROUP BY sku) l WHERE skus.sku = l.sku",
            [row[0]],
        ).fetchone()[0]
        con.execute(
            "UPDATE credit_notes SET received_at = current_timestamp, received_by = ?"
            " WHERE credit_note_id = ?",
            [audit.current_user(), row[0]],
        )
        audit.record(con, "items received", "credit_notes", credit_note_number)
    return int(units)


def _apply(con: duckdb.DuckDBPyConnection, who: str) -> RefundCounts:
    """Write the refunds in temp table ``new_refunds`` and their credit notes and cancellations."""
    live_invoice = live_invoice_sql(con, "i")
    live_shipment = live_shipment_sql(con, "s")
    con.execute(
        """INSERT INTO deposit_refunds (refund_id, deposit_id, order_id, amount, refund_date,
            source, account_id, row_key, reason, cancellation, created_by)
        SELECT refund_id, deposit_id, order_id, amount, refund_date, source, account_id, row_key,
            reason, cancellation, ? FROM new_refunds ORDER BY refund_id""",
        [who],
    )
    money_summary.refresh_deposits(con, "SELECT deposit_id FROM new_refunds")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE new_credit_notes AS
        SELECT {id_sql("seq_credit_note_id")} AS credit_note_id,
               {CREDIT_NOTE_NUMBER_SQL} AS credit_note_number, c.*
        FROM (SELECT i.invoice_id, i.merchandise, r.order_id, r.refund_id,
                least(r.amount, i.total) AS amount, r.refund_date, r.reason
              FROM new_refunds r JOIN invoices i ON i.order_id = r.order_id AND {live_invoice}
              ORDER BY r.refund_id) c"""
    )
    con.execute(
        """INSERT INTO credit_notes (credit_note_id, credit_note_number, invoice_id, order_id,
            refund_id, amount, note_date, reason, created_by)
        SELECT credit_note_id, credit_note_number, invoice_id, order_id, refund_id, amount,
            refund_date, reason, ? FROM new_credit_notes ORDER BY credit_note_id""",
        [who],
    )
    money_summary.refresh_invoices(con, "SELECT invoice_id FROM new_credit_notes")
    con.execute(  # a credit note covering the goods carries them (returned when received)
        """INSERT INTO credit_note_lines (credit_note_id, line_no, sku, description, quantity, amount)
        SELECT c.credit_note_id, l.line_no, l.sku, l.description, l.quantity, l.amount
        FROM new_credit_notes c JOIN invoice_lines l ON l.invoice_id = c.invoice_id
        WHERE c.amount >= c.merchandise"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE cancelling AS
        WITH touched AS (SELECT DISTINCT order_id FROM new_refunds),
        money AS (
            SELECT t.order_id,
                coalesce((SELECT sum(amount) FROM deposits d WHERE d.order_id = t.order_id), 0)
                    AS deposited,
                (SELECT sum(amount) FROM deposit_refunds r WHERE r.order_id = t.order_id)
                    AS refunded
            FROM touched t)
        SELECT o.order_id FROM orders o JOIN money m ON m.order_id = o.order_id
        WHERE o.status IN ('open', 'picked') AND m.deposited > 0 AND m.refunded >= m.deposited
          AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.order_id
                          AND {live_shipment})"""
    )
    con.execute(
        "UPDATE skus SET qty_committed = greatest(0, skus.qty_committed - c.units) FROM ("
        " SELECT l.sku, sum(l.quantity) AS units FROM order_lines l"
        " JOIN cancelling x ON x.order_id = l.order_id WHERE l.sku IS NOT NULL GROUP BY l.sku) c"
        " WHERE skus.sku = c.sku"
    )
    con.execute(
        "UPDATE orders SET status = 'cancelled', closed_reason = CASE WHEN order_id IN"
        " (SELECT order_id FROM new_refunds WHERE cancellation) THEN 'cancelled'"
        " ELSE 'refunded' END WHERE order_id IN (SELECT order_id FROM cancelling)"
    )
    row = con.execute(
        "SELECT (SELECT count(*) FROM new_refunds), (SELECT coalesce(sum(amount), 0)"
        " FROM new_refunds), (SELECT count(*) FROM cancelling),"
        " (SELECT count(*) FROM new_credit_notes)"
    ).fetchone()
    return RefundCounts(row[0], Decimal(row[1]).quantize(Decimal("0.01")), row[2], row[3])
