"""The printable invoice: HTML for the screen and PDF for the printer or the customer.

Pure: it takes an :class:`InvoiceDocument` (plain values, money as Decimal) and returns text or
bytes; the operations build the document from the database. The PDF is drawn with fpdf2 (no
browser), in its core Helvetica font, whose character set is Latin-1: other characters are
replaced (``?``) in the PDF only — the HTML keeps them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from aimsi_ebay.rules.money import ZERO, money_str


@dataclass(frozen=True)
class Party:
    """A name and address block (letterhead, bill-to, ship-to)."""

    name: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentLine:
    sku: str | None
    description: str
    quantity: int
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class DocumentPayment:
    method: str  # deposit, cash, card, cheque, other
    amount: Decimal
    paid_date: date
    reference: str | None = None
    deposit_date: date | None = None  # when the deposit was received


@dataclass(frozen=True)
class Package:
    carrier: str
    tracking_number: str
    service: str | None = None


@dataclass(frozen=True)
class InvoiceDocument:
    store: Party
    invoice_number: str
    invoice_date: date
    order_number: str
    ebay_order_number: str | None
    bill_to: Party
    ship_to: Party
    lines: tuple[DocumentLine, ...]
    merchandise: Decimal
    shipping: Decimal
    tax: Decimal
    total: Decimal
    ebay_tax_memo: Decimal = ZERO
    payments: tuple[DocumentPayment, ...] = ()
    packages: tuple[Package, ...] = ()
    void_note: str | None = None  # "VOID 2026-11-20 by ann: wrong order"
    preview: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def paid(self) -> Decimal:
        return sum((payment.amount for payment in self.payments), ZERO)

    @property
    def balance_due(self) -> Decimal:
        return self.total - self.paid


def _money(amount: Decimal) -> str:
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def _payment_text(payment: DocumentPayment) -> str:
    if payment.method == "deposit":
        text = "Deposit"
        if payment.deposit_date:
            text += f" received {payment.deposit_date}"
    else:
        text = payment.method.capitalize()
    if payment.reference:
        text += f", ref. {payment.reference}"
    return f"{text} (applied {payment.paid_date})"


def _summary_rows(doc: InvoiceDocument) -> list[tuple[str, str]]:
    rows = [("Merchandise", _money(doc.merchandise)), ("Shipping", _money(doc.shipping)),
            ("Tax", _money(doc.tax)), ("Total", _money(doc.total))]
    rows += [(_payment_text(p), _money(-p.amount)) for p in doc.payments]
    rows.append(("Balance due", _money(doc.balance_due)))
    return rows


def _title(doc: InvoiceDocument) -> str:
    return "Invoice preview (not posted)" if doc.preview else f"Invoice {doc.invoice_number}"


def render_html(doc: InvoiceDocument) -> str:
    """A self-contained HTML page (inline styles only, no external resources)."""
    e = html.escape

    def party(label: str, who: Party, css: str) -> str:
        lines = "".join(f"<br>{e(line)}" for line in who.lines if line)
        return f'<div class="{css}"><b>{e(label)}</b><br>{e(who.name)}{lines}</div>'

    facts = [("Invoice", doc.invoice_number), ("Date", str(doc.invoice_date)),
             ("Order", doc.order_number)]
    if doc.ebay_order_number:
        facts.append(("eBay order", doc.ebay_order_number))
    fact_rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in facts)
    line_rows = "".join(
        f"<tr><td>{e(line.sku or '')}</td><td>{e(line.description)}</td>"
        f'<td class="num">{line.quantity}</td><td class="num">{_money(line.unit_price)}</td>'
        f'<td class="num">{_money(line.amount)}</td></tr>'
        for line in doc.lines
    )
    summary = "".join(
        f'<tr class="{"invoice-total" if label == "Total" else "invoice-balance" if label == "Balance due" else ""}">'
        f'<th>{e(label)}</th><td class="num">{e(value)}</td></tr>'
        for label, value in _summary_rows(doc)
    )
    packages = "".join(
        f"<li>{e(p.carrier.upper())}{' ' + e(p.service) if p.service else ''}: "
        f'<span class="tracking">{e(p.tracking_number)}</span></li>'
        for p in doc.packages
    )
    memo = (f'<p class="invoice-memo">eBay collected tax {_money(doc.ebay_tax_memo)} '
            "(memo: remitted by eBay, not part of this invoice)</p>") if doc.ebay_tax_memo else ""
    void = f'<p class="invoice-void">{e(doc.void_note)}</p>' if doc.void_note else ""
    notes = "".join(f"<p>{e(note)}</p>" for note in doc.notes)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(_title(doc))}</title>
<style>
body {{ font-family: Helvetica, Arial, sans-serif; font-size: 13px; margin: 24px; color: #222; }}
.invoice-head {{ display: flex; justify-content: space-between; }}
.parties {{ display: flex; gap: 48px; margin: 16px 0; }}
table {{ border-collapse: collapse; }}
.invoice-lines {{ width: 100%; margin: 12px 0; }}
.invoice-lines th, .invoice-lines td {{ border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; }}
.num {{ text-align: right !important; }}
.invoice-summary {{ margin-left: auto; }}
.invoice-summary th {{ text-align: left; padding: 2px 12px 2px 0; font-weight: normal; }}
.invoice-total th, .invoice-balance th {{ font-weight: bold !important; }}
.invoice-void {{ color: #b00020; font-size: 1.4em; font-weight: bold; }}
</style></head>
<body><div class="invoice-document">
{void}<div class="invoice-head">{party("", doc.store, "invoice-store")}
<div><h1 style="margin:0">{e(_title(doc))}</h1><table class="invoice-facts">{fact_rows}</table></div></div>
<div class="parties">{party("Bill to", doc.bill_to, "invoice-bill-to")}{party("Ship to", doc.ship_to, "invoice-ship-to")}</div>
<table class="invoice-lines"><thead><tr><th>SKU</th><th>Description</th><th class="num">Qty</th>
<th class="num">Price</th><th class="num">Amount</th></tr></thead><tbody>{line_rows}</tbody></table>
<table class="invoice-summary">{summary}</table>
{memo}<div class="invoice-packages"><b>Tracking</b><ul>{packages or "<li>none</li>"}</ul></div>{notes}
</div></body></html>
"""


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def render_pdf(doc: InvoiceDocument) -> bytes:
    """A one-or-more page PDF (US Letter) with the same content as the HTML."""
    # imported here, not at the top: ~0.3 s the Invoice orders page needs only when printing
    from fpdf import FPDF

    pdf = FPDF(format="Letter", unit="pt")
    pdf.set_auto_page_break(True, margin=48)
    pdf.set_title(_latin1(_title(doc)))
    pdf.add_page()
    pdf.set_margins(48, 48, 48)
    width = pdf.w - 96

    def text(value: str, size: float = 10, style: str = "", height: float = 13) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(width, height, _latin1(value), new_x="LMARGIN", new_y="NEXT")

    if doc.void_note:
        pdf.set_text_color(176, 0, 32)
        text(doc.void_note, 14, "B", 18)
        pdf.set_text_color(0, 0, 0)
    text(doc.store.name, 14, "B", 18)
    for line in doc.store.lines:
        if line:
            text(line)
    pdf.ln(8)
    text(_title(doc), 16, "B", 20)
    facts = f"Date {doc.invoice_date}    Order {doc.order_number}"
    if doc.ebay_order_number:
        facts += f"    eBay order {doc.ebay_order_number}"
    text(facts)
    pdf.ln(8)
    top = bottom = pdf.get_y()
    for column, (label, who) in enumerate((("Bill to", doc.bill_to), ("Ship to", doc.ship_to))):
        pdf.set_xy(48 + column * width / 2, top)
        pdf.set_font("Helvetica", "", 10)
        block = "\n".join([label.upper(), who.name, *[line for line in who.lines if line]])
        pdf.multi_cell(width / 2 - 8, 13, _latin1(block))
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(48, bottom + 10)
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(col_widths=(14, 46, 8, 16, 16), text_align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
                   line_height=12, first_row_as_headings=True) as table:
        table.row(["SKU", "Description", "Qty", "Price", "Amount"])
        for line in doc.lines:
            table.row([_latin1(line.sku or ""), _latin1(line.description), str(line.quantity),
                       _money(line.unit_price), _money(line.amount)])
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 10)
    for label, value in _summary_rows(doc):
        bold = "B" if label in ("Total", "Balance due") else ""
        pdf.set_font("Helvetica", bold, 10)
        pdf.cell(width - 90, 14, _latin1(label), align="R")
        pdf.cell(90, 14, value, align="R", new_x="LMARGIN", new_y="NEXT")
    if doc.ebay_tax_memo:
        pdf.ln(4)
        text(f"eBay collected tax {_money(doc.ebay_tax_memo)} (memo: remitted by eBay, not part "
             "of this invoice)", 9)
    pdf.ln(6)
    text("Tracking", 10, "B")
    for package in doc.packages or (Package("", "none"),):
        service = f" {package.service}" if package.service else ""
        text(f"{package.carrier.upper()}{service}: {package.tracking_number}".lstrip(": "))
    for note in doc.notes:
        text(note, 9)
    return bytes(pdf.output())


def document_json(doc: InvoiceDocument) -> dict[str, object]:
    """The document as JSON-able values (money as two-place text)."""
    return {
        "invoice_number": doc.invoice_number, "invoice_date": str(doc.invoice_date),
        "order_number": doc.order_number, "ebay_order_number": doc.ebay_order_number,
        "bill_to": [doc.bill_to.name, *doc.bill_to.lines],
        "ship_to": [doc.ship_to.name, *doc.ship_to.lines],
        "lines": [{"sku": line.sku, "description": line.description, "quantity": line.quantity,
                   "unit_price": money_str(line.unit_price), "amount": money_str(line.amount)}
                  for line in doc.lines],
        "merchandise": money_str(doc.merchandise), "shipping": money_str(doc.shipping),
        "tax": money_str(doc.tax), "total": money_str(doc.total),
        "ebay_tax_memo": money_str(doc.ebay_tax_memo),
        "payments": [{"method": p.method, "amount": money_str(p.amount),
                      "paid_date": str(p.paid_date), "reference": p.reference,
                      "deposit_date": None if p.deposit_date is None else str(p.deposit_date)}
                     for p in doc.payments],
        "paid": money_str(doc.paid), "balance_due": money_str(doc.balance_due),
        "tracking": [{"carrier": p.carrier, "tracking_number": p.tracking_number,
                      "service": p.service} for p in doc.packages],
        "void": doc.void_note,
    }
