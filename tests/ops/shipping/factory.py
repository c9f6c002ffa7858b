"""A small store for the shipping tests: customers, ship-tos, orders and lines written directly."""

from __future__ import annotations

from dataclasses import dataclass

from aimsi_ebay.db import Database
from aimsi_ebay.db.ids import next_id


@dataclass
class Line:
    sku: str | None
    quantity: int = 1
    title: str = "Item"


def add_order(db: Database, number: str, *, status: str = "open", awaiting_payment: bool = False,
              service: str | None = "UPS Ground", lines: tuple[Line, ...] = (Line("SKU-A"),),
              customer: dict | None = None, ship_to: dict | None = None,
              ebay_order_number: str | None = None, account: str | None = None) -> int:
    """One order (with its customer and, when given, its ship-to); returns its id."""
    person = {"name": f"Buyer {number}", "company": None, "email": f"b{number}@example.com",
              "phone": "555-0100", "address1": f"{number} Main St", "address2": None,
              "city": "Springfield", "state": "IL", "postal_code": "62701", "country": "US"}
    person.update(customer or {})
    with db.write() as con:
        account_id = None
        if account:
            found = con.execute("SELECT account_id FROM seller_accounts WHERE name = ?",
                                [account]).fetchone()
            if found is None:
                account_id = next_id(con, "seq_account_id")
                con.execute("INSERT INTO seller_accounts (account_id, name, ebay_user_id)"
                            " VALUES (?, ?, ?)", [account_id, account, account])
            else:
                account_id = found[0]
        customer_id = next_id(con, "seq_customer_id")
        con.execute("INSERT INTO customers (customer_id, name, company, email, phone, address1,"
                    " address2, city, state, postal_code, country) VALUES"
                    " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [customer_id, *(person[k] for k in ("name", "company", "email", "phone",
                                                        "address1", "address2", "city", "state",
                                                        "postal_code", "country"))])
        ship_to_id = None
        if ship_to is not None:
            ship_to_id = next_id(con, "seq_ship_to_id")
            values = {"name": "", "address1": "", "address2": "", "city": "", "state": "",
                      "postal_code": "", "country": "US", "phone": None} | ship_to
            con.execute("INSERT INTO ship_to_addresses (ship_to_id, customer_id, name, address1,"
                        " address2, city, state, postal_code, country, phone, address_key)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'k')",
                        [ship_to_id, customer_id, *(values[k] for k in (
                            "name", "address1", "address2", "city", "state", "postal_code",
                            "country", "phone"))])
        order_id = next_id(con, "seq_order_id")
        con.execute("INSERT INTO orders (order_id, order_number, account_id, ebay_order_number,"
                    " customer_id, ship_to_id, status, awaiting_payment, order_date,"
                    " shipping_service) VALUES (?, ?, ?, ?, ?, ?, ?, ?, DATE '2026-11-01', ?)",
                    [order_id, number, account_id, ebay_order_number or f"EB-{number}",
                     customer_id, ship_to_id, status, awaiting_payment, service])
        for line_no, line in enumerate(lines, start=1):
            con.execute("INSERT INTO order_lines (order_id, line_no, sku, ebay_item_id,"
                        " ebay_transaction_id, title, quantity, unit_price, amount)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, 10, 10)",
                        [order_id, line_no, line.sku, f"ITEM{line_no}", f"TX{number}{line_no}",
                         line.title, line.quantity])
    return order_id


def set_weights(db: Database, weights: dict[str, str | None]) -> None:
    with db.write() as con:
        con.executemany("INSERT OR REPLACE INTO sku_weights VALUES (?, CAST(? AS DECIMAL(10,3)))",
                        list(weights.items()))


def one(db: Database, sql: str, params: list | None = None):
    with db.read() as con:
        return con.execute(sql, params or []).fetchone()


def rows(db: Database, sql: str, params: list | None = None) -> list[tuple]:
    with db.read() as con:
        return con.execute(sql, params or []).fetchall()
