"""A tiny set of books for the reconciliation tests: one account, a customer, orders with lines,
deposits, optional invoices paid with the deposit (plain SQL, as the demo store writes them;
the figures the writers keep are then rebuilt: ``ship_summary``, ``money_summary``)."""

from __future__ import annotations

from decimal import Decimal

from aimsi_ebay.db import Database
from aimsi_ebay.ops.accounts import create_account
from aimsi_ebay.ops.reconcile import money_summary, ship_summary


def make_books(db: Database, orders: list[dict], account: str = "main") -> None:
    """``orders``: dicts with ebay (order number), deposit, status, shipping, sku, qty, invoiced,
    shipped (a UPS shipment with that charge)."""
    create_account(db, name=account, ebay_user_id=account + "_user",
                   item_location="Springfield, IL", postal_code="62701",
                   shipping_profile="Ground", return_profile="30 days")
    with db.write() as con:
        con.execute("INSERT INTO items (item_id, style_code, description) VALUES (1, 'S1', 'Strings')")
        con.execute("INSERT INTO customers (customer_id, name) VALUES (1, 'Pat Buyer')")
        for n, o in enumerate(orders, start=1):
            deposit = Decimal(o["deposit"])
            shipping = Decimal(o.get("shipping", "0.00"))
            sku, qty = o.get("sku", f"SKU{n}"), o.get("qty", 1)
            con.execute("INSERT INTO skus (sku, item_id, price, qty_on_hand, qty_committed)"
                        " VALUES (?, 1, ?, 10, ?)", [sku, str(deposit), qty])
            con.execute(
                "INSERT INTO orders (order_id, order_number, account_id, ebay_order_number,"
                " sale_key, customer_id, status, order_date, paid_date, merchandise, shipping,"
                " total) SELECT ?, ?, account_id, ?, ?, 1, ?, DATE '2026-03-01', DATE '2026-03-01',"
                " ?, ?, ? FROM seller_accounts WHERE name = ?",
                [n, str(100000 + n), o["ebay"], o["ebay"], o.get("status", "open"),
                 str(deposit - shipping), str(shipping), str(deposit), account])
            con.execute("INSERT INTO order_lines VALUES (?, 1, ?, NULL, NULL, 'Strings', ?, ?, ?)",
                        [n, sku, qty, str(deposit - shipping), str(deposit - shipping)])
            con.execute("INSERT INTO deposits (deposit_id, customer_id, order_id, amount, method,"
                        " received_date) VALUES (?, 1, ?, ?, 'eBay', DATE '2026-03-01')",
                        [n, n, str(deposit)])
            if o.get("shipped") is not None:
                con.execute("INSERT INTO shipments (order_id, carrier, service, tracking_number,"
                            " carrier_charge, ship_date) VALUES"
                            " (?, 'ups', 'GND', ?, ?, DATE '2026-03-02')",
                            [n, f"1Z{n:08d}", o["shipped"]])
            if o.get("invoiced"):
                con.execute(
                    "INSERT INTO invoices (invoice_id, invoice_number, order_id, customer_id,"
                    " invoice_date, merchandise, shipping, tax, total, created_by)"
                    " VALUES (?, ?, ?, 1, DATE '2026-03-02', ?, ?, 0, ?, 'test')",
                    [n, f"INV{n}", n, str(deposit - shipping), str(shipping), str(deposit)])
                con.execute("INSERT INTO invoice_lines VALUES (?, 1, ?, 'Strings', ?, ?, ?, 1)",
                            [n, sku, qty, str(deposit - shipping), str(deposit - shipping)])
                con.execute("INSERT INTO invoice_payments (payment_id, invoice_id, deposit_id,"
                            " method, amount, paid_date) VALUES (?, ?, ?, 'deposit', ?,"
                            " DATE '2026-03-02')", [n, n, n, str(deposit)])
        ship_summary.rebuild(con)
        money_summary.rebuild(con)
