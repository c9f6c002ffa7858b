"""Invoices as documents: a posted invoice, or the preview of what posting would write.

Both are built from the database into ``formats.invoice_document.InvoiceDocument`` and rendered
there (HTML, PDF). The preview runs the posting's own plan in a read-only snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import duckdb

from aimsi_ebay.db import Database
from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.formats.invoice_document import (
    DocumentLine,
    DocumentPayment,
    InvoiceDocument,
    Package,
    Party,
    document_json,
    render_html,
    render_pdf,
)
from aimsi_ebay.ops.invoicing import posting
from aimsi_ebay.ops.invoicing.plan import build_plan, fill_scope
from aimsi_ebay.ops.invoicing.settings import letterhead_party

__all__ = ["document_json", "invoice_document", "invoice_html", "invoice_pdf", "preview_html",
           "preview_invoices"]

_NUMBER = re.compile(r"^(?:INV)?\s*(\d+)$", re.IGNORECASE)


def invoice_key(number: str) -> str:
    """``INV500001`` from ``INV500001``, ``inv500001`` or ``500001``."""
    match = _NUMBER.match(str(number).strip())
    if not match:
        raise InputError(f"{number!r} is not an invoice number like INV500001", field="invoice")
    return f"INV{match.group(1)}"


def find_invoice(con: duckdb.DuckDBPyConnection, number: str) -> tuple:
    """(invoice_id, status, total, customer_id, order_id) of an invoice, or NotFoundError."""
    key = invoice_key(number)
    row = con.execute(
        "SELECT invoice_id, status, total, customer_id, order_id FROM invoices"
        " WHERE invoice_number = ?", [key]
    ).fetchone()
    if row is None:
        raise NotFoundError("invoice", key)
    return row


def invoice_document(db: Database, number: str) -> InvoiceDocument:
    """The posted (or voided) invoice as a printable document."""
    with db.read() as con:
        invoice_id = find_invoice(con, number)[0]
        head = con.execute(
            """SELECT i.invoice_number, i.invoice_date, o.order_number, o.ebay_order_number,
                   i.customer_id, o.ship_to_id, i.merchandise, i.shipping, i.tax, i.total,
                   i.ebay_tax_memo, i.status, i.voided_at, i.voided_by, i.void_reason
            FROM invoices i JOIN orders o ON o.order_id = i.order_id WHERE i.invoice_id = ?""",
            [invoice_id],
        ).fetchone()
        lines = con.execute(
            "SELECT sku, description, quantity, unit_price, amount FROM invoice_lines"
            " WHERE invoice_id = ? ORDER BY line_no", [invoice_id]
        ).fetchall()
        payments = con.execute(
            """SELECT p.method, p.amount, p.paid_date, coalesce(p.reference, d.reference),
                   d.received_date
            FROM invoice_payments p LEFT JOIN deposits d ON d.deposit_id = p.deposit_id
            WHERE p.invoice_id = ? ORDER BY p.paid_date, p.payment_id""", [invoice_id]
        ).fetchall()
        packages = con.execute(
            """SELECT s.carrier, s.tracking_number, s.service FROM invoice_shipments b
            JOIN shipments s ON s.shipment_id = b.shipment_id
            WHERE b.invoice_id = ? AND NOT s.void ORDER BY s.shipment_id""", [invoice_id]
        ).fetchall()
        store, bill_to, ship_to = _parties(con, head[4], head[5])
    void_note = None
    if head[11] == "void":
        void_note = f"VOID {str(head[12])[:16]} by {head[13]}: {head[14]}"
    return InvoiceDocument(
        store=store, invoice_number=head[0], invoice_date=head[1], order_number=head[2],
        ebay_order_number=head[3], bill_to=bill_to, ship_to=ship_to,
        lines=tuple(DocumentLine(*line) for line in lines), merchandise=head[6],
        shipping=head[7], tax=head[8], total=head[9], ebay_tax_memo=head[10],
        payments=tuple(DocumentPayment(*payment) for payment in payments),
        packages=tuple(Package(*package) for package in packages), void_note=void_note,
    )


def preview_invoices(
    db: Database,
    order_numbers: Iterable[str],
    *,
    picks: posting.Picks | None = None,
    invoice_date: date | None = None,
) -> list[InvoiceDocument]:
    """What posting these orders would write, as documents; nothing is written."""
    numbers = list(dict.fromkeys(str(number).strip() for number in order_numbers))
    if not numbers:
        raise InputError("no order numbers given", field="order")
    on = invoice_date or date.today()
    with db.read() as con:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE requested AS"
            " SELECT unnest(CAST(? AS VARCHAR[])) AS order_number", [numbers]
        )
        posting._check_requested(con)
        fill_scope(con, "SELECT o.order_id FROM orders o JOIN requested r USING (order_number)")
        posting._load_picks(con, picks or {})
        build_plan(con, with_picks=bool(picks))
        posting._check_planned(con, picks or {})
        heads = con.execute(
            """SELECT h.order_id, h.order_number, o.ebay_order_number, h.customer_id,
                   o.ship_to_id, h.merchandise, h.shipping, h.tax, h.total, h.ebay_tax_memo
            FROM plan_heads h JOIN orders o USING (order_id) ORDER BY h.order_id"""
        ).fetchall()
        documents = []
        for order_id, order_number, ebay, customer, ship_to_id, *money in heads:
            lines = con.execute(
                "SELECT sku, title, take, unit_price, amount FROM plan_lines"
                " WHERE order_id = ? AND take > 0 ORDER BY line_no", [order_id]
            ).fetchall()
            payments = con.execute(
                """SELECT 'deposit', a.amount, CAST(? AS DATE), d.reference, d.received_date
                FROM plan_applications a JOIN deposits d USING (deposit_id)
                WHERE a.order_id = ? ORDER BY d.received_date, d.deposit_id""", [on, order_id]
            ).fetchall()
            packages = con.execute(
                """SELECT s.carrier, s.tracking_number, s.service FROM plan_packages p
                JOIN shipments s USING (shipment_id) WHERE p.order_id = ?
                ORDER BY s.shipment_id""", [order_id]
            ).fetchall()
            store, bill_to, ship_to = _parties(con, customer, ship_to_id)
            documents.append(InvoiceDocument(
                store=store, invoice_number="(preview)", invoice_date=on,
                order_number=order_number, ebay_order_number=ebay, bill_to=bill_to,
                ship_to=ship_to, lines=tuple(DocumentLine(*line) for line in lines),
                merchandise=money[0], shipping=money[1], tax=money[2], total=money[3],
                ebay_tax_memo=money[4],
                payments=tuple(DocumentPayment(*payment) for payment in payments),
                packages=tuple(Package(*package) for package in packages), preview=True,
            ))
    return documents


def preview_html(db: Database, order_numbers: Iterable[str], **options) -> list[str]:
    """The previews of :func:`preview_invoices` as HTML pages."""
    return [render_html(doc) for doc in preview_invoices(db, order_numbers, **options)]


def invoice_html(db: Database, number: str) -> str:
    return render_html(invoice_document(db, number))


def invoice_pdf(db: Database, number: str) -> bytes:
    return render_pdf(invoice_document(db, number))


def _parties(con: duckdb.DuckDBPyConnection, customer_id: int, ship_to_id: int | None):
    """Letterhead, bill-to (the customer) and ship-to (the order's, else the customer's)."""
    customer = con.execute(
        "SELECT name, company, address1, address2, city, state, postal_code, country, email,"
        " phone FROM customers WHERE customer_id = ?", [customer_id]
    ).fetchone() or ("(unknown customer)",) + (None,) * 9
    bill_to = Party(customer[0], tuple(filter(None, (
        customer[1], customer[2], customer[3], _city_line(*customer[4:8]), customer[8],
        customer[9]))))
    ship_to = Party(bill_to.name, bill_to.lines[:4])
    if ship_to_id is not None:
        row = con.execute(
            "SELECT name, address1, address2, city, state, postal_code, country, phone"
            " FROM ship_to_addresses WHERE ship_to_id = ?", [ship_to_id]
        ).fetchone()
        if row:
            ship_to = Party(row[0], tuple(filter(None, (row[1], row[2],
                                                        _city_line(*row[3:7]), row[7]))))
    else:
        ship_to = Party(bill_to.name, tuple(filter(None, (
            customer[1], customer[2], customer[3], _city_line(*customer[4:8])))))
    return letterhead_party(con), bill_to, ship_to


def _city_line(city, state, postal_code, country) -> str:
    place = ", ".join(filter(None, (city, " ".join(filter(None, (state, postal_code))))))
    if country and country != "US":
        place = f"{place} {country}".strip()
    return place
