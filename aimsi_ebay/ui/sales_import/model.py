"""The Import orders dashboard's state and logic, without widgets (tested without a browser)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from aimsi_ebay import config
from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ops.sales import batches as sales_batches
from aimsi_ebay.ops.sales import decisions
from aimsi_ebay.ops.sales import importer as sales_import
from aimsi_ebay.ops.sales.order_creation import CreationCounts
from aimsi_ebay.ops.shop.accounts import SHOP, account_kinds
from aimsi_ebay.rules.matching import Candidate

CHUNK = 100  # sales per transaction when creating all ready orders (one progress step each)


def inbox_folder(db: Database) -> Path:
    """The store's inbox (``aimsi_ebay.config.inbox_folder``)."""
    return config.inbox_folder(db.path)


# Orders, customers, ship-tos and deposits created so far in the open batch.
Totals = CreationCounts


@dataclass
class ImportOrdersModel:
    db: Database
    inbox: Path | None = None
    account: str | None = None
    unmatched: str = "hold"
    batch_id: int | None = None
    batch: sales_batches.BatchInfo | None = None
    report: sales_import.ImportReport | None = None
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    selected: int | None = None
    detail: dict | None = None
    candidates: list[Candidate] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)

    def __post_init__(self) -> None:
        if self.inbox is None:
            self.inbox = inbox_folder(self.db)

    def accounts(self) -> list[str]:
        names = sales_import.account_names(self.db)
        if self.account is None and names:
            self.account = names[0]
        return names

    def account_choices(self) -> list[tuple[str, str]]:
        """(label, name) per account: a shop account's label says so (eBay accounts by name), so
        a shop export goes to a shop account."""
        kinds = account_kinds(self.db)
        return [(f"{name} (web shop)" if kinds.get(name) == SHOP else name, name)
                for name in self.accounts()]  # fmt: skip

    def inbox_files(self) -> list[str]:
        if not self.inbox.is_dir():
            return []
        return sorted(
            p.name
            for p in self.inbox.iterdir()
            if not p.is_symlink() and p.is_file() and p.suffix.lower() in (".csv", ".txt")
        )

    # -- staging ---------------------------------------------------------------------------------

    def stage_upload(self, name: str, content: bytes) -> sales_import.ImportReport:
        if not self.account:
            raise InputError("choose a seller account first", field="account")
        self.report = sales_import.stage_sales(
            self.db, bytes(content), name, account=self.account, unmatched=self.unmatched
        )
        self.batch_id = self.report.batch_id
        self.totals = Totals()
        self.refresh()
        return self.report

    def batches(self) -> list[sales_batches.BatchInfo]:
        """Recent import batches, those with sales still waiting first."""
        return sales_batches.recent_batches(self.db)

    def open_batch(self, batch_id: int | None) -> None:
        """Show a batch staged earlier (by anyone): its sales, decisions and rejected rows."""
        self.batch_id, self.report, self.selected = batch_id, None, None
        self.totals = Totals()
        self.refresh()

    def stage_inbox(self, name: str) -> sales_import.ImportReport:
        """Stage an inbox file; once staged it moves to ``inbox/imported/``."""
        path = self.inbox / name
        if not name or not path.is_file():
            raise InputError("no such file in the inbox", file=str(path))
        if path.is_symlink() or path.resolve().parent != self.inbox.resolve():
            raise InputError("is a symbolic link or outside the inbox; refused", file=str(path))
        report = self.stage_upload(name, path.read_bytes())
        sales_batches.move_to_imported(path)
        return report

    def refresh(self) -> None:
        self.batch = (
            sales_batches.batch_info(self.db, self.batch_id) if self.batch_id is not None else None
        )
        self.rows = (
            sales_import.preview(self.db, self.batch_id)
            if self.batch_id is not None
            else pd.DataFrame()
        )
        if self.selected is not None:
            self.select(self.selected)

    def status_counts(self) -> dict[str, int]:
        if self.rows.empty:
            return {}
        return {str(k): int(v) for k, v in self.rows["status"].value_counts().items()}

    def ready_ids(self) -> list[int]:
        if self.rows.empty:
            return []
        ready = self.rows[
            (self.rows["status"].isin(["staged", "held"]))
            & (self.rows["customer"].isin(["linked", "create"]))
        ]
        return [int(i) for i in ready["id"]]

    def rejected(self) -> list[dict]:
        return sales_import.rejections(self.db, self.batch_id) if self.batch_id else []

    def rejected_csv(self) -> str:
        return sales_import.rejections_csv(self.db, self.batch_id) if self.batch_id else ""

    # -- one sale --------------------------------------------------------------------------------

    def select(self, staged_sale_id: int | None) -> None:
        self.selected = staged_sale_id
        if staged_sale_id is None:
            self.detail, self.candidates = None, []
            return
        self.detail = sales_import.sale_detail(self.db, staged_sale_id)
        open_sale = self.detail["status"] in ("staged", "held")
        self.candidates = (
            sales_import.candidates(self.db, staged_sale_id)
            if open_sale and self.detail["customer_id"] is None
            else []
        )

    def _need_selection(self) -> int:
        if self.selected is None:
            raise InputError("select a sale first", field="sale")
        return self.selected

    def search(self, text: str) -> list[dict]:
        return sales_import.search_customers(self.db, text)

    def link(self, customer_id: int, *, confirmed: bool = False) -> None:
        """Link the selected sale; a weak match raises ConfirmationNeeded unless confirmed."""
        decisions.link_customer(self.db, self._need_selection(), customer_id, confirmed=confirmed)
        self.refresh()

    def create_customer(self, *, confirmed: bool = False) -> int:
        """Create Customer (at Create Order); refused while a strong candidate is on file unless
        confirmed. Returns how many sales of the buyer will create it."""
        count = decisions.choose_create(self.db, self._need_selection(), confirmed=confirmed)
        self.refresh()
        return count

    def hold(self) -> None:
        """Hold the sale: its customer decision, and the links it made, are taken back."""
        decisions.unlink(self.db, self._need_selection())
        self.refresh()

    def ship_to_options(self) -> list[tuple[str, object]]:
        return decisions.ship_to_options(self.db, self._need_selection())

    def choose_ship_to(self, choice: str | None, ship_to_id: int | None = None) -> None:
        decisions.choose_ship_to(self.db, self._need_selection(), choice, ship_to_id)
        self.refresh()

    def bulk_preview(self) -> decisions.BulkPreview:
        """What 'create customers for all with no candidate' and 'link all strong' would do."""
        if self.batch_id is None:
            raise InputError("stage a sales file first", field="file")
        return decisions.bulk_preview(self.db, self.batch_id)

    def create_for_all_without_candidate(self) -> int:
        count = decisions.create_for_all_without_candidate(self.db, self.batch_id)
        self.refresh()
        return count

    def link_all_strong(self) -> int:
        count = decisions.link_all_strong(self.db, self.batch_id)
        self.refresh()
        return count

    def create_selected(self) -> CreationCounts:
        counts = sales_import.create_orders(self.db, self.batch_id, [self._need_selection()])
        if not counts.orders_created and not counts.already_imported:
            raise InputError(
                "this sale is not ready: link, create or choose its customer first",
                field="customer",
            )
        self.totals.add(counts)
        self.refresh()
        return counts

    def create_all_ready(self, progress=None) -> Totals:
        """Create every ready order, CHUNK sales per transaction; ``progress(done, total)``."""
        if self.batch_id is None:
            raise InputError("stage a sales file first", field="file")
        ids = self.ready_ids()
        for start in range(0, len(ids), CHUNK):
            self.totals.add(
                sales_import.create_orders(self.db, self.batch_id, ids[start : start + CHUNK])
            )
            if progress:
                progress(min(start + CHUNK, len(ids)), len(ids))
        self.refresh()
        return self.totals
