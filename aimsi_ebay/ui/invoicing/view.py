"""Invoice orders: the ready list with filters and totals, preview, Invoice, then one invoice's
payments, deposits by hand, void and PDF. Widgets only; the logic is in the model."""

from __future__ import annotations

import html

import ipywidgets as widgets

from aimsi_ebay.ops import Database
from aimsi_ebay.ui.common import MessageBar, classed, trapped
from aimsi_ebay.ui.invoicing.model import ANY, PAYMENT_METHODS, InvoicingModel


def _framed(page: str, height: int = 560) -> str:
    """An invoice page in an iframe, so its styles stay out of the dashboard's."""
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;'
            f'height:{height}px;border:1px solid #ccc;background:white"></iframe>')


class InvoiceOrdersDashboard(widgets.VBox):
    """The view: every rule and query is in the model and the operations."""

    def __init__(self, db: Database) -> None:
        self.model = InvoicingModel(db)
        self.messages = MessageBar()
        trap = trapped(self.messages)
        yes_no = [("any", ANY), ("yes", "yes"), ("no", "no")]
        self.account = classed(widgets.Dropdown(description="Account", options=[ANY]), "invoice-account")
        self.source = classed(widgets.Dropdown(description="Source", options=[ANY, "ebay", "shop", "other"]),
                           "invoice-source")
        self.status = classed(widgets.Dropdown(description="Status", options=[ANY, "open", "picked", "shipped"]),
                           "invoice-status")
        self.since = classed(widgets.Text(description="From", placeholder="2026-11-01"), "invoice-since")
        self.until = classed(widgets.Text(description="To", placeholder="2026-11-30"), "invoice-until")
        self.customer = classed(widgets.Text(description="Customer", placeholder="name or e-mail"),
                             "invoice-customer")
        self.has_tracking = classed(widgets.Dropdown(description="Tracking", options=yes_no),
                                 "invoice-has-tracking")
        self.deposit_covers = classed(widgets.Dropdown(description="Deposit covers", options=yes_no,
                                                    style={"description_width": "initial"}),
                                   "invoice-deposit-covers")
        self.refresh_button = classed(widgets.Button(description="Refresh", icon="refresh"), "invoice-refresh")
        self.totals = classed(widgets.HTML(), "invoice-totals")
        self.orders = classed(widgets.SelectMultiple(options=[], rows=14, layout={"width": "100%"}),
                           "invoice-orders")
        self.all_button = classed(widgets.Button(description="All", icon="check-square"), "invoice-all")
        self.none_button = classed(widgets.Button(description="None", icon="square"), "invoice-none")
        self.preview_button = classed(widgets.Button(description="Preview", icon="eye"), "invoice-preview-button")
        self.invoice_button = classed(widgets.Button(description="Invoice selected", icon="file-text",
                                                  button_style="primary", layout={"width": "180px"}),
                                   "invoice-post")
        self.progress = classed(widgets.IntProgress(value=0, min=0, max=6, description="Progress"),
                             "invoice-progress")
        self.results = classed(widgets.HTML(), "invoice-results")
        self.preview = classed(widgets.HTML(), "invoice-preview")

        self.number = classed(widgets.Text(description="Invoice", placeholder="INV500001"), "invoice-number")
        self.show_button = classed(widgets.Button(description="Show", icon="search"), "invoice-show")
        self.balance = classed(widgets.HTML(), "invoice-balance")
        self.amount = classed(widgets.Text(description="Amount", placeholder="0.00"), "invoice-amount")
        self.method = classed(widgets.Dropdown(description="Method", options=PAYMENT_METHODS), "invoice-method")
        self.reference = classed(widgets.Text(description="Reference"), "invoice-reference")
        self.pay_button = classed(widgets.Button(description="Record payment", icon="money"), "invoice-pay")
        self.deposit = classed(widgets.Dropdown(description="Deposit", options=[], layout={"width": "560px"}),
                            "invoice-deposit")
        self.apply_button = classed(widgets.Button(description="Apply deposit", icon="link"), "invoice-apply")
        self.reason = classed(widgets.Text(description="Reason", placeholder="why void it"), "invoice-reason")
        self.void_button = classed(widgets.Button(description="Void", icon="ban", button_style="danger"),
                                "invoice-void")
        self.pdf_button = classed(widgets.Button(description="PDF", icon="download"), "invoice-pdf")
        self.pdf_link = classed(widgets.HTML(), "invoice-pdf-area")
        self.document = classed(widgets.HTML(), "invoice-document-area")

        self.refresh_button.on_click(trap(lambda _: self.refresh()))
        self.orders.observe(trap(self._on_select), names="value")
        self.all_button.on_click(trap(lambda _: self._select(self.model.select_all)))
        self.none_button.on_click(trap(lambda _: self._select(self.model.select_none)))
        self.preview_button.on_click(trap(self._on_preview))
        self.invoice_button.on_click(trap(self._on_invoice))
        self.show_button.on_click(trap(lambda _: self._show(self.number.value)))
        self.pay_button.on_click(trap(self._on_pay))
        self.apply_button.on_click(trap(self._on_apply))
        self.void_button.on_click(trap(self._on_void))
        self.pdf_button.on_click(trap(lambda _: setattr(self.pdf_link, "value", self.model.pdf_link())))

        one_invoice = widgets.VBox([
            widgets.HTML("<h3 style='margin:8px 0 4px'>Invoice: payments, void, print</h3>"),
            widgets.HBox([self.number, self.show_button, self.pdf_button, self.pdf_link]),
            self.balance,
            widgets.HBox([self.amount, self.method, self.reference, self.pay_button]),
            widgets.HBox([self.deposit, self.apply_button]),
            widgets.HBox([self.reason, self.void_button]),
            self.document,
        ])
        super().__init__([
            widgets.HTML("<h2 style='margin:0'>Invoice orders</h2>"),
            widgets.HBox([self.account, self.source, self.status, self.has_tracking]),
            widgets.HBox([self.since, self.until, self.customer, self.deposit_covers, self.refresh_button]),
            self.totals,
            self.orders,
            widgets.HBox([self.all_button, self.none_button, self.preview_button, self.invoice_button,
                          self.progress]),
            self.messages,
            self.results,
            self.preview,
            one_invoice,
        ], layout={"max_width": "1300px", "padding": "8px"})
        self.orders.layout.font_family = "monospace"
        self.add_class("invoice-orders-dashboard")
        trap(self._load)()

    def _load(self) -> None:
        self.account.options = [ANY, *self.model.accounts()]
        self.refresh()

    def _filters(self) -> dict[str, object]:
        return {"account": self.account.value, "source": self.source.value, "status": self.status.value,
                "since": self.since.value, "until": self.until.value, "customer": self.customer.value,
                "has_tracking": self.has_tracking.value, "deposit_covers": self.deposit_covers.value}

    def refresh(self) -> None:
        self.model.refresh(self._filters())
        self._show_list()

    def _show_list(self) -> None:
        self.orders.options = self.model.options()
        self.orders.value = tuple(n for _, n in self.orders.options if n in self.model.selected)
        self._show_totals()

    def _show_totals(self) -> None:
        self.totals.value = f'<div class="invoice-totals-text">{html.escape(self.model.totals_text())}</div>'

    def _select(self, action) -> None:
        action()
        self.orders.value = tuple(n for _, n in self.orders.options if n in self.model.selected)
        self._show_totals()

    def _on_select(self, change) -> None:
        self.model.selected = set(change["new"])
        self._show_totals()

    def _on_preview(self, _=None) -> None:
        pages = self.model.preview()
        self.preview.value = "".join(_framed(page, 520) for page in pages)
        self.messages.show(f"Preview of {len(pages)} invoice(s); nothing is posted yet.", "info")

    def _on_invoice(self, _=None) -> None:
        self.progress.value = 0

        def progress(done: int, steps: int, label: str) -> None:
            self.progress.max, self.progress.value = steps, done
            self.progress.description = label[:20]

        report = self.model.invoice(progress)
        self.preview.value = ""
        rows = "".join(
            f"<tr><td class='invoice-posted-number'>{html.escape(i.invoice_number)}</td>"
            f"<td>{html.escape(i.order_number)}</td><td>{i.total}</td><td>{i.applied}</td>"
            f"<td class='invoice-posted-due'>{i.due}</td></tr>"
            for i in report.invoices[:50])
        more = f"<p>… and {len(report.invoices) - 50} more</p>" if len(report.invoices) > 50 else ""
        self.results.value = (
            f"<p class='invoice-results-summary'>{html.escape(report.summary())}</p>"
            "<table class='aimsi-table'><tr><th>Invoice</th><th>Order</th><th>Total</th>"
            f"<th>Deposits applied</th><th>Due</th></tr>{rows}</table>{more}")
        self.messages.show(f"{len(report.invoices)} invoice(s) posted.", "success")
        self.refresh()
        if report.invoices:
            self._show(report.invoices[0].invoice_number)

    def _show(self, number: str) -> None:
        page = self.model.open_invoice(number)
        self.number.value = self.model.invoice_number or ""
        self.document.value = _framed(page)
        self.pdf_link.value = ""
        self._after_change()

    def _after_change(self) -> None:
        self.balance.value = f'<b class="invoice-balance-text">{html.escape(self.model.balance_text())}</b>'
        self.deposit.options = self.model.deposits()

    def _on_pay(self, _=None) -> None:
        self.messages.show(self.model.pay(self.amount.value, self.method.value, self.reference.value),
                           "success")
        self.amount.value = ""
        self._show(self.model.invoice_number or "")

    def _on_apply(self, _=None) -> None:
        self.messages.show(self.model.apply(self.deposit.value, self.amount.value), "success")
        self._show(self.model.invoice_number or "")

    def _on_void(self, _=None) -> None:
        self.messages.show(self.model.void(self.reason.value), "warning")
        self.reason.value = ""
        self._show(self.model.invoice_number or "")
        self.refresh()
