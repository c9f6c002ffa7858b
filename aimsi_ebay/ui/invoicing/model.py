"""Invoice orders: the dashboard's state and logic, without widgets (tested without a browser)."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ops import accounts as seller_accounts
from aimsi_ebay.ops.invoicing import documents, payments
from aimsi_ebay.ops.invoicing.posting import InvoiceReport, invoice_orders
from aimsi_ebay.ops.invoicing.ready import (
    ReadyFilter,
    ReadyOrder,
    ReadyTotals,
    ready_orders,
    totals,
)
from aimsi_ebay.rules.money import money_str

ANY = "any"
PAYMENT_METHODS = payments.PAYMENT_METHODS


def _choice(text: str | None) -> str | None:
    return None if text in (None, "", ANY) else text


def _yes_no(text: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(text or "")


def _day(text: str | None, field_name: str) -> date | None:
    if not text or not str(text).strip():
        return None
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise InputError(f"{text!r} is not a date like 2026-11-20", field=field_name) from None


@dataclass
class InvoicingModel:
    db: Database
    rows: list[ReadyOrder] = field(default_factory=list)
    selected: set[str] = field(default_factory=set)
    last_report: InvoiceReport | None = None
    invoice_number: str | None = None  # the invoice shown in the lower panel

    def accounts(self) -> list[str]:
        return [account.name for account in seller_accounts.list_accounts(self.db)]

    def refresh(self, raw: dict[str, object] | None = None) -> None:
        """Re-read the ready list with the filters' raw widget values; the selection is kept
        for orders still on the list."""
        raw = raw or {}
        filters = ReadyFilter(
            account=_choice(raw.get("account")), source=_choice(raw.get("source")),
            status=_choice(raw.get("status")), since=_day(raw.get("since"), "since"),
            until=_day(raw.get("until"), "until"),
            customer=(str(raw.get("customer") or "").strip() or None),
            has_tracking=_yes_no(raw.get("has_tracking")),
            deposit_covers=_yes_no(raw.get("deposit_covers")),
        )
        self.rows = ready_orders(self.db, filters)
        self.selected &= {row.order_number for row in self.rows}

    def select_all(self) -> None:
        self.selected = {row.order_number for row in self.rows}

    def select_none(self) -> None:
        self.selected = set()

    def totals(self) -> ReadyTotals:
        return totals(self.rows)

    def selected_totals(self) -> ReadyTotals:
        return totals([row for row in self.rows if row.order_number in self.selected])

    def options(self) -> list[tuple[str, str]]:
        """The list's rows as (label, order number), in columns that line up."""
        return [(
            f"{row.order_number:<8} {row.order_date} {row.status:<8} {(row.account or '-'):<12.12}"
            f" {row.customer:<22.22} total {money_str(row.invoice_total):>10}"
            f"  deposits {money_str(row.deposits_open):>10}  due {money_str(row.due):>9}"
            f"{'  partial' if row.partial else ''}"
            f"{'  ' + row.tracking_numbers if row.tracking_numbers else ''}", row.order_number)
            for row in self.rows]

    def totals_text(self) -> str:
        all_, chosen = self.totals(), self.selected_totals()
        return (f"{all_.orders} order(s) ready: invoices {money_str(all_.invoice_total)}, deposits"
                f" open {money_str(all_.deposits_open)}, would leave due {money_str(all_.due)}"
                f" — selected {chosen.orders}: {money_str(chosen.invoice_total)},"
                f" due {money_str(chosen.due)}")

    def _chosen(self) -> list[str]:
        chosen = [row.order_number for row in self.rows if row.order_number in self.selected]
        if not chosen:
            raise InputError("select one or more orders first", field="orders")
        return chosen

    def preview(self, limit: int = 3) -> list[str]:
        """HTML previews of the first selected orders' invoices (nothing written)."""
        return documents.preview_html(self.db, self._chosen()[:limit])

    def invoice(self, progress: Callable[[int, int, str], None] | None = None) -> InvoiceReport:
        """Post the selected orders' invoices in one transaction, then re-read the list."""
        report = invoice_orders(self.db, self._chosen(), progress=progress)
        self.last_report = report
        if report.invoices:
            self.invoice_number = report.invoices[0].invoice_number
        self.selected = set()
        return report

    # -- one invoice -------------------------------------------------------------------------

    def open_invoice(self, number: str) -> str:
        """Show an invoice: its HTML page."""
        self.invoice_number = documents.invoice_key(number)
        return documents.invoice_html(self.db, self.invoice_number)

    def _current(self) -> str:
        if not self.invoice_number:
            raise InputError("open an invoice first", field="invoice")
        return self.invoice_number

    def balance_text(self) -> str:
        balance = payments.invoice_balance(self.db, self._current())
        return (f"{balance.invoice_number}: total {money_str(balance.total)}, paid"
                f" {money_str(balance.paid)}, balance due {money_str(balance.due)}")

    def deposits(self) -> list[tuple[str, int]]:
        return [(d.label, d.deposit_id) for d in payments.customer_open_deposits(self.db, self._current())]

    def pay(self, amount: str, method: str, reference: str) -> str:
        payments.pay_invoice(self.db, self._current(), amount, method, reference)
        return self.balance_text()

    def apply(self, deposit_id: int | None, amount: str) -> str:
        if deposit_id is None:
            raise InputError("pick a deposit", field="deposit")
        payments.apply_deposit(self.db, self._current(), deposit_id, amount.strip() or None)
        return self.balance_text()

    def void(self, reason: str) -> str:
        payments.void_invoice(self.db, self._current(), reason)
        return f"{self.invoice_number} voided; its order is back on the list"

    def pdf_link(self) -> str:
        """A download link holding the PDF (a data URL: no server route needed)."""
        number = self._current()
        data = base64.b64encode(documents.invoice_pdf(self.db, number)).decode("ascii")
        return (f'<a class="invoice-pdf-link" download="{html.escape(number)}.pdf" '
                f'href="data:application/pdf;base64,{data}">Download {html.escape(number)}.pdf</a>')
