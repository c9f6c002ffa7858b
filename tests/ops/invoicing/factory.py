"""A tiny store for invoicing tests: SKUs, a customer, orders with lines, deposits, packages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from aimsi_ebay.db import Database
from aimsi_ebay.ops.reconcile import money_summary

SKUS = {"GTR-1": ("Guitar", "499.00"), "PIC-1": ("Picks", "4.50"), "AMP-1": ("Amp", "120.00")}


def seed_store(db: Database, *, on_hand: int = 50) -> None:
    """Three SKUs with stock, one account, two customers."""
    with db.write() as con:
        con.execute("INSERT INTO seller_accounts (name, ebay_user_id) VALUES ('acct', 'seller1')")
        con.execute("INSERT INTO items (style_code, description) VALUES ('S', 'Stuff')")
        for sku, (_, price) in SKUS.items():
            con.execute("INSERT INTO skus (sku, item_id, price, qty_on_hand) VALUES (?, 1, ?, ?)",
                        [sku, price, on_hand])
        con.execute(
            "INSERT INTO customers (name, email, address1, city, state, postal_code, country)"
            " VALUES ('Ann Buyer', 'ann@example.com', '1 Main St', 'Austin', 'TX', '78701', 'US'),"
            " ('Bob Other', 'bob@example.com', '2 Oak Ave', 'Boise', 'ID', '83702', 'US')"
        )


def add_order(
    db: Database,
    number: str,
    lines: list[tuple[str | None, int, str]],
    *,
    shipping: str = "10.00",
    seller_tax: str = "0.00",
    ebay_tax: str = "0.00",
    deposits: list[str] | tuple[str, ...] = (),
    status: str = "open",
    source: str = "ebay",
    customer_id: int = 1,
    order_date: date = date(2026, 11, 1),
    commit: bool = True,
) -> int:
    """An order as the import writes it (stock committed); returns its order_id."""
    merchandise = sum((Decimal(price) * qty for _, qty, price in lines), Decimal("0.00"))
    total = merchandise + Decimal(shipping) + Decimal(seller_tax)
    with db.write() as con:
        order_id = con.execute(
            "SELECT coalesce(max(order_id), 0) + 1 FROM orders").fetchone()[0]
        con.execute(
            "INSERT INTO orders (order_id, order_number, account_id, source, sale_key,"
            " ebay_order_number, customer_id, status, order_date, paid_date, merchandise,"
            " shipping, seller_tax, ebay_tax_memo, total)"
            " VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [order_id, number, source, f"K-{number}", f"11-{number}-00001", customer_id, status,
             order_date, order_date, merchandise, shipping, seller_tax, ebay_tax, total],
        )
        for line_no, (sku, qty, price) in enumerate(lines, start=1):
            con.execute(
                "INSERT INTO order_lines VALUES (?, ?, ?, NULL, NULL, ?, ?, ?, ?)",
                [order_id, line_no, sku, SKUS.get(sku, ("Unknown thing",))[0], qty, price,
                 Decimal(price) * qty],
            )
            if commit and sku:
                con.execute("UPDATE skus SET qty_committed = qty_committed + ? WHERE sku = ?",
                            [qty, sku])
        for day, amount in enumerate(deposits, start=1):
            con.execute(
                "INSERT INTO deposits (customer_id, order_id, amount, method, reference,"
                " received_date) VALUES (?, ?, ?, 'eBay', ?, ?)",
                [customer_id, order_id, amount, f"PAY-{number}-{day}", date(2026, 11, day)],
            )
        money_summary.refresh_orders(con, f"SELECT {int(order_id)}")  # as the import keeps it
    return order_id


def add_package(db: Database, order_id: int, tracking: str, charge: str | None = "12.00",
                negotiated: str | None = "9.00", *, void: bool = False) -> None:
    with db.write() as con:
        con.execute(
            "INSERT INTO shipments (order_id, carrier, service, tracking_number, carrier_charge,"
            " negotiated_charge, ship_date, void) VALUES (?, 'ups', 'GND', ?, ?, ?, ?, ?)",
            [order_id, tracking, charge, negotiated, date(2026, 11, 3), void],
        )
