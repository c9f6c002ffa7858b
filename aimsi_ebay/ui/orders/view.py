"""Orders: the orders the imports created, searched and filtered (reached from Home's cards)."""

from __future__ import annotations

import ipywidgets as widgets
from ipydatagrid import DataGrid

from aimsi_ebay.ops import Database
from aimsi_ebay.ui.common import MessageBar, trapped
from aimsi_ebay.ui.orders.model import OrdersModel


def _frame(rows):
    return rows.set_index("id").rename_axis("order id") if "id" in rows else rows


class OrdersDashboard(widgets.VBox):
    """The view: widgets only; the query is in ``ops.sales.order_list``."""

    def __init__(self, db: Database) -> None:
        self.model = OrdersModel(db)
        self.messages = MessageBar()
        trap = trapped(self.messages)
        self.search_text = widgets.Text(
            placeholder="order number, eBay order number or customer",
            description="Find",
            layout={"width": "420px"},
        )
        self.search_text.add_class("orders-search-text")
        self.status = widgets.Dropdown(description="Status", options=self.model.statuses())
        self.status.add_class("orders-status")
        self.search_button = widgets.Button(description="Search", icon="search")
        self.search_button.add_class("orders-search")
        self.count = widgets.HTML()
        self.count.add_class("orders-count")
        self.grid = DataGrid(
            _frame(self.model.search()),
            selection_mode="row",
            layout={"height": "420px"},
            base_column_size=110,
            column_widths={"customer": 180, "review": 320},
        )
        self.grid.add_class("orders-grid")
        self.search_button.on_click(trap(lambda _: self._search()))
        self.search_text.on_submit(trap(lambda _: self._search()))
        self.status.observe(trap(lambda _: self._search()), names="value")
        super().__init__(
            [
                widgets.HTML("<h2 style='margin:0'>Orders</h2>"),
                widgets.HBox([self.search_text, self.status, self.search_button]),
                self.count,
                self.grid,
                self.messages,
            ],
            layout={"max_width": "1300px", "padding": "8px"},
        )
        self.add_class("orders-dashboard")
        self._show()

    def _search(self) -> None:
        self.model.search(self.search_text.value, self.status.value)
        self._show()

    def _show(self) -> None:
        self.grid.data = _frame(self.model.rows)
        self.count.value = (
            f"<span class='orders-count-value'>{len(self.model.rows)}</span> order(s)"
        )
