"""The Shipping dashboard's state and logic, without widgets (tested without a browser)."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ops.sales.importer import account_names
from aimsi_ebay.ops.shipping import overview, settings
from aimsi_ebay.ops.shipping.ebay_tracking import TrackingFileReport, write_ebay_tracking
from aimsi_ebay.ops.shipping.lookup import LookupFileReport, refresh_lookup_files, write_auto_import
from aimsi_ebay.ops.shipping.results import ShippingImportReport, import_carrier_file
from aimsi_ebay.ops.shipping.watch import WatchResult, scan_folder, waiting_files

AUTO_MAP = "(recognise)"
Progress = Callable[[int, int, str], None]  # step, steps, what is happening


@dataclass
class ShippingModel:
    db: Database
    carrier: str = "ups"
    queue: pd.DataFrame = field(default_factory=pd.DataFrame)
    last_import: ShippingImportReport | None = None
    watch_results: list[WatchResult] = field(default_factory=list)

    def refresh(self) -> pd.DataFrame:
        """Re-read the orders to ship for the chosen carrier."""
        self.queue = overview.shipping_queue(self.db, self.carrier)
        return self.queue

    def counts(self) -> dict[str, int]:
        """Orders ready, partly shipped and left out in the queue."""
        states = self.queue["state_of_order"].value_counts() if not self.queue.empty else {}
        return {state: int(states.get(state, 0))
                for state in ("ready", "partly shipped", "left out")}

    def ready_orders(self) -> list[str]:
        """Order numbers that can go into an auto-import file."""
        if self.queue.empty:
            return []
        return self.queue.loc[self.queue["state_of_order"] != "left out",
                              "order_number"].tolist()

    def write_lookup_files(self) -> list[LookupFileReport]:
        return refresh_lookup_files(self.db)

    def auto_import(self, order_numbers: list[str]) -> LookupFileReport:
        return write_auto_import(self.db, list(order_numbers))

    # -- carrier results --------------------------------------------------------------------

    def column_map_names(self) -> list[str]:
        return [AUTO_MAP, *settings.column_maps(self.db)]

    def import_upload(self, name: str, data: bytes, column_map: str = AUTO_MAP,
                      progress: Progress | None = None) -> ShippingImportReport:
        """Import an uploaded carrier file; the queue is re-read afterwards."""
        step = progress or (lambda *_: None)
        step(1, 3, f"importing {name}")
        self.last_import = import_carrier_file(
            self.db, name, data, map_name=None if column_map == AUTO_MAP else column_map)
        step(2, 3, "reading the orders to ship again")
        self.refresh()
        step(3, 3, "done")
        return self.last_import

    def watch_folder(self) -> Path:
        return settings.folder(self.db, "watch_folder")

    def waiting_in_watch_folder(self) -> list[str]:
        folder = self.watch_folder()
        return [p.name for p in waiting_files(folder)] if folder.is_dir() else []

    def import_watch_folder(self, progress: Progress | None = None) -> list[WatchResult]:
        """Import every file waiting in the watch folder, one progress step per file."""
        folder = self.watch_folder()
        if not folder.is_dir():
            raise InputError("the watch folder does not exist", file=str(folder))
        total = max(len(waiting_files(folder)), 1)
        done: list[WatchResult] = []

        def taken(result: WatchResult) -> None:
            done.append(result)
            if progress:
                progress(len(done), total, result.file)

        scan_folder(self.db, folder, on_file=taken)
        self.watch_results = done
        reports = [r.report for r in done if r.report]
        self.last_import = reports[-1] if reports else self.last_import
        self.refresh()
        return done

    # -- eBay, search, voids ----------------------------------------------------------------

    def accounts(self) -> list[str]:
        return account_names(self.db)

    def ebay_tracking(self, account: str | None) -> TrackingFileReport:
        return write_ebay_tracking(self.db, account=account or None)

    def search(self, text: str) -> list[dict]:
        return overview.find_tracking(self.db, text)

    def voids(self) -> list[dict]:
        return overview.voided_packages(self.db, limit=50)

    def imports(self) -> list[dict]:
        return overview.recent_imports(self.db, limit=10)


def download_link(name: str, data: bytes, css_class: str) -> str:
    """An HTML link holding the file itself (a data: URL works in Voilà, no server path)."""
    payload = base64.b64encode(data).decode("ascii")
    return (f'<a class="{css_class}" download="{html.escape(name)}" '
            f'href="data:text/csv;charset=utf-8;base64,{payload}">Download {html.escape(name)}</a>')


def report_rows(report: ShippingImportReport) -> list[dict]:
    """The rejected rows and refused shipments of an import, for one table."""
    rows = [{"row": r["row"], "field": r["field"], "reason": r["reason"]} for r in report.rejected]
    rows += [{"row": f["row"], "field": f"order {f['order_number']}",
              "reason": f"refused by the carrier: {f['message']}"} for f in report.failures]
    return sorted(rows, key=lambda r: r["row"])
