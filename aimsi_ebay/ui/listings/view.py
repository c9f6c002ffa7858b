"""The "SKU eBay records" dashboard: find SKUs, edit one record, or quick-edit many in a grid.

The page paints the search first — the box, Find, the list of SKUs and its pages — with no
database read and no heavy import; the Record editor and the Grid (pandas, the rich-text editor,
the category tree) are built right after, while the browser draws the search
(``first_paint.AfterFirstPaint``). A search or a click that needs them waits for that build.
Widgets only; the logic is in ``SkuRecordsModel``. Every callback runs inside ``trapped``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from aimsi_ebay.ops import Database
from aimsi_ebay.ui.common import MessageBar, classed, page, trapped
from aimsi_ebay.ui.first_paint import AfterFirstPaint


class SkuRecordsDashboard(widgets.VBox):
    """``defer``: build the editor and grid after the first paint (the served page) rather
    than at once (tests, scripts)."""

    def __init__(self, db: Database, *, defer: bool = False) -> None:
        self.db = db
        self.bar = MessageBar()
        guard = trapped(self.bar)
        self.model = self.editor = self.grid_tab = self.tabs = None
        self.search_box = classed(widgets.Text(placeholder="words of the SKU, description, vendor, "
                                                        "colour, size or UPC",
                                            continuous_update=False,
                                            layout={"width": "360px"}), "sku-search")
        self.find_button = classed(widgets.Button(description="Find", icon="search"), "sku-find")
        self.results = classed(widgets.Select(options=[], rows=10, layout={"width": "100%"}),
                            "sku-results")
        self.search_box.observe(guard(lambda _: self.find()), "value")  # Enter or leaving
        self.find_button.on_click(guard(lambda _: self.find()))
        self.results.observe(guard(self._on_result), "value")
        self.found = classed(widgets.HTML(), "sku-found")
        self.previous_page = classed(widgets.Button(description="Previous", icon="chevron-left",
                                                 disabled=True), "sku-page-previous")
        self.next_page = classed(widgets.Button(description="Next", icon="chevron-right",
                                             disabled=True), "sku-page-next")
        self.previous_page.on_click(guard(lambda _: self.find(-1)))
        self.next_page.on_click(guard(lambda _: self.find(1)))
        self.rest = AfterFirstPaint(guard(self._build_rest))
        super().__init__(page(
            "SKU eBay records", self.bar,
            widgets.HBox([self.search_box, self.find_button, widgets.HTML(
                "<small>&nbsp;● flagged Update eBay · ○ has a record · · no record yet</small>")]),
            self.results,
            widgets.HBox([self.found, self.previous_page, self.next_page]),
        ), layout={"max_width": "1100px", "padding": "8px"})
        self.add_class("sku-records-dashboard")
        if not defer:
            self.rest.ensure()

    def _build_rest(self) -> None:
        """The model, the Record editor and the Grid tab, below the search."""
        from aimsi_ebay.ui.listings.editor import RecordEditor
        from aimsi_ebay.ui.listings.grid_tab import GridTab
        from aimsi_ebay.ui.listings.model import SkuRecordsModel

        self.model = SkuRecordsModel(self.db)
        self.editor = RecordEditor(self.model, self.bar)
        self.grid_tab = GridTab(self.model, self.bar)
        tabs = widgets.Tab([self.editor, self.grid_tab])
        tabs.set_title(0, "Record editor")
        tabs.set_title(1, "Grid")
        self.tabs = classed(tabs, "sku-tabs")
        self.children = [*self.children, self.editor.header, self.tabs]

    # -- find and open -------------------------------------------------------------------------

    def find(self, step: int = 0) -> None:
        """Search (step 0), or show the previous (-1) or next (+1) page of the same search."""
        self.rest.ensure()
        current = self.model.page
        offset = 0 if step == 0 else max(0, current.offset + step * current.page_items)
        options = self.model.search(self.search_box.value if step == 0 else current.text, offset)
        self.results.options = options or [("no SKU matches", "")]
        found = self.model.page
        self.found.value = f"<span>{html.escape(found.summary())}</span>"
        self.previous_page.disabled = not found.has_previous
        self.next_page.disabled = not found.has_next

    def _on_result(self, change) -> None:
        if change["new"]:
            self.open_sku(change["new"])

    def open_sku(self, sku: str) -> None:
        self.rest.ensure()
        self.editor.open_sku(sku)

    def load_grid(self) -> None:
        self.rest.ensure()
        self.grid_tab.load_grid()

    def save_grid(self) -> None:
        self.rest.ensure()
        self.grid_tab.save_grid()
