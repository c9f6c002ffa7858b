"""The printable invoice: golden HTML, and a PDF that pdftotext reads back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

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

GOLDEN = Path(__file__).parent / "golden" / "invoice_document"
REGENERATE = os.environ.get("AIMSI_REGENERATE_GOLDEN") == "1"  # only on purpose


def load(case: str) -> InvoiceDocument:
    raw = json.loads((GOLDEN / f"{case}.json").read_text(encoding="utf-8"))
    day = date.fromisoformat
    return InvoiceDocument(
        store=Party(raw["store"]["name"], tuple(raw["store"]["lines"])),
        invoice_number=raw["invoice_number"], invoice_date=day(raw["invoice_date"]),
        order_number=raw["order_number"], ebay_order_number=raw["ebay_order_number"],
        bill_to=Party(raw["bill_to"]["name"], tuple(raw["bill_to"]["lines"])),
        ship_to=Party(raw["ship_to"]["name"], tuple(raw["ship_to"]["lines"])),
        lines=tuple(DocumentLine(x["sku"], x["description"], x["quantity"], Decimal(x["unit_price"]),
                                 Decimal(x["amount"])) for x in raw["lines"]),
        merchandise=Decimal(raw["merchandise"]), shipping=Decimal(raw["shipping"]),
        tax=Decimal(raw["tax"]), total=Decimal(raw["total"]),
        ebay_tax_memo=Decimal(raw["ebay_tax_memo"]),
        payments=tuple(DocumentPayment(p["method"], Decimal(p["amount"]), day(p["paid_date"]),
                                       p["reference"], p["deposit_date"] and day(p["deposit_date"]))
                       for p in raw["payments"]),
        packages=tuple(Package(p["carrier"], p["tracking_number"], p["service"])
                       for p in raw["packages"]),
    )


def test_html_matches_the_golden_file():
    doc = load("paid_with_deposit")
    expected = GOLDEN / "paid_with_deposit.expected.html"
    if REGENERATE:
        expected.write_text(render_html(doc), encoding="utf-8")
    assert render_html(doc) == expected.read_text(encoding="utf-8")


def test_html_escapes_and_shows_every_part():
    page = render_html(load("paid_with_deposit"))
    assert "&lt;Sunburst&gt;" in page and "<Sunburst>" not in page
    for text in ("INV500123", "100042", "12-34567-89012", "Chloé D&#x27;Angelo", "$874.49",
                 "Deposit received 2026-11-02, ref. PAYPAL-7781", "1Z999AA10123456784",
                 "Balance due", "$0.00", "eBay collected tax $60.54"):
        assert text in page, text
    assert "http" not in page  # self-contained: nothing fetched when printed


def test_the_balance_is_the_total_less_the_payments():
    doc = load("paid_with_deposit")
    assert doc.paid == Decimal("874.49") and doc.balance_due == Decimal("0.00")
    assert document_json(doc)["balance_due"] == "0.00"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) absent")
def test_pdf_opens_and_holds_number_total_and_tracking(tmp_path):
    doc = load("paid_with_deposit")
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(render_pdf(doc))
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for expected in ("INV500123", "$874.49", "1Z999AA10123456784", "12-34567-89012",
                     "PAYPAL-7781", "Balance due", "Chloé D'Angelo"):
        assert expected in text, expected


def test_a_void_invoice_says_so_in_both_forms(tmp_path):
    from dataclasses import replace

    doc = replace(load("paid_with_deposit"), void_note="VOID 2026-11-21 by ann: wrong order",
                  payments=())
    assert "VOID 2026-11-21 by ann: wrong order" in render_html(doc)
    assert doc.balance_due == Decimal("874.49")
    (tmp_path / "v.pdf").write_bytes(render_pdf(doc))
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "v.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "VOID" in text
