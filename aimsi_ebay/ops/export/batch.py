"""The eBay export: select flagged records, validate them, write the upload file, record a batch.

Everything is set-based in one transaction: the selection is a view that reads the records with
the criteria as filters (no wide copies), the listing rules (``listing_rules.problems_sql``) run
over it in one query, DuckDB's COPY writes the file's rows, the batch keeps a snapshot of every
row, and one ``UPDATE`` clears Update eBay on exactly those rows. All or nothing: the file is
finished (temporary file, sha256, fsync, rename) before COMMIT, so a file that cannot be written
rolls the transaction back and clears nothing; a COMMIT that fails removes the file."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

from aimsi_ebay.db import Database, audit
from aimsi_ebay.db.ids import next_id
from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.formats.ebay import listing_upload as upload
from aimsi_ebay.ops.accounts import SellerAccount, export_problems, get_account
from aimsi_ebay.rules.money import money_str, to_money
from aimsi_ebay.sql.listing_checks import problems_sql

Progress = Callable[[int, int, str], None]  # (step, steps, label)


@dataclass(frozen=True)
class ExportCriteria:
    """Which flagged records to list; every criterion is optional and they combine with AND."""

    vendor: str | None = None
    department: str | None = None
    item_category: str | None = None
    ebay_category: str | None = None
    sku_pattern: str | None = None  # a prefix, or a pattern with * and ?
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    default_account: str | None = None
    not_exported_since: date | None = None  # last exported before this day, or never

    @classmethod
    def parse(cls, **raw: object) -> ExportCriteria:
        """Criteria from text as typed in the dashboard or on the command line."""
        unknown = set(raw) - set(cls.__dataclass_fields__)
        if unknown:
            raise InputError(f"unknown criteria: {', '.join(sorted(unknown))}")
        values: dict[str, object] = {}
        for name, value in raw.items():
            if isinstance(value, str):
                value = value.strip() or None
            values[name] = value
        for name in ("min_price", "max_price"):
            if values.get(name) is not None and not isinstance(values[name], Decimal):
                values[name] = to_money(values[name], field=name)
        since = values.get("not_exported_since")
        if isinstance(since, str):
            try:
                values["not_exported_since"] = date.fromisoformat(since)
            except ValueError:
                raise InputError(f"{since!r} is not a date like 2026-11-01",
                                 field="not_exported_since") from None
        criteria = cls(**values)  # type: ignore[arg-type]
        if criteria.min_price is not None and criteria.max_price is not None \
                and criteria.min_price > criteria.max_price:
            raise InputError(f"minimum price {criteria.min_price} is above the maximum "
                             f"{criteria.max_price}", field="min_price")
        return criteria

    def as_json(self) -> dict[str, str]:
        """The criteria that are set, as text (stored with the batch)."""
        return {name: str(value) for name, value in asdict(self).items() if value is not None}

    def uses_items(self) -> bool:
        return any(v is not None for v in (self.vendor, self.department, self.item_category))

    def values_sql(self, own_account: int | None = None) -> tuple[str, list[object]]:
        """A one-row SELECT of the criteria as typed columns, and its parameters.

        The selection is a view (views take no parameters), so the values live in a one-row
        table ``c`` that ``where`` compares against. ``own_account`` is the exporting account
        when records of other accounts are left out.
        """
        values: dict[str, tuple[str, object]] = {
            "vendor": ("VARCHAR", self.vendor),
            "department": ("VARCHAR", self.department),
            "item_category": ("VARCHAR", self.item_category),
            "ebay_category": ("VARCHAR", self.ebay_category),
            "sku_like": ("VARCHAR", sku_like(self.sku_pattern) if self.sku_pattern else None),
            "min_price": ("DECIMAL(12,2)", money_str(self.min_price) if self.min_price is not None else None),
            "max_price": ("DECIMAL(12,2)", money_str(self.max_price) if self.max_price is not None else None),
            "default_account": ("VARCHAR", self.default_account),
            "not_exported_since": ("DATE", self.not_exported_since.isoformat()
                                   if self.not_exported_since is not None else None),
            "own_account": ("BIGINT", own_account),
        }
        sql = ", ".join(f"CAST(? AS {kind}) AS {name}" for name, (kind, _) in values.items())
        return f"SELECT {sql}", [value for _, value in values.values()]

    def where(self, *, own_account_only: bool = False) -> str:
        """SQL conditions over r (ebay_records), i (items), da (default account), c (the values);
        ``own_account_only`` leaves out records whose default account is not ``c.own_account``."""
        conditions = ["r.update_ebay"]
        if own_account_only:
            conditions.append("coalesce(r.account_id = c.own_account, TRUE)")
        for column, value, name in (("i.vendor", self.vendor, "vendor"),
                                    ("i.department", self.department, "department"),
                                    ("i.category", self.item_category, "item_category")):
            if value is not None:
                conditions.append(f"lower({column}) = lower(c.{name})")
        if self.ebay_category is not None:
            conditions.append("(r.category1_id = c.ebay_category OR r.category2_id = c.ebay_category)")
        if self.sku_pattern is not None:
            conditions.append("r.sku ILIKE c.sku_like ESCAPE '\\'")
        if self.min_price is not None:
            conditions.append("r.start_price >= c.min_price")
        if self.max_price is not None:
            conditions.append("r.start_price <= c.max_price")
        if self.default_account is not None:
            conditions.append("da.name = c.default_account")
        if self.not_exported_since is not None:
            conditions.append("(r.last_exported_at IS NULL OR r.last_exported_at < c.not_exported_since)")
        return " AND ".join(conditions)


def sku_like(pattern: str) -> str:
    """A LIKE pattern: ``*`` and ``?`` are wildcards; without them the text is a prefix."""
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if "*" in pattern or "?" in pattern:
        return escaped.replace("*", "%").replace("?", "_")
    return escaped + "%"


@dataclass(frozen=True)
class SelectionRow:
    """One flagged record as the export grid shows it."""

    sku: str
    title: str
    vendor: str | None
    department: str | None
    item_category: str | None
    ebay_category: str | None
    start_price: Decimal | None
    listing_format: str
    action: str  # Add or Revise
    ebay_item_id: str | None
    default_account: str | None
    last_exported_at: datetime | None
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    account_mismatch: bool

    @property
    def valid(self) -> bool:
        return not self.errors


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
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class BatchSummary:
    batch_id: int
    account: str
    file_name: str
    test_mode: bool
    rows_exported: int
    rows_skipped: int
    created_at: datetime
    created_by: str
    criteria: dict[str, str]


# -- selection and validation ---------------------------------------------------------------

def _select(con: duckdb.DuckDBPyConnection, criteria: ExportCriteria,
            skus: Sequence[str] | None, *, details: bool = False,
            own_account: int | None = None) -> None:
    """Temporary relations for the flagged records that ``criteria`` (and ``skus``) pick.

    ``export_records`` is a view of those records (with vendor, department, item category and
    default account name when ``details``): it reads the table with the criteria as filters, so
    the wide description and the pictures are read for the picked rows only and never copied.
    It is valid until Update eBay is cleared, so ``_record_rows`` reads it last and drops it.
    ``export_verdicts`` holds the errors and warnings of each record with problems.
    """
    values, params = criteria.values_sql(own_account)
    con.execute(f"CREATE OR REPLACE TEMP TABLE export_criteria AS {values}", params)
    where = criteria.where(own_account_only=own_account is not None)
    if skus is not None:
        con.register("export_chosen", pd.DataFrame({"sku": pd.Series(list(skus), dtype=object)}))
        where += " AND r.sku IN (SELECT sku FROM export_chosen)"
    items = details or criteria.uses_items()
    account = details or criteria.default_account is not None
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW export_records AS
        SELECT r.*{", i.vendor, i.department, i.category AS item_category" if items else ""}
               {", da.name AS default_account" if account else ""}
        FROM ebay_records r CROSS JOIN export_criteria c
        {"LEFT JOIN skus s ON s.sku = r.sku LEFT JOIN items i ON i.item_id = s.item_id" if items else ""}
        {"LEFT JOIN seller_accounts da ON da.account_id = r.account_id" if account else ""}
        WHERE {where}"""
    )
    # The listing rules, once, over the whole selection; one line per record with problems.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE export_verdicts AS
        SELECT sku,
            list(field || ': ' || message ORDER BY field, message) FILTER (WHERE severity = 'error') AS errors,
            list(field || ': ' || message ORDER BY field, message) FILTER (WHERE severity = 'warning') AS warnings
        FROM ({problems_sql("export_records")}) GROUP BY sku"""
    )


def select_records(db: Database, criteria: ExportCriteria, account: str | None = None) -> list[SelectionRow]:
    """The flagged records matching ``criteria``, each with its validation and account mark."""
    with db.read() as con:
        account_id = get_account(con, account).account_id if account else None
        _select(con, criteria, None, details=True)
        rows = con.execute(
            """SELECT e.sku, e.title, e.vendor, e.department, e.item_category, e.category1_id,
                e.start_price, e.listing_format,
                CASE WHEN nullif(trim(e.ebay_item_id), '') IS NULL THEN 'Add' ELSE 'Revise' END,
                e.ebay_item_id, e.default_account, e.last_exported_at,
                coalesce(v.errors, []), coalesce(v.warnings, []),
                coalesce(e.account_id <> ?, FALSE)
            FROM export_records e LEFT JOIN export_verdicts v USING (sku) ORDER BY e.sku""",
            [account_id],
        ).fetchall()
    return [SelectionRow(*row[:12], tuple(row[12]), tuple(row[13]), row[14]) for row in rows]


# -- the export -----------------------------------------------------------------------------

# What is sent for each record, natively typed: the upload file's rows and the batch snapshot
# both read these values from the ``export_sent`` view.
_SENT_VALUES = {
    "category1_id": "r.category1_id",
    "category2_id": "nullif(r.category2_id, '')",
    "title": "r.title",
    "subtitle": "nullif(r.subtitle, '')",
    "condition_id": "r.condition_id",
    "listing_format": "r.listing_format",
    "duration": f"CASE WHEN r.listing_format = 'FixedPrice' THEN '{upload.FIXED_PRICE_DURATION}'"
                " ELSE r.duration END",
    "start_price": "r.start_price",
    "buy_it_now_price": "CASE WHEN r.listing_format = 'Auction' THEN r.buy_it_now_price END",
    "reserve_price": "CASE WHEN r.listing_format = 'Auction' THEN r.reserve_price END",
    "quantity": "r.quantity",
}
_LISTED_ID = "nullif(trim(r.ebay_item_id), '')"


def _sent_view(test_mode: bool) -> str:
    """``export_sent``: the picked records that pass the rules, with their action and values.

    A view, not a copy: the file and the snapshot each read it once, description included only
    where the file needs it.
    """
    action = (f"'{upload.VERIFY_ADD}'" if test_mode else
              f"CASE WHEN {_LISTED_ID} IS NULL THEN '{upload.ADD}' ELSE '{upload.REVISE}' END")
    return f"""
    CREATE OR REPLACE TEMP VIEW export_sent AS
    SELECT r.sku, {action} AS action, {"NULL" if test_mode else _LISTED_ID} AS item_id,
        r.ebay_item_id AS record_item_id,
        {", ".join(f"{expression} AS {name}" for name, expression in _SENT_VALUES.items())},
        r.description, r.image_urls, r.specific_brand, r.specific_model, r.specific_mpn,
        r.specific_colour, r.specific_upc
    FROM export_records r
    ANTI JOIN (SELECT sku FROM export_verdicts WHERE errors IS NOT NULL) bad ON bad.sku = r.sku
    """


def _text(column: str) -> str:
    return f"CAST(s.{column} AS VARCHAR)"


# The file's rows, in upload.COLUMNS order after the action; all text (money keeps 2 places).
# Not sorted: rows come in the records' stored order.
_ROWS_SQL = f"""
SELECT s.action, s.item_id, s.sku, {_text("category1_id")}, {_text("category2_id")}, s.title,
    s.subtitle, {_text("condition_id")}, s.description,
    nullif(array_to_string(s.image_urls, '{upload.PICTURE_SEPARATOR}'), ''), s.listing_format, s.duration,
    {_text("start_price")}, {_text("buy_it_now_price")}, {_text("reserve_price")},
    {_text("quantity")}, $location, $postal_code, $dispatch, $shipping, $returns, $payment,
    s.specific_brand, s.specific_model, s.specific_mpn, s.specific_colour, s.specific_upc
FROM export_sent s
"""

# A row's snapshot: what sales and fees are reconciled against (the prices and quantity sent);
# every other value is verbatim in the archived, sha256-checked file (``batch_rows``).
_SNAPSHOT = ("start_price", "buy_it_now_price", "reserve_price", "quantity")
_LINES_SQL = f"""
INSERT INTO export_lines (batch_id, sku, action, ebay_item_id, {", ".join(_SNAPSHOT)}, pictures)
SELECT $batch, s.sku, s.action, s.record_item_id, {", ".join(f"s.{name}" for name in _SNAPSHOT)},
    len(s.image_urls)
FROM export_sent s
"""


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
    writes ``out`` (default: ``exports/`` beside the database), records a batch with a snapshot of
    every row, and clears Update eBay on exactly those rows; test mode (VerifyAdd) records the
    batch but leaves the flags set. A dry run writes ``out`` only if it is given and changes
    nothing in the database. ``own_records_only`` leaves out records whose default account is
    another one (records without a default account stay in).
    """
    criteria = criteria or ExportCriteria()
    started = time.perf_counter()
    report = ExportReport(account=account, dry_run=dry_run, test_mode=test_mode)
    steps = 4 if dry_run else 6
    tick = (lambda step, label: progress(step, steps, label)) if progress else (lambda *_: None)
    written: Path | None = None
    archived: Path | None = None
    try:
        with (db.read() if dry_run else db.write()) as con:
            seller = _export_account(con, account)
            tick(1, "selecting and validating")
            _select(con, criteria, skus, own_account=seller.account_id if own_records_only else None)
            report.skipped = [
                SkippedRow(sku, list(errors)) for sku, errors in con.execute(
                    "SELECT sku, errors FROM export_verdicts WHERE errors IS NOT NULL ORDER BY sku"
                ).fetchall()
            ]
            if skus is not None:
                report.not_flagged = [row[0] for row in con.execute(
                    "SELECT sku FROM export_chosen EXCEPT SELECT sku FROM export_records ORDER BY sku"
                ).fetchall()]
            tick(2, "building the rows")
            con.execute(_sent_view(test_mode))
            report.exported, report.adds, report.revises = con.execute(
                "SELECT count(*), count(*) FILTER (WHERE action = 'Add'),"
                " count(*) FILTER (WHERE action = 'Revise') FROM export_sent"
            ).fetchone()
            if report.exported == 0:
                return _finish(report, started, tick, steps)
            now = datetime.now().replace(microsecond=0)
            if not dry_run:
                report.batch_id = next_id(con, "seq_export_batch_id")
                con.execute(
                    "INSERT INTO export_batches (batch_id, account_id, criteria, file_name,"
                    " test_mode, rows_exported, rows_skipped, created_at, created_by)"
                    " VALUES (?, ?, ?, '', ?, ?, ?, ?, ?)",
                    [report.batch_id, seller.account_id,
                     json.dumps(criteria.as_json(), sort_keys=True), test_mode,
                     report.exported, len(report.skipped), now, audit.current_user()],
                )
            target = Path(out) if out is not None else (
                None if dry_run else default_file(db, seller, report.batch_id, now, test_mode))
            if target is None:
                return _finish(report, started, tick, steps)
            tick(3, "writing the file")
            with tempfile.TemporaryDirectory(prefix="aimsi-export-") as scratch:
                body = _write_rows(con, seller, Path(scratch) / "rows.csv")
                prelude = upload.prelude(
                    upload.UploadHeader(seller.site_id, seller.country, seller.currency),
                    info_row=info_row)
                if dry_run:  # a dry run's file is the operator's to keep
                    report.file = str(upload.write_upload(target, prelude, body)[0])
                    return _finish(report, started, tick, steps)
                tick(4, "recording the batch")
                # The file is assembled, hashed and flushed to disk (a thread; I/O and hashing
                # release the GIL) while the database records the rows; both finish before COMMIT.
                with ThreadPoolExecutor(max_workers=1) as pool:
                    finishing = pool.submit(upload.write_upload, target, prelude, body)
                    try:
                        _record_rows(con, report, now)
                    finally:
                        written, sha256 = _settled(finishing)
                written, sha256 = finishing.result()
            report.file = str(written)
            archived = _archive(written, default_file(db, seller, report.batch_id, now, test_mode))
            _record_batch(con, report, criteria, written, archived, sha256)
            tick(5, "committing")
        tick(6, "done")
    except BaseException:
        for path in {written, archived} - {None}:
            path.unlink(missing_ok=True)
        raise
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _settled(finishing: Future[tuple[Path, str]]) -> tuple[Path | None, str | None]:
    """Wait for the file; its path and sha256, or (None, None) when it could not be written."""
    wait([finishing])
    return finishing.result() if finishing.exception() is None else (None, None)


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
    """``exports/ebay_upload_<account>_<YYYYmmdd-HHMMSS>_b<batch>[_verify].csv`` beside the database."""
    suffix = "_verify" if test_mode else ""
    return db.path.parent / "exports" / (
        f"ebay_upload_{seller.name}_{when:%Y%m%d-%H%M%S}_b{batch_id}{suffix}.csv")


def _write_rows(con: duckdb.DuckDBPyConnection, seller: SellerAccount, body: Path) -> Path:
    """DuckDB writes the file's rows (RFC 4180, no header) to ``body``."""
    defaults = {
        "location": seller.item_location, "postal_code": seller.postal_code,
        "dispatch": str(seller.dispatch_days), "shipping": seller.shipping_profile,
        "returns": seller.return_profile, "payment": seller.payment_profile,
    }
    quoted = str(body).replace("'", "''")  # a scratch path of ours, not user text
    con.execute(f"COPY ({_ROWS_SQL}) TO '{quoted}' (FORMAT csv, HEADER false, QUOTE '\"',"
                " ESCAPE '\"')", defaults)
    return body


def _record_rows(con: duckdb.DuckDBPyConnection, report: ExportReport, now: datetime) -> None:
    """A snapshot of every row sent; Update eBay cleared on exactly those rows (not in test mode).

    The snapshot is the last reader of the selection views; they are dropped before the flags
    change under them.
    """
    con.execute(_LINES_SQL, {"batch": report.batch_id})
    con.execute("DROP VIEW export_sent")
    con.execute("DROP VIEW export_records")
    if not report.test_mode:
        con.execute(
            "UPDATE ebay_records SET update_ebay = FALSE, last_export_batch_id = $batch,"
            " last_exported_at = $now, version = version + 1"
            " WHERE update_ebay AND sku IN (SELECT sku FROM export_lines WHERE batch_id = $batch)",
            {"batch": report.batch_id, "now": now},
        )


def _record_batch(con: duckdb.DuckDBPyConnection, report: ExportReport, criteria: ExportCriteria,
                  written: Path, archived: Path, sha256: str) -> None:
    """The batch's file: its name, the archived copy and its sha256; the audit entry."""
    con.execute(
        "UPDATE export_batches SET file_name = ?, file_path = ?, file_sha256 = ? WHERE batch_id = ?",
        [written.name, str(archived), sha256, report.batch_id],
    )
    audit.record(con, "export", "export_batch", report.batch_id, after={
        "account": report.account, "criteria": criteria.as_json(), "file": written.name,
        "test_mode": report.test_mode, "exported": report.exported,
        "skipped": len(report.skipped),
    })


def _archive(written: Path, archived: Path) -> Path:
    """Keep the batch's file in the archive folder beside the database (a hard link when it can)."""
    if written.resolve() == archived.resolve():
        return archived
    archived.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(written, archived)
    except OSError:
        shutil.copyfile(written, archived)
    return archived


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def busiest_account(db: Database) -> str | None:
    """The active account that most records flagged Update eBay have as their default."""
    with db.read() as con:
        row = con.execute(
            "SELECT a.name FROM ebay_records r JOIN seller_accounts a ON a.account_id = r.account_id"
            " WHERE r.update_ebay AND a.active GROUP BY a.name ORDER BY count(*) DESC, a.name LIMIT 1"
        ).fetchone()
    return row[0] if row else None


# -- history --------------------------------------------------------------------------------

def list_batches(db: Database, *, limit: int = 100) -> list[BatchSummary]:
    """The most recent export batches, newest first."""
    with db.read() as con:
        rows = con.execute(
            "SELECT b.batch_id, a.name, b.file_name, b.test_mode, b.rows_exported, b.rows_skipped,"
            " b.created_at, b.created_by, b.criteria FROM export_batches b"
            " LEFT JOIN seller_accounts a ON a.account_id = b.account_id"
            " ORDER BY b.batch_id DESC LIMIT ?",
            [limit],
        ).fetchall()
    return [BatchSummary(*row[:8], json.loads(row[8] or "{}")) for row in rows]


def batch_rows(db: Database, batch_id: int) -> pd.DataFrame:
    """Every row of a past batch exactly as sent (text, one column per upload column), from its file."""
    _, content = batch_file(db, batch_id)
    parsed = upload.read_upload(content)
    return pd.DataFrame(parsed.rows, columns=["Action", *upload.COLUMNS], dtype=object)


def batch_file(db: Database, batch_id: int) -> tuple[str, str]:
    """(file name, content) of a past batch, exactly as it was written (checked by sha256)."""
    name, path = _checked_file(db, batch_id)
    return name, path.read_text(encoding="utf-8")


def archived_file(db: Database, batch_id: int) -> Path:
    """The archived file of a past batch, checked by sha256 (the dashboard serves it as a file
    rather than reading it into the page)."""
    return _checked_file(db, batch_id)[1]


def _checked_file(db: Database, batch_id: int) -> tuple[str, Path]:
    with db.read() as con:
        row = con.execute(
            "SELECT file_name, file_path, file_sha256 FROM export_batches WHERE batch_id = ?",
            [batch_id],
        ).fetchone()
    if row is None or row[1] is None:
        raise NotFoundError("export batch", batch_id)
    name, path, expected = row[0], Path(row[1]), row[2]
    if not path.exists():
        raise InputError(f"export batch {batch_id}: its archived file {path} is missing")
    if _sha256(path) != expected:
        raise InputError(f"export batch {batch_id}: {path} was changed after the export "
                         "(sha256 differs); it is not the file that was sent")
    return name, path
