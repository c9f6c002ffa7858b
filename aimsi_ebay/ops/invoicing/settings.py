"""The store's invoicing settings: shipping per order source, and the invoice letterhead."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import duckdb

from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.invoice_document import Party
from aimsi_ebay.rules.money import to_money

BASES = ("order", "carrier")


@dataclass(frozen=True)
class ShippingRule:
    """Shipping on an invoice for one order source (``ebay``, ``shop``, ``other``)."""

    source: str
    basis: str  # order: what the buyer paid on the order; carrier: charge + handling
    handling_fixed: Decimal
    handling_percent: Decimal


@dataclass(frozen=True)
class Letterhead:
    store_name: str
    address1: str | None = None
    address2: str | None = None
    city_line: str | None = None
    phone: str | None = None
    email: str | None = None


def shipping_rules(db: Database) -> list[ShippingRule]:
    with db.read() as con:
        rows = con.execute(
            "SELECT source, basis, handling_fixed, handling_percent FROM invoice_shipping_rules"
            " ORDER BY source"
        ).fetchall()
    return [ShippingRule(*row) for row in rows]


def set_shipping_rule(
    db: Database, source: str, basis: str, *, handling_fixed: object = "0",
    handling_percent: object = "0",
) -> ShippingRule:
    """Set how invoices of ``source`` orders charge shipping (get-or-create on the source)."""
    source = source.strip().lower()
    if not source:
        raise InputError("a source is needed (ebay, shop, other)", field="source")
    if basis not in BASES:
        raise InputError(f"{basis!r} is not a shipping basis ({', '.join(BASES)})", field="basis")
    fixed = to_money(handling_fixed, field="handling_fixed")
    percent = to_money(handling_percent, field="handling_percent")
    if fixed < 0 or not 0 <= percent <= 100:
        raise InputError("the handling markup must be 0 or more (a percent up to 100)",
                         field="handling")
    rule = ShippingRule(source, basis, fixed, percent)
    with db.write() as con:
        before = con.execute(
            "SELECT basis, handling_fixed, handling_percent FROM invoice_shipping_rules"
            " WHERE source = ?", [source]
        ).fetchone()
        con.execute("DELETE FROM invoice_shipping_rules WHERE source = ?", [source])
        con.execute(
            "INSERT INTO invoice_shipping_rules (source, basis, handling_fixed, handling_percent,"
            " updated_by) VALUES (?, ?, ?, ?, ?)",
            [source, basis, fixed, percent, audit.current_user()],
        )
        audit.record(con, "set", "invoice_shipping_rule", source, before=before,
                     after=[basis, fixed, percent])
    return rule


def letterhead(db: Database) -> Letterhead:
    with db.read() as con:
        return _letterhead(con)


def set_letterhead(db: Database, details: Letterhead) -> None:
    if not details.store_name.strip():
        raise InputError("the store name cannot be blank", field="store_name")
    with db.write() as con:
        before = _letterhead(con)
        con.execute("DELETE FROM invoice_letterhead")
        con.execute("INSERT INTO invoice_letterhead VALUES (1, ?, ?, ?, ?, ?, ?)", [
            details.store_name.strip(), details.address1, details.address2, details.city_line,
            details.phone, details.email])
        audit.record(con, "set", "invoice_letterhead", 1, before=before.__dict__,
                     after=details.__dict__)


def _letterhead(con: duckdb.DuckDBPyConnection) -> Letterhead:
    row = con.execute(
        "SELECT store_name, address1, address2, city_line, phone, email FROM invoice_letterhead"
    ).fetchone()
    return Letterhead(*row) if row else Letterhead("Music Store")


def letterhead_party(con: duckdb.DuckDBPyConnection) -> Party:
    """The letterhead as a document's name-and-address block."""
    head = _letterhead(con)
    return Party(head.store_name, tuple(filter(None, (
        head.address1, head.address2, head.city_line, head.phone, head.email))))
