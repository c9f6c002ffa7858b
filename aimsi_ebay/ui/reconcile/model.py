"""The Reconciliation dashboard's state and logic, testable without a browser.

The model holds the filters and the last results of the four views; the view (``view.py``)
only draws them. Chart series are computed here from the views' summary tables: labels and
amounts as ``Decimal``; the chart widgets turn them into plot coordinates.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from aimsi_ebay.ops import Database
from aimsi_ebay.ops.reconcile.headline import Headline, headline
from aimsi_ebay.ops.reconcile.views import VIEW_NAMES, Filters, Table, ViewResult, run_views
from aimsi_ebay.rules.money import ZERO

if TYPE_CHECKING:  # imported where used: the first view must not wait for them
    from aimsi_ebay.ops.reconcile.payouts import PayoutImportReport
    from aimsi_ebay.ops.reconcile.refunds import RefundCounts

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Series:
    """One chart: a title (with its total, so a reader sees a filter's effect), bar labels and
    their amounts."""

    key: str
    title: str
    labels: list[str]
    values: list[Decimal]
    unit: str = "$"


class ReconcileModel:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.account: str | None = None
        self.date_from: date | None = None
        self.date_to: date | None = None
        self.carrier: str | None = None
        self.results: dict[str, ViewResult] = {}

    @property
    def filters(self) -> Filters:
        return Filters(account=self.account or None, date_from=self.date_from,
                       date_to=self.date_to, carrier=self.carrier or None)  # fmt: skip

    def choices(self) -> dict[str, list[str]]:
        from aimsi_ebay.ops.reconcile.detail import filter_choices

        return filter_choices(self.db)

    def headline(self) -> Headline:
        """The first view's sums (cheap at any size)."""
        return headline(self.db, self.filters)

    def refresh(self) -> None:
        """Run all four views over one snapshot with the current filters."""
        self.results = {r.view: r for r in run_views(self.db, self.filters, views=VIEW_NAMES)}

    def series(self) -> list[Series]:
        """The four charts: shipping margin by month and by service, open deposits by age,
        eBay fees as a share of sales by month."""
        shipping, deposits, payouts = (self.results[v] for v in ("shipping", "deposits", "payouts"))
        by_month = shipping.tables["by_month"].dicts()
        by_service = shipping.tables["by_service"].dicts()
        by_age = deposits.tables["by_age"].dicts()
        fees = payouts.tables["fees_by_month"].dicts()
        return [
            Series("margin-month", f"Shipping margin by month (total {_money(shipping.totals['margin'])})",
                   [f"{r['month']:%Y-%m}" for r in by_month], [r["margin"] for r in by_month]),
            Series("margin-service",
                   f"Shipping margin by service ({len(by_service)} service(s))",
                   [str(r["service"]) for r in by_service], [r["margin"] for r in by_service]),
            Series("deposits-age", f"Open deposits by age (total {_money(deposits.totals['open'])})",
                   [str(r["bucket"]) for r in by_age], [r["open"] for r in by_age]),
            Series("fee-share", f"eBay fees as a share of sales ({_money(payouts.totals['fees'])})",
                   [f"{r['month']:%Y-%m}" for r in fees],
                   [r["fee_share_pct"] or ZERO for r in fees], unit="%"),
        ]  # fmt: skip

    def export(self, view: str, fmt: str) -> tuple[str, bytes, str]:
        """(file name, content, media type) of ``view`` with every row (not the screen's cap)."""
        from aimsi_ebay.ops.reconcile.export import view_csv, view_xlsx  # openpyxl: on demand

        (result,) = run_views(self.db, self.filters, views=(view,), limit=None)
        stem = f"reconcile_{view}_{date.today():%Y%m%d}"
        if fmt == "xlsx":
            return f"{stem}.xlsx", view_xlsx(result), XLSX_TYPE
        return f"{stem}.csv", view_csv(result).encode("utf-8"), "text/csv"

    def detail(self, order_number: str) -> dict[str, Table]:
        from aimsi_ebay.ops.reconcile.detail import order_detail

        return order_detail(self.db, order_number.strip())

    def import_report(self, name: str, content: bytes, account: str) -> PayoutImportReport:
        from aimsi_ebay.ops.reconcile.payouts import import_payouts

        report = import_payouts(self.db, content, account=account, file_name=name)
        self.refresh()
        return report

    def refund(self, order_number: str, amount: str, reason: str) -> RefundCounts:
        from aimsi_ebay.ops.reconcile.refunds import record_manual_refund

        counts = record_manual_refund(self.db, order_number.strip(), amount, reason=reason)
        self.refresh()
        return counts


def download_link(name: str, content: bytes, media_type: str, css_class: str) -> str:
    """A link holding the file itself (a data: URL works in Voilà with no server path)."""
    payload = base64.b64encode(content).decode("ascii")
    return (f'<a class="{css_class}" download="{html.escape(name)}" '
            f'href="data:{media_type};base64,{payload}" style="font-weight:600">'
            f"⬇ Download {html.escape(name)}</a> ({len(content) / 1024:,.1f} KB)")  # fmt: skip


def _money(amount: object) -> str:
    if not isinstance(amount, Decimal):
        return str(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"
