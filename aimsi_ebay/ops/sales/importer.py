"""Import eBay sales: stage a download, decide each sale's customer, create the orders.

``import_sales`` is the batch path (CLI, scheduled jobs): read the file, stage it and create
every ready order in ONE write transaction — all of it or none of it. The dashboard stages first
(``stage_sales``), lets the operator decide customers sale by sale, then ``create_orders`` for
one sale or for all ready sales (each call one transaction). Both paths run the same set-based
SQL (``sales_staging``, ``order_creation``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.formats.ebay.sales.layouts import FORMATS as EBAY_FORMATS
from aimsi_ebay.formats.ebay.sales.model import SalesFile
from aimsi_ebay.formats.ebay.sales.reader import leading_header
from aimsi_ebay.formats.input_limits import (
    MAX_SALES_BYTES,
    LimitExceeded,
    check_input_file,
    check_sales_text,
)
from aimsi_ebay.formats.safe_csv import csv_text
from aimsi_ebay.ops.sales.order_creation import CreationCounts, create_orders_in_scope
from aimsi_ebay.ops.sales.review import (  # noqa: F401 (the dashboard's model reaches them here)
    buyer_person,
    candidates,
    preview,
    sale_detail,
    search_customers,
)
from aimsi_ebay.ops.sales.staging import UNMATCHED_CHOICES, stage_file
from aimsi_ebay.ops.shipping.lookup import refresh_after_change
from aimsi_ebay.ops.shop.importing import cancel_shop_orders, read_for_account, source_of
from aimsi_ebay.rules.money import ZERO, money_str

FORMAT_CHOICES = ("auto", "ebay_orders_report", "ebay_sold_legacy", "shopify", "map:NAME")
# DuckDB threads for an import's write transaction on a DuckDB file. Its work is some forty
# statements over about 100,000 sales each: on two threads DuckDB spent ~40 % more CPU on them
# (7.2 -> 10-11.8 CPU-s for bench_sales_import.py); on the clock, beside other work on this
# two-core machine (load 2-2.7), one thread took 7.0-8.0 s against 8.8-10.8 s, and on a quieter
# one about as long (7.5 against 7.2 s). One thread, then (docs/sales_import.md). On PostgreSQL
# the work is the server's: left as it is.
IMPORT_THREADS = 1


@dataclass
class ImportReport:
    file: str
    format: str
    sha256: str
    account: str
    batch_id: int | None
    rows_read: int
    sales: int
    dry_run: bool = False
    orders_created: int = 0
    already_imported: int = 0
    held: int = 0
    customers_linked: int = 0
    customers_created: int = 0
    ship_tos_created: int = 0
    ship_tos_reused: int = 0
    deposits: int = 0
    deposits_total: Decimal = ZERO
    awaiting_payment: int = 0
    needs_review: int = 0
    cancelled: int = 0
    # where the file's rows went: rows_read = sale_rows + duplicate_rows + footer_rows +
    # rejected_rows (each duplicate is listed: its row and the row it repeats)
    sale_rows: int = 0
    duplicate_rows: int = 0
    footer_rows: int = 0
    rejected_rows: int = 0
    duplicates: list[dict] = field(default_factory=list)
    reused_batch: bool = False  # the same file for the same account was staged before
    rejected: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        data = asdict(self)
        data["deposits_total"] = money_str(self.deposits_total)
        return data

    def summary(self) -> str:
        verb = "would create" if self.dry_run else "created"
        return (
            f"{self.file} ({self.format}): {self.sales} sale(s); {self.rows_read} row(s) read ="
            f" {self.sale_rows} in sales + {self.duplicate_rows} duplicate(s) +"
            f" {self.footer_rows} footer(s) + {self.rejected_rows} rejected; "
            f"{verb} {self.orders_created} order(s) ({self.cancelled} cancelled/refunded, "
            f"{self.awaiting_payment} awaiting payment, {self.needs_review} for review), "
            f"{self.customers_created} customer(s), {self.ship_tos_created} ship-to(s); "
            f"linked {self.customers_linked} customer(s); {self.deposits} deposit(s) "
            f"{money_str(self.deposits_total)}; {self.already_imported} already imported, "
            f"{self.held} held, {len(self.rejected)} rejected"
        )


class _DryRun(Exception):
    """Raised inside the write transaction to roll a dry run back."""


def account_id(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """The seller account's id by name (or eBay user id)."""
    row = con.execute(
        "SELECT account_id FROM seller_accounts WHERE name = ? OR lower(ebay_user_id) = lower(?)"
        " ORDER BY name = ? DESC LIMIT 1",
        [name, name, name],
    ).fetchone()
    if row is None:
        raise NotFoundError("seller account", name)
    return int(row[0])


def one_thread(db: Database, con: duckdb.DuckDBPyConnection) -> None:
    """Run the import's statements on ``IMPORT_THREADS`` threads (a DuckDB file; see there). The
    setting lives as long as the file's connection: it is closed after the transaction."""
    if db.postgres is None:
        con.execute(f"SET threads = {IMPORT_THREADS}")


def account_names(db: Database) -> list[str]:
    with db.read() as con:
        return [
            r[0]
            for r in con.execute(
                "SELECT name FROM seller_accounts WHERE active ORDER BY account_id"
            ).fetchall()
        ]


def import_sales(
    db: Database,
    path: str | Path,
    *,
    account: str,
    fmt: str = "auto",
    unmatched: str = "hold",
    dry_run: bool = False,
) -> ImportReport:
    """Read, stage and order a sales download in one transaction (nothing at all on a dry run)."""
    if unmatched not in UNMATCHED_CHOICES:
        raise InputError(f"--unmatched must be one of {', '.join(UNMATCHED_CHOICES)}")
    data = check_input_file(path, MAX_SALES_BYTES).read_bytes()
    sales_file = read_guarded(
        db, data, Path(path).name, account=account, fmt=fmt, path=Path(path)
    )  # an eBay download, or a shop export in the same staged-sales shape
    report = _report(sales_file, account)
    try:
        with db.write() as con:
            one_thread(db, con)
            # Staged and ordered in one transaction: the staged sales are written once, final. A
            # dry run runs the same (drawing no order numbers) and is rolled back.
            account_key = account_id(con, account)
            report.batch_id = stage_file(
                con, sales_file, account_key, unmatched=unmatched, defer=True,
                source=source_of(sales_file),
            )  # fmt: skip
            _apply(report, create_orders_in_scope(con, pending=True, dry_run=dry_run))
            report.cancelled += cancel_shop_orders(con, sales_file, account_key)
            if dry_run:
                raise _DryRun
            audit.record(
                con,
                "create_orders",
                "import_batch",
                report.batch_id,
                after=report.as_json()
                | {"rejected": len(report.rejected), "duplicates": len(report.duplicates)},
            )
    except _DryRun:
        report.dry_run, report.batch_id = True, None
    if not report.dry_run:
        refresh_after_change(db)  # the carriers' lookup files list the new orders
    return report


def read_guarded(
    db: Database, data: bytes, file_name: str, *, account: str, fmt: str = "auto",
    path: Path | None = None,
) -> SalesFile:  # fmt: skip
    """Read a sales file for ``account`` behind the input guard (``formats.input_limits``).

    An eBay download's reader checks the rows itself as it splits them (set-based, in DuckDB);
    any other file is checked whole first. Either way a file the guard refuses gets the guard's
    refusal, and before anything else is said about it (an unknown account, a wrong format)."""
    if fmt not in ("auto", *EBAY_FORMATS) or leading_header(data) is None:
        check_sales_text(data, file_name)
        return read_for_account(db, data, file_name, account=account, fmt=fmt, path=path)
    try:
        sales_file = read_for_account(db, data, file_name, account=account, fmt=fmt, path=path)
    except LimitExceeded:
        raise
    except Exception:
        try:
            check_sales_text(data, file_name)  # the guard's refusal first, as ever
        except LimitExceeded as refusal:
            raise refusal from None
        raise
    if source_of(sales_file) != "ebay":  # another reader read it after all: guard it whole
        check_sales_text(data, file_name)
    return sales_file


def stage_sales(
    db: Database,
    data: bytes,
    file_name: str,
    *,
    account: str,
    fmt: str = "auto",
    unmatched: str = "hold",
) -> ImportReport:
    """Stage a download for the dashboard (nothing is created yet); returns the preview counts."""
    sales_file = read_guarded(db, data, file_name, account=account, fmt=fmt)
    report = _report(sales_file, account)
    with db.write() as con:
        one_thread(db, con)
        account_key = account_id(con, account)
        same = con.execute(
            "SELECT max(batch_id) FROM import_batches WHERE sha256 = ? AND account_id = ?",
            [sales_file.sha256, account_key],
        ).fetchone()[0]
        if same is not None:  # the same file for the same account: its batch, not a new one
            report.batch_id, report.reused_batch = int(same), True
        else:
            report.batch_id = stage_file(
                con, sales_file, account_key, unmatched=unmatched, source=source_of(sales_file)
            )
        report.cancelled = cancel_shop_orders(con, sales_file, account_key)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE link_scope AS SELECT staged_sale_id FROM"
            " staged_sales WHERE batch_id = ?",
            [report.batch_id],
        )
        _preview_counts(con, report)
    return report


def create_orders(
    db: Database, batch_id: int, staged_sale_ids: list[int] | None = None
) -> CreationCounts:
    """Create Order for the given staged sales of a batch (all ready ones when None)."""
    with db.write() as con:
        one_thread(db, con)
        if staged_sale_ids is None:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE link_scope AS SELECT staged_sale_id FROM"
                " staged_sales WHERE batch_id = ?",
                [batch_id],
            )
        else:
            con.register("wanted", pd.DataFrame({"id": [int(i) for i in staged_sale_ids]}))
            con.execute(
                "CREATE OR REPLACE TEMP TABLE link_scope AS SELECT staged_sale_id FROM"
                " staged_sales WHERE batch_id = ? AND staged_sale_id IN"
                " (SELECT id FROM wanted)",
                [batch_id],
            )
        counts = create_orders_in_scope(con)
        if counts.orders_created:
            audit.record(
                con,
                "create_orders",
                "import_batch",
                batch_id,
                after={
                    **asdict(counts),
                    "deposits_total": money_str(counts.deposits_total),
                    "staged_sale_ids": staged_sale_ids,
                },
            )
    if counts.orders_created:
        refresh_after_change(db)  # the carriers' lookup files list the new orders
    return counts


def _report(sales_file: SalesFile, account: str) -> ImportReport:
    return ImportReport(
        file=sales_file.file_name,
        format=sales_file.format,
        sha256=sales_file.sha256,
        account=account,
        batch_id=None,
        rows_read=sales_file.rows_read,
        sales=sales_file.sales_count,
        sale_rows=sales_file.sale_rows,
        duplicate_rows=len(sales_file.duplicates),
        footer_rows=sales_file.footer_rows,
        rejected_rows=sales_file.rejected_rows,
        duplicates=[d.as_dict() for d in sales_file.duplicates],
        rejected=[r.as_dict() for r in sales_file.rejections],
    )


def _apply(report: ImportReport, counts: CreationCounts) -> None:
    for name in (
        "orders_created",
        "customers_linked",
        "customers_created",
        "ship_tos_created",
        "ship_tos_reused",
        "deposits",
        "deposits_total",
        "awaiting_payment",
        "needs_review",
        "cancelled",
    ):
        setattr(report, name, getattr(counts, name))
    report.already_imported = counts.already_imported
    report.held = counts.not_ready


def _preview_counts(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """What Create Order would do for the batch, without doing it."""
    row = con.execute(
        "SELECT count(*) FILTER (WHERE status = 'already_imported'),"
        " count(*) FILTER (WHERE status = 'held'),"
        " count(DISTINCT customer_id) FILTER (WHERE status = 'staged' AND customer_id IS NOT NULL),"
        " count(DISTINCT coalesce(email_norm, 'user:' || user_id_norm, 'sale:' ||"
        "  CAST(staged_sale_id AS VARCHAR))) FILTER (WHERE status = 'staged'"
        "  AND match_status = 'create'),"
        " count(*) FILTER (WHERE status = 'staged'),"
        " coalesce(sum(deposit_amount) FILTER (WHERE status = 'staged' AND paid_date IS NOT NULL"
        "  AND deposit_amount > 0), 0)"
        " FROM staged_sales WHERE batch_id = ?",
        [report.batch_id],
    ).fetchone()
    (
        report.already_imported,
        report.held,
        report.customers_linked,
        report.customers_created,
        report.orders_created,
        total,
    ) = row
    report.deposits_total = Decimal(total).quantize(Decimal("0.01"))


def rejections(db: Database, batch_id: int) -> list[dict]:
    with db.read() as con:
        rows = con.execute(
            "SELECT row_number, field, reason FROM import_rejections"
            " WHERE batch_id = ? ORDER BY row_number",
            [batch_id],
        ).fetchall()
    return [{"row": r[0], "field": r[1], "reason": r[2]} for r in rows]


def rejections_csv(db: Database, batch_id: int) -> str:
    """The batch's rejected rows as a formula-safe CSV download."""
    return csv_text(rejections(db, batch_id), ["row", "field", "reason"])
