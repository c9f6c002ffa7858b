"""Shipping: orders ready to ship, files for WorldShip / FedEx, carrier results back, eBay's
tracking file, a search by tracking number.

The page paints the carrier choice and the package search first (no heavy import, no database
read); the queue grid, the counts and the file panels (pandas, ipydatagrid, the reads) are built
right after, while the browser draws the first part (``first_paint.AfterFirstPaint``). An action
before then waits for them.
"""

from __future__ import annotations

import html
import threading
from pathlib import Path

import ipywidgets as widgets

from aimsi_ebay.ops import Database
from aimsi_ebay.ui.common import MessageBar, classed, html_table, money_text, trapped
from aimsi_ebay.ui.first_paint import AfterFirstPaint

WATCH_SECONDS = 5.0
ALL = "*"  # the account choice meaning every account
_QUEUE_WIDTHS = {"order_number": 90, "ebay_order_number": 130, "ship_to": 200, "city": 120,
                 "state": 50, "country": 60, "ebay_service": 200, "service_code": 90,
                 "weight_lbs": 80, "state_of_order": 110, "problems": 420}



def _title(text: str) -> widgets.HTML:
    return widgets.HTML(f"<h3 style='margin:12px 0 4px'>{html.escape(text)}</h3>")


class ShippingDashboard(widgets.VBox):
    """The view: widgets only; every rule and query is in the model and the operations."""

    def __init__(self, db: Database, *, defer: bool = False) -> None:
        self.db = db
        self.model = None
        self.messages = MessageBar()
        trap = self.trap = trapped(self.messages)
        self._watching: threading.Event | None = None

        self.carrier = classed(widgets.Dropdown(description="Carrier", options=[
            ("UPS WorldShip", "ups"), ("FedEx Ship Manager", "fedex")]), "ship-carrier")
        self.refresh_button = classed(widgets.Button(description="Refresh", icon="refresh"),
                                   "ship-refresh")
        self.counts = classed(widgets.HTML(), "ship-counts")
        self.search_text = classed(widgets.Text(description="Tracking #",
                                             placeholder="all or part of a tracking number"),
                                "ship-search-text")
        self.search_button = classed(widgets.Button(description="Search", icon="search"),
                                  "ship-search")
        self.search_result = classed(widgets.HTML(), "ship-search-result")
        self.carrier.observe(trap(self._on_carrier), names="value")
        self.refresh_button.on_click(trap(lambda _: self._refresh()))
        self.search_button.on_click(trap(self._on_search))
        self._heading = [widgets.HTML("<h2 style='margin:4px 0'>Shipping</h2>"), self.messages,
                         _title("Orders to ship"),
                         widgets.HBox([self.carrier, self.refresh_button]), self.counts]
        self._finding = [_title("Find a package"),
                         widgets.HBox([self.search_text, self.search_button]),
                         self.search_result]
        super().__init__([*self._heading, *self._finding])
        self.add_class("ship-dashboard")
        self.rest = AfterFirstPaint(trap(self._build_rest))
        if not defer:
            self.rest.ensure()

    def _build_rest(self) -> None:
        """The queue, the file panels and the first reads."""
        from ipydatagrid import DataGrid

        from aimsi_ebay.ui.shipping.model import AUTO_MAP, ShippingModel

        self.model = ShippingModel(self.db, carrier=self.carrier.value)
        trap = self.trap
        self.grid = classed(DataGrid(self.model.queue.reindex(columns=["order_number"]), layout={"height": "280px"},
                                  base_column_size=100, column_widths=_QUEUE_WIDTHS,
                                  selection_mode="row"), "ship-queue")
        self.lookup_button = classed(widgets.Button(
            description="Write lookup files", icon="file", button_style="primary",
            layout={"width": "200px"}), "ship-write-lookup")
        self.orders_pick = classed(widgets.SelectMultiple(
            description="Orders", options=[], rows=5, layout={"width": "320px"}),
            "ship-auto-orders")
        self.auto_button = classed(widgets.Button(
            description="Write auto-import file", icon="upload", layout={"width": "220px"}),
            "ship-write-auto")
        self.files_result = classed(widgets.HTML(), "ship-files-result")

        self.upload = classed(widgets.FileUpload(accept=".csv,.txt,.xml,.out,.Out", multiple=False,
                                              description="Upload result"), "ship-upload")
        self.column_map = classed(widgets.Dropdown(description="Column map", options=[AUTO_MAP],
                                                style={"description_width": "90px"}),
                               "ship-map")
        self.watch_button = classed(widgets.Button(
            description="Import from watch folder", icon="folder-open",
            layout={"width": "240px"}), "ship-import-watch")
        self.watch_toggle = classed(widgets.ToggleButton(
            description="Watch the folder", icon="eye", value=False,
            tooltip=f"import new carrier files every {WATCH_SECONDS:g} s"), "ship-watch-toggle")
        self.watch_label = classed(widgets.HTML(), "ship-watch-folder")
        self.progress = classed(widgets.IntProgress(value=0, min=0, max=1, description="Progress"),
                             "ship-progress")
        self.import_result = classed(widgets.HTML(), "ship-import-result")
        self.rejected = classed(widgets.HTML(), "ship-rejected")
        self.voids = classed(widgets.HTML(), "ship-voids")

        self.account = classed(widgets.Dropdown(description="Account", options=[]), "ship-account")
        self.tracking_button = classed(widgets.Button(
            description="eBay tracking file", icon="download", button_style="success",
            layout={"width": "200px"}), "ship-ebay-tracking")
        self.tracking_result = classed(widgets.HTML(), "ship-ebay-result")

        self.lookup_button.on_click(trap(self._on_lookup))
        self.auto_button.on_click(trap(self._on_auto_import))
        self.upload.observe(trap(self._on_upload), names="value")
        self.watch_button.on_click(trap(self._on_watch_folder))
        self.watch_toggle.observe(trap(self._on_toggle), names="value")
        self.tracking_button.on_click(trap(self._on_tracking))

        self._load()  # the values first, then the page shows the widgets holding them
        self.children = [
            *self._heading, self.grid,
            widgets.HBox([self.lookup_button, self.orders_pick, self.auto_button]),
            self.files_result,
            _title("Carrier results"),
            widgets.HBox([self.upload, self.column_map]),
            widgets.HBox([self.watch_button, self.watch_toggle, self.watch_label]),
            self.progress, self.import_result, self.rejected,
            _title("Voided packages"), self.voids,
            _title("eBay tracking upload"), widgets.HBox([self.account, self.tracking_button]),
            self.tracking_result,
            *self._finding,
        ]

    # -- loading ---------------------------------------------------------------------------

    def _load(self) -> None:
        self.column_map.options = self.model.column_map_names()
        self.account.options = [("all accounts", ALL)] + [(n, n) for n in self.model.accounts()]
        self.account.value = ALL
        self.watch_label.value = html.escape(f"watch folder: {self.model.watch_folder()}")
        self._refresh()

    def _refresh(self) -> None:
        if not self.rest.done:
            self.rest.ensure()  # its first read is this refresh
            return
        queue = self.model.refresh()
        self.grid.data = queue.set_index("order_number") if not queue.empty else queue
        counts = self.model.counts()
        self.counts.value = (
            f"<span class='ship-ready-count'>{counts['ready']}</span> ready ·"
            f" {counts['partly shipped']} partly shipped ·"
            f" <span class='ship-left-out-count'>{counts['left out']}</span> left out")
        self.orders_pick.options = self.model.ready_orders()
        self._show_voids()

    def _show_voids(self) -> None:
        rows = [{**v, "negotiated_charge": money_text(v["negotiated_charge"])}
                for v in self.model.voids()]
        self.voids.value = html_table(rows, ["tracking_number", "order_number", "carrier",
                                             "negotiated_charge", "source_file", "voided_at"],
                                      "ship-voids-table") if rows else "No voided packages."

    def _on_carrier(self, change) -> None:
        if not self.rest.done:
            self.rest.ensure()  # reads the queue of the carrier now chosen
            return
        self.model.carrier = change["new"]
        self._refresh()

    # -- files for the carrier -------------------------------------------------------------

    def _on_lookup(self, _) -> None:
        reports = self.model.write_lookup_files()
        self.files_result.value = "<br>".join(html.escape(r.summary()) for r in reports)
        self.messages.show("Lookup files written.", "success")

    def _on_auto_import(self, _) -> None:
        report = self.model.auto_import(list(self.orders_pick.value))
        self.files_result.value = html.escape(report.summary())
        self.messages.show(f"Auto-import file written: {Path(report.path).name}", "success")

    # -- carrier results -------------------------------------------------------------------

    def _progress(self, step: int, steps: int, _what: str) -> None:
        self.progress.max = max(steps, 1)
        self.progress.value = step

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        report = self.model.import_upload(upload["name"], bytes(upload["content"]),
                                          self.column_map.value, self._progress)
        self._show_import(report)
        self._refresh()

    def _show_import(self, report) -> None:
        from aimsi_ebay.ui.shipping.model import report_rows

        self.import_result.value = (f"<div class='ship-import-summary'>"
                                    f"{html.escape(report.summary())}</div>")
        rows = report_rows(report)
        self.rejected.value = html_table(rows, ["row", "field", "reason"],
                                         "ship-rejected-table") if rows else ""
        kind = "warning" if rows else "success"
        self.messages.show(f"{report.file}: {report.added} package(s) added, {len(rows)}"
                           " row(s) need a look.", kind)

    def _on_watch_folder(self, _) -> None:
        from aimsi_ebay.ui.shipping.model import report_rows

        self.rest.ensure()
        results = self.model.import_watch_folder(self._progress)
        if not results:
            self.messages.show("No new carrier files in the watch folder.", "info")
            return
        self.import_result.value = "<br>".join(
            f"<span class='ship-watch-file'>{html.escape(r.file)}</span>: "
            + html.escape(r.reason if r.ok else f"failed: {r.reason}") for r in results)
        rows = [dict(row, row=f"{r.file} {row['row']}") for r in results if r.report
                for row in report_rows(r.report)]
        self.rejected.value = html_table(rows, ["row", "field", "reason"],
                                         "ship-rejected-table") if rows else ""
        self._refresh()

    def _on_toggle(self, change) -> None:
        if change["new"]:
            stop = self._watching = threading.Event()
            threading.Thread(target=self._watch_loop, args=(stop,), daemon=True).start()
            self.messages.show(f"Watching {self.model.watch_folder()}.", "info")
        elif self._watching:
            self._watching.set()
            self.messages.show("Stopped watching.", "info")

    def _watch_loop(self, stop: threading.Event) -> None:
        run = trapped(self.messages)(self._on_watch_folder)
        while not stop.is_set():
            if self.model.waiting_in_watch_folder():
                run(None)
            stop.wait(WATCH_SECONDS)

    # -- eBay and search -------------------------------------------------------------------

    def _on_tracking(self, _) -> None:
        from aimsi_ebay.ui.shipping.model import download_link

        report = self.model.ebay_tracking(None if self.account.value == ALL else self.account.value)
        if not report.rows:
            self.tracking_result.value = "Nothing new to upload."
            return
        name = Path(report.path).name
        self.tracking_result.value = (html.escape(report.summary()) + "<br>"
                                      + download_link(name, report.data, "ship-ebay-download"))

    def _on_search(self, _) -> None:
        self.rest.ensure()
        rows = self.model.search(self.search_text.value)
        shown = [{**r, "charge": money_text(r["negotiated_charge"] or r["published_charge"]),
                  "void": "voided" if r["void"] else ""} for r in rows]
        self.search_result.value = html_table(
            shown, ["tracking_number", "order_number", "status", "carrier", "service", "charge",
                    "ship_date", "void"], "ship-search-table") if shown else "No package found."
