"""The "eBay export" dashboard: criteria, the grid of flagged records, Export, history, accounts.

The page paints the Export tab's form first and builds the grid of the flagged records and the
History and Seller accounts tabs right after, while the browser draws it
(``first_paint.AfterFirstPaint``). Meanwhile two background threads use the idle kernel: one
reads the accounts and the flagged records (one read, ``first_paint.Prefetch``; shown with the
grid), one loads the grid's libraries (ipydatagrid, pandas: about a second).
"""

from __future__ import annotations

import ipywidgets as widgets

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ops import accounts as seller_accounts
from aimsi_ebay.ui.common import MessageBar, html_table, page, trapped
from aimsi_ebay.ui.export.model import CRITERIA_FIELDS, ExportModel
from aimsi_ebay.ui.first_paint import AfterFirstPaint, Prefetch, warm_imports

_NEW = "(new account)"
# The account form's names (messages use them too, never column names).
ACCOUNT_LABELS = {
    "name": "Name", "ebay_user_id": "eBay user id", "site_id": "eBay site", "country": "Country",
    "currency": "Currency", "item_location": "Item location", "postal_code": "Postal code",
    "dispatch_days": "Dispatch days", "shipping_profile": "Shipping policy",
    "return_profile": "Return policy", "payment_profile": "Payment policy",
}


def _button(description: str, css: str, **kwargs) -> widgets.Button:
    button = widgets.Button(description=description, **kwargs)
    button.add_class(css)
    return button


class ExportDashboard(widgets.VBox):
    """``defer``: build the History and Seller accounts tabs after the first paint (the
    served page) rather than at once (tests, scripts)."""

    def __init__(self, db: Database, *, defer: bool = False) -> None:
        if defer:
            warm_imports("ipydatagrid", "pandas")
        self.model = ExportModel(db)
        self.messages = MessageBar()
        self.history = self.accounts = None
        self.account_names: list[str] = []
        trap = self.trap = trapped(self.messages)
        self.criteria = {name: widgets.Text(description=label, layout={"width": "270px"},
                                            style={"description_width": "135px"})
                         for name, label in CRITERIA_FIELDS}
        self.criteria["not_exported_since"].placeholder = "YYYY-MM-DD"
        self.criteria["sku_pattern"].placeholder = "prefix, or * and ?"
        for name, text in self.criteria.items():
            text.add_class(f"export-criteria-{name.replace('_', '-')}")
        self.account = widgets.Dropdown(description="Account", options=[])
        self.account.add_class("export-account")
        self.refresh_button = _button("Refresh", "export-refresh", icon="refresh", button_style="primary")
        small = {"layout": {"width": "80px"}}
        self.check_all = _button("All", "export-check-all", **small)
        self.check_none = _button("None", "export-check-none", **small)
        self.invert = _button("Invert", "export-invert", **small)
        self.test_mode = widgets.Checkbox(description="Test mode (VerifyAdd)", indent=False)
        self.test_mode.add_class("export-test-mode")
        self.run_button = _button("Export", "export-run", icon="upload", button_style="success")
        self.progress = widgets.IntProgress(value=0, min=0, max=6, description="",
                                            layout={"width": "300px", "visibility": "hidden"})
        self.progress.add_class("export-progress")
        self.count = widgets.HTML()
        self.count.add_class("export-count")
        self.download = widgets.HTML()
        self.download.add_class("export-download")
        # The accounts and the flagged records, in one read: in a thread while the browser loads
        # the page when deferred (shown with the grid), at once otherwise.
        self.count.value = "<i>Reading the flagged records…</i>"
        self._first_criteria = {name: text.value for name, text in self.criteria.items()}
        self._opening = Prefetch(lambda: self.model.read_opening(self._first_criteria),
                                 background=defer)
        self.grid = None
        self.grid_slot = widgets.Box([widgets.HTML("<i>Loading the grid…</i>")],
                                     layout={"min_height": "460px"})

        self.refresh_button.on_click(trap(lambda _: self.refresh()))
        self.check_all.on_click(trap(lambda _: self._redraw(self.model.check_all)))
        self.check_none.on_click(trap(lambda _: self._redraw(self.model.check_none)))
        self.invert.on_click(trap(lambda _: self._redraw(self.model.invert)))
        self.run_button.on_click(trap(lambda _: self.run_export()))
        self.account.observe(trap(lambda _: self.refresh() if self.model.rows else None), "value")

        left = widgets.VBox([widgets.HTML("<b>Selection criteria</b>"), *self.criteria.values(),
                             self.refresh_button], layout={"width": "290px", "padding": "0 8px 0 0"})
        right = widgets.VBox([
            widgets.HBox([self.account, widgets.HTML("&nbsp;Check:"), self.check_all,
                          self.check_none, self.invert]),
            self.count, self.grid_slot,
            widgets.HBox([self.test_mode, self.run_button, self.progress]),
            self.download,
        ], layout={"flex": "1"})
        self.tabs = widgets.Tab([widgets.HBox([left, right])])
        self.tabs.set_title(0, "Export")
        self.tabs.add_class("export-tabs")
        self.tabs.observe(trap(lambda change: self.history.refresh() if change["new"] == 1
                               else None), "selected_index")
        super().__init__(page("eBay export", self.messages, self.tabs), layout={"padding": "8px"})
        self.add_class("export-dashboard")
        self.rest = AfterFirstPaint(trap(self._build_panels))
        if not defer:
            self.rest.ensure()

    def _build_panels(self) -> None:
        """The first read's accounts and records, the grid of them, then the History and Seller
        accounts tabs."""
        self.trap(self._show_opening)()
        from ipydatagrid import DataGrid, TextRenderer

        from aimsi_ebay.ui.export.templates_panel import TemplatesPanel

        self.grid = DataGrid(self.model.frame(), selection_mode="cell", layout={"height": "460px"},
                             base_column_size=90, base_row_header_size=130,
                             column_widths={"Send": 60, "Valid": 60, "Problems": 260, "Title": 260,
                                            "Account": 110, "Action": 80})
        self.grid.default_renderer = TextRenderer(text_wrap=False)
        self.grid.add_class("export-grid")
        self.grid.on_cell_click(self.trap(self._cell_clicked))
        self.grid_slot.children = [self.grid]

        self.history = _HistoryPanel(self.model, self.trap)
        self.accounts = _AccountsPanel(self, self.trap, TemplatesPanel)
        self.accounts.reload(self.account_names)
        self.tabs.children = [*self.tabs.children, self.history, self.accounts]
        self.tabs.set_title(1, "History")
        self.tabs.set_title(2, "Seller accounts")

    # -- actions -----------------------------------------------------------------------------

    def _show_opening(self) -> None:
        opening = self._opening.result()
        self.account_names = opening.account_names
        self.account.options = opening.account_names
        self.account.value = opening.account
        self.model.open(self._first_criteria, opening)
        self._count_and_say()

    def reload_accounts(self, choose: str | None = None) -> None:
        names = self.model.account_names()
        current = choose or self.account.value
        self.account_names = names
        self.account.options = names
        fallback = self.model.busiest_account() or (names[0] if names else None)
        self.account.value = current if current in names else fallback
        if self.accounts is not None:
            self.accounts.reload(names)

    def _read(self) -> None:
        raw = {name: text.value for name, text in self.criteria.items()}
        self.model.refresh(raw, self.account.value)

    def refresh(self) -> None:
        self.rest.ensure()  # the first read is shown before a new one
        self._read()
        self._redraw()
        self.download.value = ""
        self._count_and_say()

    def _count_and_say(self) -> None:
        self.count.value = f"<span>{self.model.counts()}</span>"
        self.messages.show(f"{len(self.model.rows)} flagged record(s) listed", "info")

    def run_export(self) -> None:
        self.progress.layout.visibility = "visible"
        self.progress.value = 0

        def progress(step: int, steps: int, label: str) -> None:
            self.progress.max, self.progress.value, self.progress.description = steps, step, label[:18]

        report = self.model.export(test_mode=self.test_mode.value, progress=progress)
        self._redraw()
        if report.file:
            self.download.value = (self.model.batch_link(report.batch_id)
                                   if report.batch_id is not None else "")
            self.messages.show(self.model.summary(report), "warning" if report.skipped else "success")
        else:
            self.download.value = ""
            self.messages.show("Nothing was exported: " + self.model.summary(report), "warning")

    def _cell_clicked(self, cell: dict) -> None:
        if cell.get("column") != "Send" or cell.get("region") != "body":
            return
        sku = self.grid.data.index[cell["primary_key_row"]]
        self.model.toggle(sku)
        self._redraw()

    def _redraw(self, change=None) -> None:
        self.rest.ensure()
        if change is not None:
            change()
        self.grid.data = self.model.frame()
        self.count.value = f"<span>{self.model.counts()}</span>"


class _HistoryPanel(widgets.VBox):
    def __init__(self, model: ExportModel, trap) -> None:
        self.model = model
        self.table = widgets.HTML()
        self.batch = widgets.Dropdown(description="Batch", options=[])
        self.batch.add_class("export-history-batch")
        self.fetch = _button("Download again", "export-history-download", icon="download")
        self.link = widgets.HTML()
        self.link.add_class("export-history-link")
        self.fetch.on_click(trap(lambda _: self._download()))
        refresh = _button("Refresh", "export-history-refresh", icon="refresh")
        refresh.on_click(trap(lambda _: self.refresh()))
        super().__init__([widgets.HBox([self.batch, self.fetch, refresh]), self.link, self.table])

    def refresh(self) -> None:
        """Re-read the batches and open on the latest, so Download again works at once."""
        rows = self.model.history()
        self.batch.options = [(f"{r['Batch']}: {r['When']} {r['Account']}", r["Batch"]) for r in rows]
        self.batch.value = rows[0]["Batch"] if rows else None
        self.table.value = html_table(rows, list(rows[0]) if rows else ["Batch"], "export-history")
        self.link.value = ""

    def _download(self) -> None:
        if self.batch.value is None:
            self.batch.value = self.model.latest_batch()
        if self.batch.value is None:
            self.link.value = "<i>No batch has been exported yet.</i>"
            return
        self.link.value = self.model.batch_link(self.batch.value)


class _AccountsPanel(widgets.VBox):
    def __init__(self, dashboard: ExportDashboard, trap, templates_panel: type) -> None:
        self.dashboard = dashboard
        self.choice = widgets.Dropdown(description="Account", options=[_NEW])
        self.choice.add_class("export-accounts-choice")
        self.fields = {name: widgets.Text(description=ACCOUNT_LABELS.get(name, name),
                                          style={"description_width": "130px"},
                                          layout={"width": "420px"})
                       for name in seller_accounts.EDITABLE}
        self.fields["site_id"] = widgets.Dropdown(description="eBay site", options=list(seller_accounts.SITES),
                                                  style={"description_width": "130px"})
        self.fields["dispatch_days"] = widgets.Dropdown(
            description="Dispatch days", options=[str(d) for d in seller_accounts.DISPATCH_DAYS],
            value="1", style={"description_width": "130px"})
        for name, widget in self.fields.items():
            widget.add_class(f"export-accounts-{name.replace('_', '-')}")
        save = _button("Save account", "export-accounts-save", icon="save", button_style="primary")
        deactivate = _button("Deactivate", "export-accounts-deactivate", button_style="warning")
        self.choice.observe(trap(lambda _: self._show()), "value")
        save.on_click(trap(lambda _: self._save()))
        deactivate.on_click(trap(lambda _: self._deactivate()))
        self.templates = templates_panel(dashboard.model.db, dashboard.messages, trap)
        super().__init__([self.choice, *self.fields.values(), widgets.HBox([save, deactivate]),
                          self.templates])

    def reload(self, names: list[str]) -> None:
        self.choice.options = [_NEW, *names]

    def _show(self) -> None:
        self.templates.set_account(None if self.choice.value == _NEW else self.choice.value)
        if self.choice.value == _NEW:
            for name, widget in self.fields.items():
                widget.value = {"site_id": "US", "dispatch_days": "1"}.get(name, "")
            return
        account = seller_accounts.find_account(self.dashboard.model.db, self.choice.value)
        for name, widget in self.fields.items():
            value = getattr(account, name)
            widget.value = "" if value is None else str(value)

    def _values(self) -> dict[str, str]:
        return {name: widget.value for name, widget in self.fields.items()}

    def _save(self) -> None:
        db = self.dashboard.model.db
        for widget in self.fields.values():
            widget.remove_class("aimsi-field-error")
        try:
            if self.choice.value == _NEW:
                account = seller_accounts.create_account(db, **self._values())
                verb = "created"
            else:
                account = seller_accounts.update_account(db, self.choice.value, **self._values())
                verb = "saved"
        except InputError as error:
            if error.field in self.fields:
                self.fields[error.field].add_class("aimsi-field-error")
            label = ACCOUNT_LABELS.get(error.field or "", "")
            self.dashboard.messages.show(
                f"Not saved — {label + ': ' if label else ''}{error.reason}", "error")
            return
        self.dashboard.reload_accounts()
        self.choice.value = account.name
        self.dashboard.messages.show(f"Seller account {account.name} {verb}", "success")

    def _deactivate(self) -> None:
        if self.choice.value == _NEW:
            return
        account = seller_accounts.deactivate_account(self.dashboard.model.db, self.choice.value)
        self.dashboard.reload_accounts()
        self.dashboard.messages.show(f"Seller account {account.name} deactivated", "success")
