"""Drill-down: everything the reconciliation knows about one order."""

from __future__ import annotations

from aimsi_ebay.db import Database
from aimsi_ebay.errors import NotFoundError
from aimsi_ebay.ops.reconcile.schema import shipment_cost_sql
from aimsi_ebay.ops.reconcile.views import Table, table


def order_detail(db: Database, order_number: str) -> dict[str, Table]:
    """Our order (by our number or eBay's), its deposits, applications, refunds, credit notes,
    shipments, eBay transaction rows and fees."""
    with db.read() as con:
        found = con.execute(
            "SELECT order_id FROM orders WHERE order_number = ? OR ebay_order_number = ?"
            " ORDER BY order_number = ? DESC LIMIT 1",
            [order_number, order_number, order_number],
        ).fetchone()
        if found is None:
            raise NotFoundError("order", order_number)
        oid = [found[0]]
        cost = shipment_cost_sql(con, "s")
        sections = (
            ("order", "Order", """SELECT o.order_number, o.ebay_order_number, a.name AS account,
                o.status, o.order_date, o.paid_date, o.merchandise, o.shipping, o.seller_tax,
                o.ebay_tax_memo, o.total FROM orders o
                LEFT JOIN seller_accounts a ON a.account_id = o.account_id WHERE o.order_id = ?"""),
            ("deposits", "Deposits", """SELECT deposit_id, amount, method, reference, received_date
                FROM deposits WHERE order_id = ? ORDER BY deposit_id"""),
            ("applications", "Applied to invoices", """SELECT i.invoice_number, p.amount,
                p.paid_date, p.deposit_id FROM invoice_payments p
                JOIN invoices i ON i.invoice_id = p.invoice_id WHERE i.order_id = ?
                ORDER BY p.payment_id"""),
            ("refunds", "Refunds", """SELECT refund_id, amount, refund_date, source, reason,
                cancellation, deposit_id FROM deposit_refunds WHERE order_id = ?
                ORDER BY refund_id"""),
            ("credit_notes", "Credit notes", """SELECT credit_note_number, amount, note_date,
                reason, received_at FROM credit_notes WHERE order_id = ?
                ORDER BY credit_note_id"""),
            ("shipments", "Shipments", f"""SELECT carrier, service, tracking_number, ship_date,
                CAST({cost} AS DECIMAL(12,2)) AS cost, void FROM shipments s
                WHERE s.order_id = ? ORDER BY shipment_id"""),
            ("transactions", "eBay transaction rows", """SELECT creation_date, type,
                reference_id, gross_amount, fees, net_amount, payout_id, payout_date
                FROM ebay_transactions WHERE order_id = ? ORDER BY creation_date, row_key"""),
            ("fees", "eBay fees", """SELECT f.fee_name, sum(f.amount) AS amount FROM order_fees f
                WHERE f.order_id = ? GROUP BY f.fee_name ORDER BY f.fee_name"""),
        )
        return {name: table(con, name, title, sql, oid) for name, title, sql in sections}


def filter_choices(db: Database) -> dict[str, list[str]]:
    """The accounts and carriers the filters offer."""
    with db.read() as con:
        accounts = [r[0] for r in con.execute("SELECT name FROM seller_accounts ORDER BY name").fetchall()]
        carriers = [r[0] for r in con.execute(
            "SELECT DISTINCT lower(carrier) FROM shipments ORDER BY 1").fetchall()]  # fmt: skip
    return {"accounts": accounts, "carriers": carriers}
