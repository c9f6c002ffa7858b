"""Home: the counts that need attention, with links to the dashboards that deal with them."""

from __future__ import annotations

import html
import time
from pathlib import Path

import ipywidgets as widgets

from aimsi_ebay.ops import Database
from aimsi_ebay.ops.attention import AttentionCount, attention_counts
from aimsi_ebay.ui.common import MessageBar, page, trapped

_LINK_STYLE = "color:#0b5394;text-decoration:underline"

# Every dashboard in notebooks/, in the order of a working day.
DASHBOARDS: tuple[tuple[str, str, str], ...] = (
    ("SKU_eBay_records.ipynb", "SKU eBay records", "Keep each SKU's eBay listing and flag it for export"),
    ("eBay_export.ipynb", "eBay export", "Select flagged records and write the listing upload file"),
    ("Import_orders.ipynb", "Import orders", "Turn eBay sales downloads into customers, orders and deposits"),
    ("Orders.ipynb", "Orders", "Find the orders created: by number, eBay order number or customer"),
    ("Shipping.ipynb", "Shipping", "Hand orders to UPS / FedEx and take back tracking and charges"),
    ("Invoice_orders.ipynb", "Invoice orders", "Invoice shipped orders and pay them with the deposit"),
    ("Reconciliation.ipynb", "Reconciliation", "Shipping charged vs cost, open deposits, balances"),
)


def available_dashboards(notebooks: Path) -> list[tuple[str, str, str]]:
    """The dashboards whose notebook exists in ``notebooks``."""
    return [entry for entry in DASHBOARDS if (notebooks / entry[0]).exists()]


class HomeDashboard(widgets.VBox):
    """Counts that need attention and links to the other dashboards; Refresh re-reads them."""

    def __init__(self, db: Database, notebooks: Path) -> None:
        self.db = db
        self.notebooks = notebooks
        self.messages = MessageBar()
        self.cards = widgets.HTML()
        self.cards.add_class("home-counts")
        self.links = widgets.HTML(self._links_html())
        self.links.add_class("home-links")
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh")
        self.refresh_button.add_class("home-refresh")
        self.refresh_button.on_click(trapped(self.messages)(lambda _: self.refresh()))
        self.counts: list[AttentionCount] = []
        self.status = widgets.HTML()
        super().__init__(
            page("aimsi-ebay — today", self.messages,
                 widgets.HBox([self.refresh_button], layout={"justify_content": "flex-end"}),
                 self.cards, widgets.HTML("<h3>Dashboards</h3>"), self.links, self.status),
            layout={"max_width": "1100px", "padding": "8px"},
        )
        self.add_class("home-dashboard")
        trapped(self.messages)(self.refresh)()

    def refresh(self) -> None:
        started = time.perf_counter()
        self.counts = attention_counts(self.db)
        self.cards.value = self._cards_html()
        self.status.value = (
            f'<span style="color:#6b6b6b;font-size:0.85em">{html.escape(str(self.db.path))} · '
            f"read in {1000 * (time.perf_counter() - started):.0f} ms</span>"
        )

    def _cards_html(self) -> str:
        titles = {name: title for name, title, _ in available_dashboards(self.notebooks)}
        cards = []
        for item in self.counts:
            tone = "#b00020" if item.count and item.key == "invalid_records" else (
                "#0b5394" if item.count else "#6b6b6b")
            inner = (
                f'<div class="home-count-value" data-key="{item.key}" '
                f'style="font-size:2em;font-weight:600;color:{tone}">{item.count:,}</div>'
                f'<div class="home-count-label">{html.escape(item.label)}</div>'
            )
            notebook = item.dashboard.split("?", 1)[0]
            if notebook in titles:
                inner = (
                    f'<a class="home-count-link" href="{html.escape(item.dashboard)}" '
                    'style="text-decoration:none;color:inherit">'
                    f'{inner}<div style="{_LINK_STYLE};font-size:0.85em;margin-top:4px">'
                    f"{html.escape(titles[notebook])} →</div></a>"
                )
            cards.append(
                f'<div class="home-count" data-key="{item.key}" style="border:1px solid #ddd;'
                f'border-radius:6px;padding:10px 14px;flex:0 0 180px;line-height:1.4">{inner}</div>'
            )
        return f'<div style="display:flex;flex-wrap:wrap;gap:10px">{"".join(cards)}</div>'

    def _links_html(self) -> str:
        rows = [
            f'<li><a class="home-link" style="{_LINK_STYLE}" href="{html.escape(name)}">{html.escape(title)}</a>'
            f" — {html.escape(purpose)}</li>"
            for name, title, purpose in available_dashboards(self.notebooks)
        ]
        return f"<ul>{''.join(rows)}</ul>" if rows else "<p>No other dashboards are installed.</p>"
