"""The demo store's invoices, posted by the invoicing operations (not generated rows).

The demo writes its old orders as ``invoiced``; this step turns them back into shipped orders
whose stock was on hand and committed when they sold, then invoices them with ``invoice_orders``
(lines, shipping, tracking, deposits applied, stock moved) and dates each invoice four days after
its order, as a store that invoices a few days after shipping would show.
"""

from __future__ import annotations

from datetime import date

from aimsi_ebay.db import Database
from aimsi_ebay.ops.invoicing.posting import InvoiceReport, invoice_orders
from aimsi_ebay.ops.invoicing.settings import Letterhead, set_letterhead

DEMO_LETTERHEAD = Letterhead(
    "Springfield Music Co.", "120 S 6th St", None, "Springfield, IL 62701", "(217) 555-0188",
    "orders@springfield-music.example.com",
)


def invoice_demo_orders(db: Database, *, today: date | None = None) -> InvoiceReport:
    """Invoice the demo's ``invoiced`` orders through the operations; returns the report."""
    set_letterhead(db, DEMO_LETTERHEAD)
    with db.write() as con:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE demo_to_invoice AS SELECT order_id, order_number"
            " FROM orders o WHERE status = 'invoiced' AND NOT EXISTS ("
            "  SELECT 1 FROM invoices i WHERE i.order_id = o.order_id AND i.status = 'posted')"
        )
        numbers = [row[0] for row in con.execute(
            "SELECT order_number FROM demo_to_invoice ORDER BY order_id").fetchall()]
        con.execute(
            "UPDATE orders SET status = 'shipped' FROM demo_to_invoice d"
            " WHERE orders.order_id = d.order_id"
        )
        # The units were on hand and committed when the orders were taken.
        con.execute(
            "UPDATE skus SET qty_on_hand = skus.qty_on_hand + u.units,"
            " qty_committed = skus.qty_committed + u.units"
            " FROM (SELECT l.sku, sum(l.quantity) AS units FROM order_lines l"
            "       JOIN demo_to_invoice d USING (order_id) WHERE l.sku IS NOT NULL GROUP BY l.sku) u"
            " WHERE skus.sku = u.sku"
        )
    if not numbers:
        return InvoiceReport()
    report = invoice_orders(db, numbers, invoice_date=today)
    with db.write() as con:
        con.execute(
            "UPDATE invoices SET invoice_date = o.order_date + INTERVAL 4 DAY,"
            " created_at = CAST(o.order_date + INTERVAL 4 DAY AS TIMESTAMP), created_by = 'demo'"
            " FROM orders o WHERE o.order_id = invoices.order_id"
            " AND invoices.order_id IN (SELECT order_id FROM orders WHERE order_number IN"
            " (SELECT unnest(CAST(? AS VARCHAR[]))))", [numbers]
        )
        con.execute(
            "UPDATE invoice_payments SET paid_date = i.invoice_date, created_by = 'demo'"
            " FROM invoices i WHERE i.invoice_id = invoice_payments.invoice_id"
            " AND i.created_by = 'demo'"
        )
    return report
