"""The Import orders dashboard's sale panel: the chosen sale with its lines, its customer
candidates, a customer search, and the link / create customer / hold decisions (with the
confirmations and bulk decisions of ``DecisionsPanel``)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as widgets

from aimsi_ebay.rules.money import money_str
from aimsi_ebay.ui.common import classed, html_table, money_text
from aimsi_ebay.ui.sales_import.decisions_panel import DecisionsPanel
from aimsi_ebay.ui.sales_import.model import ImportOrdersModel

if TYPE_CHECKING:
    import pandas as pd



class SalePanel(widgets.VBox):
    """One staged sale and the decisions on its customer. ``changed(message)`` is called after
    any decision (the dashboard redraws the batch and shows the message)."""

    def __init__(self, model: ImportOrdersModel, trap, messages,
                 changed: Callable[[str], None]) -> None:
        self.model, self.messages, self.changed = model, messages, changed
        self._picking = False
        self.sale_picker = classed(
            widgets.Dropdown(description="Sale", options=[], layout={"width": "640px"}),
            "import-sale",
        )
        self.detail = classed(widgets.HTML(), "import-sale-detail")
        self.candidate_list = classed(
            widgets.Select(description="Candidates", options=[], layout={"width": "640px"}, rows=5),
            "import-candidates",
        )
        self.link_button = classed(
            widgets.Button(description="Link customer", icon="link"), "import-link"
        )
        self.search_text = classed(
            widgets.Text(placeholder="name, e-mail, phone or ZIP", description="Find"),
            "import-search-text",
        )
        self.search_button = classed(
            widgets.Button(description="Find customer", icon="search"), "import-search"
        )
        self.create_customer_button = classed(
            widgets.Button(description="Create customer", icon="user-plus"),
            "import-create-customer",
        )
        self.hold_button = classed(widgets.Button(description="Hold", icon="pause"), "import-hold")
        self.decisions = DecisionsPanel(model, trap, changed)

        self.sale_picker.observe(trap(self._on_pick), names="value")
        self.link_button.on_click(trap(self._on_link))
        self.search_button.on_click(trap(self._on_search))
        self.create_customer_button.on_click(trap(self._on_create_customer))
        self.hold_button.on_click(trap(self._on_hold))
        super().__init__(
            [
                widgets.HTML("<h3 style='margin:4px 0'>Sale and customer</h3>"),
                self.sale_picker,
                self.detail,
                self.candidate_list,
                widgets.HBox([self.link_button, self.create_customer_button, self.hold_button]),
                widgets.HBox([self.search_text, self.search_button]),
                self.decisions,
            ]
        )
        self.add_class("import-customer-panel")

    def show_sales(self, rows: pd.DataFrame) -> None:
        """List the batch's sales, keep the chosen one if it is still there, show it."""
        keep = self.model.selected
        self._picking = True
        try:
            self.sale_picker.options = [
                (
                    f"row {r['row']} · {r['order number'] or r['record']} · {r['buyer']} · "
                    f"{r['status']}",
                    int(r["id"]),
                )
                for _, r in rows.iterrows()
            ]
            ids = set() if rows.empty else {int(i) for i in rows["id"]}
            self.sale_picker.value = keep if keep in ids else None
        finally:
            self._picking = False
        self.model.select(self.sale_picker.value)
        self.show_detail()

    def pick(self, sale_id: int) -> None:
        """Choose a sale (from the grid)."""
        self.sale_picker.value = sale_id

    def _on_pick(self, change) -> None:
        if self._picking:
            return
        self.model.select(change["new"])
        self.show_detail()

    def show_detail(self) -> None:
        sale = self.model.detail
        if sale is None:
            self.detail.value = "<p>Select a sale in the grid or the list.</p>"
            self.candidate_list.options = []
            return
        lines = [
            {
                "#": ln["line_no"],
                "SKU": ln["sku"] or "",
                "title": ln["title"],
                "qty": ln["quantity"],
                "amount": money_str(ln["amount"]),
                "": "" if ln["known"] else "unknown SKU: order flagged for review",
            }
            for ln in sale["lines"]
        ]
        customer = (
            f"customer #{sale['customer_id']} ({sale['match_reason']})"
            if sale["customer_id"]
            else (sale["match_reason"] or "no customer yet")
        )
        address = ", ".join(filter(None, (
            sale["ship_name"], sale["ship_address1"], sale["ship_address2"], sale["ship_city"],
            sale["ship_state"], sale["ship_postal_code"])))
        self.detail.value = (
            f"<div><b>{html.escape(sale['buyer_name'] or '')}</b> "
            f"({html.escape(sale['buyer_user_id'] or '')}, "
            f"{html.escape(sale['buyer_email'] or 'no e-mail')}, "
            f"{html.escape(sale['buyer_phone'] or 'no phone')}) · status "
            f"<b class='import-sale-status'>{html.escape(sale['status'])}</b><br>"
            f"Customer: <span class='import-sale-customer'>{html.escape(customer)}</span><br>"
            f"Ship to: {html.escape(address)} → <i class='import-ship-decision'>"
            f"{html.escape(sale['ship_to_decision'])}</i><br>"
            f"Shipping {money_text(sale['shipping'])}, seller tax {money_text(sale['seller_tax'])}"
            f", eBay tax (memo) {money_text(sale['ebay_tax'])}, deposit "
            f"{money_text(sale['deposit_amount']) if sale['paid_date'] else 'none (unpaid)'}</div>"
            + html_table(lines, ["#", "SKU", "title", "qty", "amount", ""], "import-lines")
        )
        self.candidate_list.options = [(c.label, c.customer_id) for c in self.model.candidates]
        self.decisions.refresh()

    def _on_link(self, _) -> None:
        if self.candidate_list.value is None:
            self.messages.show("Choose a candidate or a search result first.", "warning")
            return
        customer_id = self.candidate_list.value

        def link(confirmed: bool) -> str:
            self.model.link(customer_id, confirmed=confirmed)
            return f"Customer #{customer_id} linked."

        self.decisions.attempt(link)

    def _on_search(self, _) -> None:
        found = self.model.search(self.search_text.value)
        self.candidate_list.options = [
            (
                f"#{c['customer_id']} {c['name']} — {c['email'] or ''} {c['phone'] or ''} "
                f"{c['city'] or ''} {c['postal_code'] or ''}",
                c["customer_id"],
            )
            for c in found
        ]
        self.messages.show(f"{len(found)} customer(s) found.", "info")

    def _on_create_customer(self, _) -> None:
        def create(confirmed: bool) -> str:
            count = self.model.create_customer(confirmed=confirmed)
            return f"A new customer will be created at Create order ({count} sale(s))."

        self.decisions.attempt(create)

    def _on_hold(self, _) -> None:
        self.model.hold()
        self.changed("Sale held; its links taken back.")
