"""The eBay export dashboard's state and logic, without widgets (tested without a browser)."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field

import pandas as pd

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops import Database
from aimsi_ebay.ops import accounts as seller_accounts
from aimsi_ebay.ops.export import batch as exports
from aimsi_ebay.ops.export.batch import ExportCriteria, ExportReport, Progress, SelectionRow
from aimsi_ebay.rules.money import money_str

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
        return exports.busiest_account(self.db)

    def refresh(self, raw_criteria: dict[str, object], account: str | None) -> None:
        """Re-read the flagged records; valid rows of the chosen account start checked."""
        self.criteria = ExportCriteria.parse(**raw_criteria)
        self.account = account
        self.rows = exports.select_records(self.db, self.criteria, account)
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
        self.last_report = exports.export_records(
            self.db, self.account, self.criteria, skus=ordered, test_mode=test_mode,
            progress=progress)
        self.rows = exports.select_records(self.db, self.criteria, self.account)
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
            for b in exports.list_batches(self.db, limit=limit)
        ]

    def batch_link(self, batch_id: int) -> str:
        name, content = exports.batch_file(self.db, batch_id)
        return download_link(name, content)


def download_link(name: str, content: str) -> str:
    """An HTML download link holding the file itself (a data: URL works in Voilà, no server path)."""
    payload = base64.b64encode(content.encode("utf-8")).decode("ascii")
    size = len(content.encode("utf-8"))
    return (f'<a class="export-download-link" download="{html.escape(name)}" '
            f'href="data:text/csv;charset=utf-8;base64,{payload}" '
            f'style="font-weight:600">⬇ Download {html.escape(name)}</a> ({size / 1024:,.1f} KB)')
