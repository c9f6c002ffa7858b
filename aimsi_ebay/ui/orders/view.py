"""Orders: the orders the imports created, searched and filtered (reached from Home's cards).

The page paints the search first (no heavy import, no database read); the status filter and the
grid of orders (pandas, ipydatagrid, the first read) are built right after, while the browser
draws the search (``first_paint.AfterFirstPaint``). A search before then waits for them.
"""

from __future__ import annotations

import ipywidgets as widgets

from aimsi_ebay.ops import Database
from aimsi_ebay.ui.common import MessageBar, trapped
from aimsi_ebay.ui.first_paint import AfterFirstPaint


def _frame(rows):
    return rows.set_index("id").rename_axis("order id") if "id" in rows else rows


class OrdersDashboard(widgets.VBox):
    """The view: widgets only; the query is in ``ops.sales.order_list``. ``defer``: build the
    filter and grid after the first paint (the served page) rather than at once."""

    def __init__(self, db: Database, *, defer: bool = False) -> None:
        self.db = db
        self.model = self.status = self.grid = None
        self.messages = MessageBar()
        trap = self.trap = trapped(self.messages)
        self.search_text = widgets.Text(
            placeholder="order number, eBay order number or customer",
            description="Find",
            continuous_update=False,  # Enter (or leaving the box) searches
            layout={"width": "420px"},
        )
        self.search_text.add_class("orders-search-text")
        self.search_button = widgets.Button(description="Search", icon="search")
        self.search_button.add_class("orders-search")
        self.count = widgets.HTML()
        self.count.add_class("orders-count")
        self.search_button.on_click(trap(lambda _: self._search()))
        self.search_text.observe(trap(lambda _: self._search()), names="value")
        self.bar = widgets.HBox([self.search_text, self.search_button])
        super().__init__(
            [widgets.HTML("<h2 style='margin:0'>Orders</h2>"), self.bar, self.count,
             self.messages],
            layout={"max_width": "1300px", "padding": "8px"},
        )
        self.add_class("orders-dashboard")
        self.rest = AfterFirstPaint(trap(self._build_rest))
        if not defer:
            self.rest.ensure()

    def _build_rest(self) -> None:
        """The status filter and the grid, with the first read."""
        from ipydatagrid import DataGrid

        from aimsi_ebay.ui.orders.model import OrdersModel

        self.model = OrdersModel(self.db)
        self.status = widgets.Dropdown(description="Status", options=self.model.statuses())
        self.status.add_class("orders-status")
        self.grid = DataGrid(
            _frame(self.model.search(self.search_text.value)),
            selection_mode="row",
            layout={"height": "420px"},
            base_column_size=110,
            column_widths={"customer": 180, "review": 320},
        )
        self.grid.add_class("orders-grid")
        self.status.observe(self.trap(lambda _: self._search()), names="value")
        self.bar.children = [self.search_text, self.status, self.search_button]
        heading, bar, count, messages = self.children
        self.children = [heading, bar, count, self.grid, messages]
        self._count()

    def _search(self) -> None:
        if not self.rest.done:
            self.rest.ensure()  # its first read is this search
            return
        self.model.search(self.search_text.value, self.status.value)
        self._show()

    def _show(self) -> None:
        self.grid.data = _frame(self.model.rows)
        self._count()

    def _count(self) -> None:
        self.count.value = (
            f"<span class='orders-count-value'>{len(self.model.rows)}</span> order(s)"
        )
