"""Import orders: upload or pick an eBay sales download, decide customers, create the orders.

The page paints the upload, inbox, account and batch choices first and builds the grid of the
batch's sales and the customer panel right after, while the browser draws it
(``first_paint.AfterFirstPaint``); their libraries (ipydatagrid, pandas and the import's own
modules: about a second) load in a background thread meanwhile. Using a first-part widget
before then builds the rest first.
"""

from __future__ import annotations

import base64
import html
from typing import TYPE_CHECKING

import ipywidgets as widgets

from aimsi_ebay.ops import Database
from aimsi_ebay.ui.common import MessageBar, classed, html_table, money_text, trapped
from aimsi_ebay.ui.first_paint import AfterFirstPaint, warm_imports

if TYPE_CHECKING:
    from aimsi_ebay.ui.sales_import.model import ImportOrdersModel



# The grid shows what the operator decides on first; the staged sale's id is its row header.
_GRID_COLUMNS = ("row", "status", "customer", "decision", "buyer", "order number", "total",
                 "deposit", "paid", "order", "review", "record", "user id", "e-mail")
_COLUMN_WIDTHS = {"sale": 60, "row": 50, "status": 80, "customer": 80, "decision": 260,
                  "buyer": 150, "order number": 130, "e-mail": 220, "review": 220}
_HEAVY = ("pandas", "ipydatagrid", "aimsi_ebay.ui.sales_import.model",
          "aimsi_ebay.ui.sales_import.sale_panel")


def _grid_frame(rows):
    if rows.empty or "id" not in rows:
        return rows
    columns = [c for c in _GRID_COLUMNS if c in rows] + [
        c for c in rows if c not in _GRID_COLUMNS and c != "id"]
    return rows.set_index("id").rename_axis("sale")[columns]


class ImportOrdersDashboard(widgets.VBox):
    """The view: widgets only; every rule and query is in the model and the operations.

    ``defer``: build the grid and the customer panel after the first paint (the served page)
    rather than at once (tests, scripts)."""

    model: ImportOrdersModel

    def __init__(self, db: Database, *, defer: bool = False) -> None:
        if defer:
            warm_imports(*_HEAVY)
        self.db = db
        self._picking = False
        self.messages = MessageBar()
        trap = self.trap = trapped(self.messages)
        self.upload = classed(
            widgets.FileUpload(accept=".csv,.txt", multiple=False, description="Upload file"),
            "import-upload",
        )
        self.inbox = classed(widgets.Dropdown(description="Inbox", options=[]), "import-inbox")
        self.inbox_button = classed(
            widgets.Button(description="Stage from inbox", icon="inbox"), "import-stage-inbox"
        )
        self.account = classed(widgets.Dropdown(description="Account", options=[]), "import-account")
        self.unmatched = classed(
            widgets.Dropdown(
                description="Unmatched",
                value="hold",
                options=[("hold for me", "hold"), ("create customer", "create")],
            ),
            "import-unmatched",
        )
        self.batch_picker = classed(
            widgets.Dropdown(description="Batch", options=[], layout={"width": "640px"}),
            "import-batch",
        )
        self.summary = classed(widgets.HTML("<i>Reading the inbox and the staged batches…</i>"),
                            "import-summary")
        self.rest_slot = widgets.VBox([])

        # The first part's actions build the rest first (``_built``) if the browser has not
        # signalled yet.
        self.upload.observe(trap(self._built(self._on_upload)), names="value")
        self.inbox_button.on_click(trap(self._built(
            lambda _: self._staged(self.model.stage_inbox(self.inbox.value or "")))))
        self.account.observe(trap(self._built(
            lambda change: setattr(self.model, "account", change["new"]))), names="value")
        self.unmatched.observe(trap(self._built(
            lambda change: setattr(self.model, "unmatched", change["new"]))), names="value")
        self.batch_picker.observe(trap(self._built(self._on_batch)), names="value")

        super().__init__(
            [
                widgets.HTML("<h2 style='margin:0'>Import orders</h2>"),
                widgets.HBox([self.upload, self.inbox, self.inbox_button]),
                widgets.HBox([self.account, self.unmatched]),
                self.batch_picker,
                self.summary,
                self.rest_slot,
                self.messages,
            ],
            layout={"max_width": "1300px", "padding": "8px"},
        )
        self.add_class("import-orders-dashboard")
        self.rest = AfterFirstPaint(trap(self._build_rest))
        if not defer:
            self.rest.ensure()

    def _built(self, callback):
        def run(*args):
            self.rest.ensure()
            return callback(*args)

        return run

    def _build_rest(self) -> None:
        """The model, the grid of the batch's sales, the customer panel and the create buttons;
        then the account, inbox and batch choices are read and the newest waiting batch opens."""
        from ipydatagrid import DataGrid

        from aimsi_ebay.ui.sales_import.model import ImportOrdersModel
        from aimsi_ebay.ui.sales_import.sale_panel import SalePanel

        trap = self.trap
        self.model = ImportOrdersModel(self.db)
        self.grid = classed(
            DataGrid(
                _grid_frame(self.model.rows),
                selection_mode="row",
                layout={"height": "260px"},
                base_column_size=100,
                column_widths=_COLUMN_WIDTHS,
            ),
            "import-grid",
        )
        self.sale_panel = SalePanel(self.model, trap, self.messages, self._decided)
        self.create_one = classed(
            widgets.Button(description="Create order", icon="check", button_style="primary"),
            "import-create-one",
        )
        self.create_all = classed(
            widgets.Button(
                description="Create all ready orders", icon="check-double", button_style="success",
                layout={"width": "220px"},
            ),
            "import-create-all",
        )
        self.progress = classed(
            widgets.IntProgress(value=0, min=0, max=1, description="Progress"), "import-progress"
        )
        self.results = classed(widgets.HTML(), "import-results")
        self.rejected = classed(widgets.HTML(), "import-rejected")

        self.grid.observe(trap(self._on_grid_selection), names="selections")
        self.create_one.on_click(trap(self._on_create_one))
        self.create_all.on_click(trap(self._on_create_all))

        self.rest_slot.children = [
            self.grid,
            self.sale_panel,
            widgets.HBox([self.create_one, self.create_all, self.progress]),
            self.results,
            self.rejected,
        ]
        self._load_choices()

    # -- callbacks ---------------------------------------------------------------------------------

    def _load_choices(self) -> None:
        self.account.options = self.model.account_choices()
        self.account.value = self.model.account
        files = self.model.inbox_files()
        self.inbox.options = files
        self.inbox.value = files[0] if files else None
        self.grid.layout.display = "none"
        self.summary.value = (
            "<p>Upload an eBay sales download (Seller Hub Orders report or the legacy Sold "
            f"download), or pick one of the {len(files)} file(s) in "
            f"<code>{html.escape(str(self.model.inbox))}</code>.</p>"
        )
        batches = self.model.batches()
        self._picking = True
        try:
            self.batch_picker.options = [("(none)", None)] + [(b.label, b.batch_id) for b in batches]
            self.batch_picker.value = None
        finally:
            self._picking = False
        waiting = [b for b in batches if b.waiting]
        if waiting:  # open the newest batch that still has sales waiting
            self.batch_picker.value = waiting[0].batch_id

    def _on_batch(self, change) -> None:
        if self._picking:
            return
        self.model.open_batch(change["new"])
        self.results.value = ""
        if change["new"] is None:
            self.grid.layout.display = "none"
            return
        self._show_batch()

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        self._staged(self.model.stage_upload(upload["name"], bytes(upload["content"])))

    def _staged(self, report) -> None:
        self.results.value = ""
        self._picking = True
        try:
            self.batch_picker.options = [("(none)", None)] + [
                (b.label, b.batch_id) for b in self.model.batches()]
            self.batch_picker.value = report.batch_id
        finally:
            self._picking = False
        self._show_batch()
        reused = (
            f"{report.file} was staged before for this account: batch {report.batch_id} again. "
            if report.reused_batch
            else ""
        )
        self.messages.show(
            reused + f"{report.file}: staged {report.sales} sale(s) ({report.format}); "
            f"{report.already_imported} already imported, {report.held} held for a customer, "
            f"{len(report.rejected)} row(s) rejected. Nothing is created until Create order.",
            "warning" if report.rejected else "success",
        )

    def _show_batch(self) -> None:
        rows = self.model.rows
        counts = self.model.status_counts()
        batch = self.model.batch
        self.summary.value = (
            f"<div class='import-summary-text'><b>{html.escape(batch.file_name)}</b> · batch "
            f"{batch.batch_id} · {batch.sales} sale(s): "
            + ", ".join(
                f"<span data-status='{k}'>{v} {html.escape(k.replace('_', ' '))}</span>"
                for k, v in sorted(counts.items())
            )
            + f" · ready to create: <b class='import-ready-count'>{len(self.model.ready_ids())}"
            "</b></div>"
        )
        self.grid.data = _grid_frame(rows)
        self.grid.layout.display = None
        self.sale_panel.show_sales(rows)
        self._show_rejected()

    def _on_grid_selection(self, change) -> None:
        selections = change["new"] or []
        if selections:
            row = selections[0]["r1"]
            if 0 <= row < len(self.model.rows):
                self.sale_panel.pick(int(self.model.rows.iloc[row]["id"]))

    def _decided(self, message: str) -> None:
        self._show_batch()
        self.messages.show(message, "success")

    def _on_create_one(self, _) -> None:
        self.model.create_selected()
        self._show_batch()
        self._show_results()

    def _on_create_all(self, _) -> None:
        ready = len(self.model.ready_ids())
        self.progress.max, self.progress.value = max(ready, 1), 0

        def step(done: int, total: int) -> None:
            self.progress.value = done

        self.model.create_all_ready(step)
        self.progress.value = self.progress.max
        self._show_batch()
        self._show_results()

    def _show_results(self) -> None:
        t = self.model.totals
        self.results.value = (
            f"<div class='import-results-text'>Created <b class='import-orders-created'>"
            f"{t.orders_created}</b> order(s), {t.customers_created} customer(s), "
            f"{t.ship_tos_created} ship-to(s); deposits {money_text(t.deposits_total)}; "
            f"{t.awaiting_payment} awaiting payment; {t.needs_review} flagged for review; "
            f"{t.already_imported} already imported.</div>"
        )
        self.messages.show(f"{t.orders_created} order(s) created so far in this batch.", "success")

    def _show_rejected(self) -> None:
        rejected = self.model.rejected()
        if not rejected:
            self.rejected.value = ""
            return
        payload = base64.b64encode(self.model.rejected_csv().encode("utf-8")).decode("ascii")
        self.rejected.value = (
            f"<h3>Rejected rows ({len(rejected)})</h3>"
            + html_table(rejected, ["row", "field", "reason"], "import-rejected-table")
            + f"<a class='import-rejected-download' download='rejected_rows.csv' "
            f"href='data:text/csv;base64,{payload}'>Download rejected rows (CSV)</a>"
        )
