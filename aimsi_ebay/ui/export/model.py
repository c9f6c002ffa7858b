"""The eBay export dashboard's state and logic, without widgets (tested without a browser)."""

from __future__ import annotations

import html
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ops import accounts as seller_accounts
from aimsi_ebay.ops.export import history, selection
from aimsi_ebay.ops.export.criteria import ExportCriteria
from aimsi_ebay.ops.export.selection import SelectionRow
from aimsi_ebay.rules.money import money_str

if TYPE_CHECKING:  # the export itself (templates, writers) and pandas are imported when used
    import pandas as pd

    from aimsi_ebay.ops.export.batch import ExportReport, Progress

CRITERIA_FIELDS: tuple[tuple[str, str], ...] = (
    ("vendor", "Vendor"), ("department", "Department"), ("item_category", "Item category"),
    ("ebay_category", "eBay category"), ("sku_pattern", "SKU pattern"),
    ("min_price", "Min price"), ("max_price", "Max price"),
    ("default_account", "Default account"), ("not_exported_since", "Not exported since"),
)
CHECKED, UNCHECKED = "☑", "☐"


@dataclass
class ExportModel:
    db: Database
    account: str | None = None
    criteria: ExportCriteria = field(default_factory=ExportCriteria)
    rows: list[SelectionRow] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    last_report: ExportReport | None = None

    def account_names(self) -> list[str]:
        return [account.name for account in seller_accounts.list_accounts(self.db)]

    def busiest_account(self) -> str | None:
        """The account most flagged records belong to: the natural first choice."""
        return selection.busiest_account(self.db)

    def read_opening(self, raw_criteria: dict[str, object]) -> selection.Opening:
        """The first view's data in one read (no state changes: it may run in a thread)."""
        return selection.opening(self.db, ExportCriteria.parse(**raw_criteria), self.account)

    def open(self, raw_criteria: dict[str, object], opening: selection.Opening) -> None:
        """Show what ``read_opening`` read; valid rows of the chosen account start checked."""
        self.criteria = ExportCriteria.parse(**raw_criteria)
        self.account = opening.account
        self.rows = opening.rows
        self._check_valid_rows()

    def refresh(self, raw_criteria: dict[str, object], account: str | None) -> None:
        """Re-read the flagged records; valid rows of the chosen account start checked."""
        self.criteria = ExportCriteria.parse(**raw_criteria)
        self.account = account
        self.rows = selection.select_records(self.db, self.criteria, account)
        self._check_valid_rows()

    def _check_valid_rows(self) -> None:
        """Valid rows of the chosen account start checked."""
        self.checked = {row.sku for row in self.rows if row.valid and not row.account_mismatch}

    def toggle(self, sku: str) -> None:
        self.checked ^= {sku}

    def check_all(self) -> None:
        self.checked = {row.sku for row in self.rows}

    def check_none(self) -> None:
        self.checked = set()

    def invert(self) -> None:
        self.checked = {row.sku for row in self.rows} - self.checked

    def counts(self) -> str:
        valid = sum(1 for row in self.rows if row.valid and row.sku in self.checked)
        invalid = sum(1 for row in self.rows if not row.valid)
        other = sum(1 for row in self.rows if row.account_mismatch)
        return (f"{len(self.rows)} flagged record(s), {len(self.checked)} checked "
                f"({valid} valid to send); {invalid} invalid, {other} of another account")

    def frame(self) -> pd.DataFrame:
        """The grid: one row per record, money as text (never float)."""
        import pandas as pd

        return pd.DataFrame(
            {
                "Send": [CHECKED if row.sku in self.checked else UNCHECKED for row in self.rows],
                "Valid": ["✔" if row.valid else "✘" for row in self.rows],
                "Problems": ["; ".join(row.errors or row.warnings) for row in self.rows],
                "Account": [("⚠ " if row.account_mismatch else "") + (row.default_account or "")
                            for row in self.rows],
                "Action": [row.action for row in self.rows],
                "Title": [row.title for row in self.rows],
                "Price": [money_str(row.start_price) for row in self.rows],
                "Format": [row.listing_format for row in self.rows],
                "Vendor": [row.vendor or "" for row in self.rows],
                "Last export": [f"{row.last_exported_at:%Y-%m-%d}" if row.last_exported_at else ""
                                for row in self.rows],
            },
            index=pd.Index([row.sku for row in self.rows], name="SKU"),
        )

    def export(self, *, test_mode: bool = False, progress: Progress | None = None) -> ExportReport:
        """Export the checked rows for the chosen account; then re-read the selection."""
        if not self.account:
            raise InputError("choose a seller account first", field="account")
        if not self.checked:
            raise InputError("no rows are checked: nothing to export")
        ordered = [row.sku for row in self.rows if row.sku in self.checked]
        from aimsi_ebay.ops.export import batch as exports

        self.last_report = exports.export_records(
            self.db, self.account, self.criteria, skus=ordered, test_mode=test_mode,
            progress=progress)
        self.rows = selection.select_records(self.db, self.criteria, self.account)
        self.checked &= {row.sku for row in self.rows}
        return self.last_report

    def summary(self, report: ExportReport) -> str:
        text = (f"Batch {report.batch_id}: {report.exported} exported ({report.adds} Add, "
                f"{report.revises} Revise{', test mode' if report.test_mode else ''}), "
                f"{len(report.skipped)} skipped as invalid")
        if report.skipped:
            text += ":\n" + "\n".join(f"  {row.sku}: {'; '.join(row.reasons)}" for row in report.skipped)
        if report.not_flagged:
            text += f"\n{len(report.not_flagged)} checked row(s) were no longer flagged: " + \
                ", ".join(report.not_flagged)
        return text

    def history(self, limit: int = 50) -> list[dict[str, object]]:
        return [
            {"Batch": b.batch_id, "When": f"{b.created_at:%Y-%m-%d %H:%M}", "Account": b.account,
             "Exported": b.rows_exported, "Skipped": b.rows_skipped,
             "Mode": "test (VerifyAdd)" if b.test_mode else "live", "By": b.created_by,
             "File": b.file_name}
            for b in history.list_batches(self.db, limit=limit)
        ]

    def batch_link(self, batch_id: int) -> str:
        return download_link(history.archived_file(self.db, batch_id))

    def latest_batch(self) -> int | None:
        batches = history.list_batches(self.db, limit=1)
        return batches[0].batch_id if batches else None


# Where Voilà serves produced files: ``exports/`` inside the served folder (a Voilà kernel runs
# in its notebook's folder), which voila.json's ``file_allowlist`` lets ``/voila/files/`` serve as
# ``exports/*.csv``. The browser downloads the file itself; the page never holds it. (Tornado
# refuses symlinks that leave the served folder, so the file is hard-linked or copied there.)
SERVED_EXPORTS = "exports"
EXPORTS_URL = f"../files/{SERVED_EXPORTS}/"


def publish(path: str | Path, served: Path | None = None) -> Path:
    """Make the archived file at ``path`` downloadable: a hard link (a copy across disks) in the
    served folder's ``exports/`` (default: the kernel's working folder)."""
    path = Path(path)
    folder = (served or Path.cwd()) / SERVED_EXPORTS
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    if target.exists() and target.stat().st_size == path.stat().st_size:
        return target
    target.unlink(missing_ok=True)
    try:
        os.link(path, target)
    except OSError:
        shutil.copyfile(path, target)
    return target


def download_link(path: str | Path, served: Path | None = None) -> str:
    """A link to download the archived file at ``path`` from the server (not a data: URL)."""
    path = publish(path, served)
    size = path.stat().st_size
    return (f'<a class="export-download-link" download="{html.escape(path.name)}" '
            f'href="{EXPORTS_URL}{quote(path.name)}" target="_blank" '
            f'style="font-weight:600">⬇ Download {html.escape(path.name)}</a> '
            f"({size / 1024:,.1f} KB)")
