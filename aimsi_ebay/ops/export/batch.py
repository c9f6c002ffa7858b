"""The eBay export: select flagged records, validate them, record a batch, publish the file.

Everything is set-based in one transaction (``selection``, ``upload_rows``): the picked records
are copied once into a temporary table, the listing rules run over it in one query, DuckDB's COPY writes the
file (its two leading lines, then the rows), the batch keeps a snapshot of every row, and one ``UPDATE`` clears Update eBay on
exactly those rows. The file is assembled in the scratch folder before COMMIT and published to
``--out`` only after it (``publishing``): a file at ``--out`` always belongs to a committed
batch, and a batch committed by a killed export is published by the next one. Its copy for
``--out`` is made in the scratch folder on a thread while the batch is recorded and committed,
so after COMMIT only renames are left.

The pieces live beside this module (criteria, selection, upload_rows, publishing, history); their
public names are importable from here too.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from aimsi_ebay import config
from aimsi_ebay.db import Database, audit
from aimsi_ebay.db.ids import next_id
from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.ebay import listing_upload as upload
from aimsi_ebay.ops.accounts import SellerAccount, export_problems, get_account
from aimsi_ebay.ops.export import publishing
from aimsi_ebay.ops.export.criteria import ExportCriteria, sku_like  # noqa: F401  (re-exported)
from aimsi_ebay.ops.export.descriptions import render_descriptions
from aimsi_ebay.ops.export.history import (  # noqa: F401  (re-exported)
    BatchSummary,
    archived_file,
    batch_file,
    batch_rows,
    list_batches,
    write_batch_file,
)
from aimsi_ebay.ops.export.selection import (  # noqa: F401  (re-exported)
    SelectionRow,
    busiest_account,
    select_into,
    select_records,
)
from aimsi_ebay.ops.export.upload_rows import LINES_SQL, sent_view, write_rows

Progress = Callable[[int, int, str], None]  # (step, steps, label)


@dataclass(frozen=True)
class SkippedRow:
    sku: str
    reasons: list[str]


@dataclass
class ExportReport:
    account: str
    dry_run: bool
    test_mode: bool
    batch_id: int | None = None
    file: str | None = None
    exported: int = 0
    adds: int = 0
    revises: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    not_flagged: list[str] = field(default_factory=list)  # chosen SKUs no longer flagged/selected
    recovered: list[str] = field(default_factory=list)  # earlier batches published now
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def export_records(
    db: Database,
    account: str,
    criteria: ExportCriteria | None = None,
    *,
    skus: Sequence[str] | None = None,
    out: str | Path | None = None,
    test_mode: bool = False,
    dry_run: bool = False,
    info_row: bool = True,
    own_records_only: bool = False,
    progress: Progress | None = None,
) -> ExportReport:
    """Export the flagged records that ``criteria`` (and, if given, ``skus``) select, for ``account``.

    Rows that fail the listing rules are skipped and reported with their reasons. A real export
    records a batch with a snapshot of every row, clears Update eBay on exactly those rows (not
    in test mode, which writes VerifyAdd rows), commits, and then publishes the file to its
    archive (``exports/`` beside the database) and to ``out`` when given. A dry run writes
    ``out`` only if it is given and changes nothing in the database. ``own_records_only`` leaves
    out records whose default account is another one (records without one stay in).
    """
    criteria = criteria or ExportCriteria()
    target = publishing.check_out_path(out) if out is not None else None
    started = time.perf_counter()
    report = ExportReport(account=account, dry_run=dry_run, test_mode=test_mode)
    steps = 4 if dry_run else 6
    tick = (lambda step, label: progress(step, steps, label)) if progress else (lambda *_: None)
    with publishing.export_lock(db) as scratch:
        if not dry_run:
            report.recovered = publishing.recover(db, scratch)
        name = f"dry-{id(report)}" if dry_run else None
        staged: list[Path] = []
        committed: publishing.Unpublished | None = None
        prepared: Path | None = None  # the copy for ``out``, made while the batch is recorded
        preparing: Future[Path | None] | None = None
        try:
            # A thread beside the database's work (the file's hashing, flush and copy release
            # the GIL; one thread, not two: they contended with the COMMIT on two cores);
            # leaving this block waits for it, so the except below sees it done.
            with ThreadPoolExecutor(max_workers=1) as pool, \
                    (db.read() if dry_run else db.write()) as con:
                seller = _export_account(con, account)
                tick(1, "selecting and validating")
                rowids = db.postgres is None  # an attached PostgreSQL table has no rowid
                select_into(con, criteria, skus, copy=True, rowids=rowids,
                            own_account=seller.account_id if own_records_only else None)
                tick(2, "building the rows")
                con.execute(sent_view(test_mode, rowids))
                templated = render_descriptions(con, seller)  # a failed render skips a row
                _skipped(con, report, skus)
                report.exported, report.adds, report.revises = con.execute(
                    "SELECT count(*), count(*) FILTER (WHERE action = 'Add'),"
                    " count(*) FILTER (WHERE action = 'Revise') FROM export_sent"
                ).fetchone()
                if report.exported == 0 or (dry_run and target is None):
                    return _finish(report, started, tick, steps)
                now = datetime.now().replace(microsecond=0)
                if not dry_run:
                    report.batch_id = next_id(con, "seq_export_batch_id")
                    name = f"b{report.batch_id}"
                    _insert_batch(con, report, seller, criteria, now)
                tick(3, "writing the file")
                file = scratch / f"{name}.csv"
                staged.append(file)
                prelude = upload.prelude(
                    upload.UploadHeader(seller.site_id, seller.country, seller.currency),
                    info_row=info_row)
                write_rows(con, seller, file, templated=templated, prelude=prelude)
                if dry_run:  # a dry run's file is the operator's to keep
                    publishing.copy_atomically(file, target, tag=name)
                    report.file = str(target)
                    return _finish(report, started, tick, steps)
                tick(4, "recording the batch")
                archive = default_file(db, seller, report.batch_id, now, test_mode)
                published_to = None if target in (None, archive) else target
                # While the database records the rows, the file is hashed and flushed to disk
                # (needed before COMMIT), then its copy for ``out`` made and flushed (needed
                # before it is renamed over ``out``, after COMMIT).
                finishing = pool.submit(publishing.seal, file)
                if published_to is not None:
                    prepared = publishing.prepared_name(file)  # removed if anything fails
                    preparing = pool.submit(publishing.prepare, file, published_to)
                _record_rows(con, report, now, rowids)
                sha256 = finishing.result()
                committed = publishing.Unpublished(report.batch_id, archive, sha256, published_to)
                report.file = str(published_to or archive)
                _record_batch(con, report, criteria, committed)
                tick(5, "committing")
            prepared = preparing.result() if preparing else None
            publishing.publish(committed, scratch, prepared=prepared)
            tick(6, "done")
        except BaseException:
            if committed is None:  # nothing recorded: the scratch files are nobody's
                for path in staged:
                    path.unlink(missing_ok=True)
            if prepared is not None:  # publish() removes it too; a failed COMMIT leaves it
                prepared.unlink(missing_ok=True)
            raise
        finally:
            if dry_run:
                for path in staged:
                    path.unlink(missing_ok=True)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _skipped(con: duckdb.DuckDBPyConnection, report: ExportReport,
             skus: Sequence[str] | None) -> None:
    report.skipped = [
        SkippedRow(sku, list(errors)) for sku, errors in con.execute(
            "SELECT sku, errors FROM export_verdicts WHERE errors IS NOT NULL ORDER BY sku"
        ).fetchall()
    ]
    if skus is not None:
        report.not_flagged = [row[0] for row in con.execute(
            "SELECT sku FROM export_chosen EXCEPT SELECT sku FROM export_records ORDER BY sku"
        ).fetchall()]


def _insert_batch(con: duckdb.DuckDBPyConnection, report: ExportReport, seller: SellerAccount,
                  criteria: ExportCriteria, now: datetime) -> None:
    con.execute(
        "INSERT INTO export_batches (batch_id, account_id, criteria, file_name,"
        " test_mode, rows_exported, rows_skipped, created_at, created_by)"
        " VALUES (?, ?, ?, '', ?, ?, ?, ?, ?)",
        [report.batch_id, seller.account_id, json.dumps(criteria.as_json(), sort_keys=True),
         report.test_mode, report.exported, len(report.skipped), now, audit.current_user()],
    )


def _finish(report: ExportReport, started: float, tick: Callable[[int, str], None], steps: int) -> ExportReport:
    tick(steps, "done")
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _export_account(con: duckdb.DuckDBPyConnection, name: str) -> SellerAccount:
    seller = get_account(con, name)
    if not seller.active:
        raise InputError(f"seller account {name!r} is inactive", field="account")
    if not seller.item_location:
        raise InputError(f"seller account {name!r} has no item location (eBay's *Location)",
                         field="item_location")
    problems = export_problems(seller)  # eBay would reject every row: refuse the export
    if problems:
        raise InputError(f"seller account {name!r}: {'; '.join(problems)} — fix the account "
                         "(eBay export → Seller accounts) before exporting", field="account")
    return seller


def default_file(db: Database, seller: SellerAccount, batch_id: int | None, when: datetime,
                 test_mode: bool) -> Path:
    """``exports/ebay_upload_<account>_<YYYYmmdd-HHMMSS>_b<batch>[_verify].csv``: the archive."""
    suffix = "_verify" if test_mode else ""
    return config.exports_folder(db.path) / (
        f"ebay_upload_{seller.name}_{when:%Y%m%d-%H%M%S}_b{batch_id}{suffix}.csv")


def _record_rows(con: duckdb.DuckDBPyConnection, report: ExportReport, now: datetime,
                 rowids: bool = False) -> None:
    """A snapshot of every row sent; Update eBay cleared on exactly those rows (not in test mode).

    The snapshot and the flags are the last readers of the selection; it is dropped after them.
    With ``rowids`` (a DuckDB file) the flags are cleared on the sent records' rows by their
    row ids, read from the export's copy (stable within this transaction); otherwise on the
    SKUs the snapshot lists.
    """
    con.execute(LINES_SQL, {"batch": report.batch_id})
    if not report.test_mode:
        sent = ("rowid IN (SELECT record_rowid FROM export_sent)" if rowids else
                "sku IN (SELECT sku FROM export_lines WHERE batch_id = $batch)")
        con.execute(
            "UPDATE ebay_records SET update_ebay = FALSE, last_export_batch_id = $batch,"
            f" last_exported_at = $now, version = version + 1 WHERE update_ebay AND {sent}",
            {"batch": report.batch_id, "now": now},
        )
    con.execute("DROP VIEW export_sent")
    con.execute("DROP TABLE export_records")


def _record_batch(con: duckdb.DuckDBPyConnection, report: ExportReport, criteria: ExportCriteria,
                  file: publishing.Unpublished) -> None:
    """The batch's file: its name, archive, sha256 and where it is published; the audit entry."""
    name = (file.published_to or file.archive).name
    con.execute(
        "UPDATE export_batches SET file_name = ?, file_path = ?, file_sha256 = ?, published_to = ?"
        " WHERE batch_id = ?",
        [name, str(file.archive), file.sha256,
         str(file.published_to) if file.published_to else None, report.batch_id],
    )
    audit.record(con, "export", "export_batch", report.batch_id, after={
        "account": report.account, "criteria": criteria.as_json(), "file": name,
        "test_mode": report.test_mode, "exported": report.exported,
        "skipped": len(report.skipped),
    })
