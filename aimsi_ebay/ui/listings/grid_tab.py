"""The SKU eBay records dashboard's Grid tab: quick edits of price, quantity and Update eBay for
the SKUs found, saved through the bulk push; a read-only cell's edit is put back and refused.

ipydatagrid (and pandas) are imported when the grid is first loaded, not with the page.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from aimsi_ebay.ui.common import MessageBar, classed, trapped
from aimsi_ebay.ui.listings.model import GRID_EDITABLE, SkuRecordsModel, label_of


class GridTab(widgets.VBox):
    def __init__(self, model: SkuRecordsModel, bar: MessageBar) -> None:
        self.model, self.bar = model, bar
        guard = trapped(bar)
        self.grid_box = classed(widgets.VBox(), "sku-grid-box")
        self.grid_load = classed(widgets.Button(description="Load found SKUs into grid",
                                             icon="table", layout={"width": "auto"}),
                              "sku-grid-load")
        self.grid_save = classed(widgets.Button(description="Save grid", icon="save",
                                             button_style="primary"), "sku-grid-save")
        self.grid_load.on_click(guard(lambda _: self.load_grid()))
        self.grid_save.on_click(guard(lambda _: self.save_grid()))
        self.grid = None
        self.grid_result = classed(widgets.HTML(), "sku-grid-result")
        self.grid_result.add_class("aimsi-save-result")
        editable = ", ".join(label_of(c) for c in GRID_EDITABLE)
        super().__init__([
            widgets.HBox([self.grid_load, self.grid_save, self.grid_result]),
            widgets.HTML(f"<small>Editable here: <b>{editable}</b>; other columns are "
                         "read-only (an edit there is put back and refused).</small>"),
            self.grid_box])

    def load_grid(self) -> None:
        from ipydatagrid import DataGrid

        skus = [hit.sku for hit in self.model.results] or None
        frame = self.model.grid_frame(skus)
        self.grid = classed(DataGrid(frame, editable=True, selection_mode="cell",
                                  layout={"height": "360px"}, base_column_size=110,
                                  column_widths={"sku": 150, "version": 70, "title": 330,
                                                 "key": 50}), "sku-grid")
        self.grid.on_cell_change(trapped(self.bar)(self._on_grid_edit))
        self.grid_box.children = [self.grid]
        self.grid_result.value = ""
        self.bar.show(f"{len(frame)} record(s) in the grid; edit "
                      f"{', '.join(label_of(c) for c in GRID_EDITABLE)} and press Save grid",
                      "info")

    def _on_grid_edit(self, cell: dict) -> None:
        """An edit of a read-only column is put back at once and refused where it was made."""
        column = cell.get("column")
        if column in GRID_EDITABLE or self.model.grid_loaded is None:
            return
        row = cell.get("primary_key_row", cell.get("row"))
        original = self.model.grid_loaded.iloc[row][column]
        if str(cell.get("value")) == str(original):
            return  # our own putting back
        self.grid.set_cell_value_by_index(column, row, original)
        sku = self.model.grid_loaded.iloc[row]["sku"]
        text = (f"Refused: {label_of(column)} of {sku} is not editable here (use the Record "
                "editor)")
        self.grid_result.value = (f"<span class='sku-grid-refused' style='color:#b00020;"
                                  f"font-weight:600'>{html.escape(text)}</span>")
        self.bar.show(text, "error")

    def save_grid(self) -> None:
        if self.grid is None:
            self.bar.show("Load the grid first", "warning")
            return
        report = self.model.save_grid(self.grid.data)
        kind = "warning" if report.refused else ("success" if report.saved else "info")
        text = "Grid: " + report.text()
        self.grid_result.value = (f"<span class='sku-grid-{kind}' style='color:"
                                  f"{MessageBar.KINDS[kind]};font-weight:600'>"
                                  f"{html.escape(text)}</span>")
        self.bar.show(text, kind)
        if report.saved and not report.refused:
            shown = self.grid_result.value
            self.load_grid()  # fresh versions for the next edit
            self.grid_result.value = shown
            self.bar.show(text, kind)
