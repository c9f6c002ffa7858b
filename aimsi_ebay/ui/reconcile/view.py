"""The Reconciliation dashboard: filters, four charts (bqplot: a widget library whose JavaScript
Voilà serves from the installed lab extension, so the page needs no network), a tab per view
with its totals, problems and tables, export, drill-down to an order, the Transaction report
import and refunds made outside eBay.

First view first: the page shows the headline (deposits and payouts sums, one cheap statement:
``ops.reconcile.headline``) as soon as it opens; the four views, which check every order, run
in a background thread and then, once the browser has the page (new widgets made while it
fetches the first ones can be lost), fill in the filter choices, status, charts and tabs (the
filters wait for them). The chart library (and pandas under it), openpyxl and the Transaction
report importer are imported when first needed, not before the first view.
"""

from __future__ import annotations

import html
import threading

import ipywidgets as widgets

from aimsi_ebay.ops import Database
from aimsi_ebay.ui.common import MessageBar, html_table, money_text, trapped
from aimsi_ebay.ui.first_paint import FALLBACK_SECONDS, AfterFirstPaint
from aimsi_ebay.ui.reconcile.model import ReconcileModel, Series, download_link

_ALL = "(all)"
_TITLES = {"shipping": "Shipping", "deposits": "Deposits", "payouts": "eBay payouts",
           "batches": "Import batches"}  # fmt: skip


def _button(description: str, css: str, **kwargs) -> widgets.Button:
    button = widgets.Button(description=description, **kwargs)
    button.add_class(css)
    return button


class Chart(widgets.VBox):
    """A bar chart of one :class:`Series`; amounts become plot coordinates only here."""

    def __init__(self, key: str) -> None:
        import bqplot as bq  # (and pandas): after the first view, not before it

        self.x = bq.OrdinalScale()
        self.y = bq.LinearScale()
        self.bars = bq.Bars(x=["-"], y=[0], scales={"x": self.x, "y": self.y},
                            colors=["#0b5394"], padding=0.3)  # fmt: skip
        self.figure = bq.Figure(
            marks=[self.bars],
            axes=[bq.Axis(scale=self.x), bq.Axis(scale=self.y, side="left",
                                                 tick_format=",.0f")],
            fig_margin={"top": 40, "bottom": 40, "left": 60, "right": 10},
            layout={"width": "330px", "height": "250px"},
            title_style={"font-size": "13px"},
        )  # fmt: skip
        super().__init__([self.figure])
        self.add_class("recon-chart")
        self.add_class(f"recon-chart-{key}")

    def show(self, series: Series) -> None:
        labels = series.labels or ["(none)"]
        values = [float(v) for v in series.values] or [0.0]  # plot coordinates, not money
        with self.bars.hold_sync():
            self.bars.x, self.bars.y = labels, values
        self.figure.title = series.title


class ReconciliationDashboard(widgets.VBox):
    def __init__(self, db: Database, *, background: bool = True) -> None:
        self.model = ReconcileModel(db)
        self.messages = MessageBar()
        self.ready = threading.Event()  # set once the four views are on the page
        self._lock = threading.Lock()
        trap = trapped(self.messages)
        self.account = widgets.Dropdown(description="Account", options=[_ALL])
        self.account.add_class("recon-account")
        self.date_from = widgets.DatePicker(description="From")
        self.date_from.add_class("recon-from")
        self.date_to = widgets.DatePicker(description="To")
        self.date_to.add_class("recon-to")
        self.carrier = widgets.Dropdown(description="Carrier", options=[_ALL])
        self.carrier.add_class("recon-carrier")
        for control in (self.account, self.date_from, self.date_to, self.carrier):
            control.layout.width = "250px"
            control.observe(trap(lambda _: self.refresh()), names="value")
        self.refresh_button = _button("Refresh", "recon-refresh", icon="refresh")
        self.refresh_button.on_click(trap(lambda _: self.refresh()))
        self.charts: dict[str, Chart] = {}  # made with the first results
        self.chart_box = widgets.HBox(layout={"flex_flow": "row wrap"})
        self.headline = widgets.HTML()
        self.headline.add_class("recon-headline")
        self.status = widgets.HTML(_LOADING)
        self.status.add_class("recon-status")
        self.panes = {view: widgets.HTML() for view in _TITLES}
        for view, pane in self.panes.items():
            pane.add_class(f"recon-pane-{view}")
        self.tabs = widgets.Tab(children=list(self.panes.values()))
        for index, title in enumerate(_TITLES.values()):
            self.tabs.set_title(index, title)
        self.tabs.add_class("recon-tabs")
        # export, drill-down, import and refund: drawn with the views (fewer widgets to paint first)
        tools = [self._export_box(trap), self._detail_box(trap), self._import_box(trap),
                 self._refund_box(trap)]  # fmt: skip
        super().__init__(
            [
                widgets.HTML("<h2 style='margin:0'>Reconciliation</h2>"),
                widgets.HBox([self.account, self.date_from, self.date_to, self.carrier,
                              self.refresh_button], layout={"flex_flow": "row wrap"}),
                self.messages,
                self.headline,
                self.status,
                self.chart_box,
                self.tabs,
                *([] if background else tools),
            ],
            layout={"max_width": "1400px", "padding": "8px"},
        )  # fmt: skip
        self.add_class("recon-dashboard")
        self._controls = [self.account, self.date_from, self.date_to, self.carrier,
                          self.refresh_button]  # fmt: skip
        trap(self._show_headline)()
        if background:
            self._enable(False)
            # New widgets (charts, tools) wait for the browser's signal that it has the page:
            # made while it fetches the first widgets' states, they can be lost ("model not
            # found") and a chart never draws.
            self._painted = threading.Event()
            self.painted = AfterFirstPaint(self._painted.set)
            threading.Thread(target=self._load, args=(trap, tools), daemon=True,
                             name="reconciliation-views").start()  # fmt: skip
        else:
            trap(self._fill_choices)()
            trap(self.refresh)()
            self.ready.set()

    def _fill_choices(self) -> None:
        """Accounts and carriers on file (the current choice, "(all)", stays: no refresh)."""
        choices = self.model.choices()
        self.account.options = [_ALL, *choices["accounts"]]
        self.carrier.options = [_ALL, *choices["carriers"]]
        self.import_account.options = choices["accounts"]

    def _load(self, trap, tools: list[widgets.Widget]) -> None:
        try:
            results = trap(lambda: self.model.refresh() or True)()  # data: no widget
            # no browser to wait for without a kernel's event loop (tests, scripts)
            self._painted.wait(FALLBACK_SECONDS if self.painted.expects_browser else 0)
            trap(self._fill_choices)()
            if results is not None:
                with self._lock:
                    trap(self._draw)()
        finally:
            if not self.model.results:  # the views failed: the message bar says why
                self.status.value = ""
            self.children = (*self.children, *tools)
            self._enable(True)
            self.ready.set()

    def _enable(self, on: bool) -> None:
        for control in self._controls:
            control.disabled = not on

    # -- drawing ---------------------------------------------------------------------------
    def _read_filters(self) -> None:
        model = self.model
        model.account = None if self.account.value == _ALL else self.account.value
        model.carrier = None if self.carrier.value == _ALL else self.carrier.value
        model.date_from, model.date_to = self.date_from.value, self.date_to.value

    def _show_headline(self) -> None:
        self._read_filters()
        self.headline.value = _headline_html(self.model.headline())

    def refresh(self) -> None:
        with self._lock:
            self._refresh()

    def _refresh(self) -> None:
        model = self.model
        if self.ready.is_set():  # the first load drew the headline already
            self._show_headline()
        self._read_filters()
        model.refresh()
        self._draw()

    def _draw(self) -> None:
        """The charts (made with the first results), tabs and status from the model's views."""
        model = self.model
        if not self.charts:
            self.charts = {key: Chart(key) for key in
                           ("margin-month", "margin-service", "deposits-age", "fee-share")}  # fmt: skip
            self.chart_box.children = list(self.charts.values())
        for series in model.series():
            self.charts[series.key].show(series)
        for view, pane in self.panes.items():
            pane.value = _pane_html(model.results[view])
        problems = sum(len(r.problems) for r in model.results.values())
        self.status.value = (
            '<span class="recon-balanced" style="color:#1e7b34">every view balances</span>'
            if not problems else
            f'<span class="recon-problems" style="color:#b00020">{problems} thing(s) out of'
            " balance — see the tabs</span>"
        )  # fmt: skip

    # -- boxes -----------------------------------------------------------------------------
    def _export_box(self, trap) -> widgets.Widget:
        self.export_view = widgets.Dropdown(description="Export", options=list(_TITLES),
                                            layout={"width": "220px"})  # fmt: skip
        self.export_view.add_class("recon-export-view")
        self.download = widgets.HTML()
        self.download.add_class("recon-download")
        buttons = []
        for fmt in ("csv", "xlsx"):
            button = _button(fmt.upper(), f"recon-export-{fmt}", icon="download")
            button.on_click(trap(lambda _, f=fmt: self._export(f)))
            buttons.append(button)
        return widgets.HBox([self.export_view, *buttons, self.download])

    def _export(self, fmt: str) -> None:
        name, content, media = self.model.export(self.export_view.value, fmt)
        self.download.value = download_link(name, content, media, "recon-download-link")

    def _detail_box(self, trap) -> widgets.Widget:
        self.order = widgets.Text(description="Order", placeholder="our or eBay order number")
        self.order.add_class("recon-order")
        show = _button("Show order", "recon-show-order", icon="search")
        show.on_click(trap(lambda _: self._detail()))
        self.detail = widgets.HTML()
        self.detail.add_class("recon-detail")
        return widgets.VBox([widgets.HBox([self.order, show]), self.detail])

    def _detail(self) -> None:
        tables = self.model.detail(self.order.value)
        self.detail.value = "".join(_table_html(t) for t in tables.values())

    def _import_box(self, trap) -> widgets.Widget:
        self.upload = widgets.FileUpload(accept=".csv", multiple=False,
                                         description="Transaction report")  # fmt: skip
        self.upload.add_class("recon-upload")
        self.import_account = widgets.Dropdown(description="Account", options=[])
        run = _button("Import", "recon-import", icon="upload")
        run.on_click(trap(lambda _: self._import()))
        return widgets.HBox([self.upload, self.import_account, run])

    def _import(self) -> None:
        if not self.upload.value:
            self.messages.show("Choose an eBay Transaction report first.", "warning")
            return
        upload = self.upload.value[0]
        report = self.model.import_report(upload["name"], bytes(upload["content"]),
                                          self.import_account.value)  # fmt: skip
        self.refresh()
        self.messages.show(report.summary(), "warning" if report.rejected else "success")

    def _refund_box(self, trap) -> widgets.Widget:
        self.refund_order = widgets.Text(description="Refund order", placeholder="order number")
        self.refund_order.add_class("recon-refund-order")
        self.refund_amount = widgets.Text(description="Amount", placeholder="12.50")
        self.refund_amount.add_class("recon-refund-amount")
        self.refund_reason = widgets.Text(description="Reason", placeholder="made outside eBay")
        run = _button("Record refund", "recon-refund", icon="undo")
        run.on_click(trap(lambda _: self._refund()))
        return widgets.HBox([self.refund_order, self.refund_amount, self.refund_reason, run],
                            layout={"flex_flow": "row wrap"})  # fmt: skip

    def _refund(self) -> None:
        counts = self.model.refund(self.refund_order.value, self.refund_amount.value,
                                   self.refund_reason.value)  # fmt: skip
        self.refresh()
        self.messages.show(counts.summary(), "success")


_LOADING = ('<span class="recon-loading" style="color:#6b6b6b">Checking every order, deposit and'
            " payout… the charts and tabs follow.</span>")  # fmt: skip


def _headline_html(figures) -> str:
    """Deposits received → applied, refunded, open; eBay's payouts: the first thing to read."""
    parts = [("deposits", f"{figures.deposits:,} deposit(s) received", figures.received),
             ("applied", "applied to invoices", figures.applied),
             ("refunded", "refunded", figures.refunded), ("open", "open", figures.open),
             ("paid-out", f"eBay paid out in {figures.payouts:,} payout(s)", figures.paid_out)]
    cells = "".join(
        f'<div class="recon-figure recon-figure-{key}" style="padding:4px 14px;'
        f'border-left:3px solid #0b5394"><div style="color:#6b6b6b;font-size:12px">'
        f'{html.escape(label)}</div><div style="font-size:18px;font-weight:600">'
        f"{html.escape(money_text(amount))}</div></div>"
        for key, label, amount in parts)  # fmt: skip
    return f'<div class="recon-summary" style="display:flex;flex-wrap:wrap;gap:6px">{cells}</div>'


def _pane_html(result) -> str:
    totals = " · ".join(
        f"<b>{html.escape(k.replace('_', ' '))}</b> "
        f"{html.escape(money_text(v) if hasattr(v, 'quantize') else str(v))}"
        for k, v in result.totals.items()
    )
    problems = "".join(f"<li>{html.escape(p)}</li>" for p in result.problems)
    head = f'<div class="recon-totals">{totals}</div>'
    if problems:
        head += f'<ul class="recon-problem-list" style="color:#b00020">{problems}</ul>'
    return head + "".join(_table_html(t) for t in result.tables.values())


def _table_html(table) -> str:
    rows = [{c: (money_text(v) if c in table.money and v is not None else v)
             for c, v in row.items()} for row in table.dicts()]  # fmt: skip
    shown = "" if table.total_rows is None else f" (first {len(rows)} of {table.total_rows:,})"
    body = html_table(rows, table.columns, f"recon-table recon-table-{table.name}") if rows else (
        '<p style="color:#6b6b6b">none</p>')
    return (f"<h4 style='margin:10px 0 4px'>{html.escape(table.title)}{shown}</h4>"
            f"<div style='max-height:320px;overflow:auto'>{body}</div>")  # fmt: skip
