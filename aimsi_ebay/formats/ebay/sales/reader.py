"""Read an eBay sales download (FORMATS.md §1) into sales, one per eBay order, and an account of
every row.

By header name, case-insensitively, tolerating a UTF-8 BOM, Windows-1252, blank lines and a row
of commas before the header, eBay's footers after the data and missing optional columns. The
rows below the header are split by DuckDB where it is bound to split them as Python's ``csv``
would (:mod:`duckdb_splitter`), else by Python (:mod:`python_splitter`); :mod:`pipeline` then
groups them into sales. A malformed row or sale becomes a :class:`Rejection` naming the file's
own row number and the field; the rest of the file is still read. Pure: no database.

Where the real files disagree with FORMATS.md (the real downloads the tests read, with their quirks listed in SOURCES.md), the files win:
eBay's footers are padded to the header's full width; ``Sold For`` is the unit price on every
row; old orders mask the buyer's name, address and phone as ``--``; a report may repeat one row
byte for byte; the ``PayPal Transaction ID`` column holds seller-level codes (``420004_S``), so
it is kept as a memo and never used as a deposit reference.
"""

from __future__ import annotations

import csv
import hashlib
import threading
from pathlib import Path

import duckdb

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.ebay.sales.duckdb_splitter import split_fast
from aimsi_ebay.formats.ebay.sales.layouts import (
    FORMATS,
    LAYOUTS,
    TRANSACTION_REPORT_HINT,
    identify_header,
    is_transaction_report_header,
    resolve,
)
from aimsi_ebay.formats.ebay.sales.model import SalesFile
from aimsi_ebay.formats.ebay.sales.pipeline import Grouped, group_sales
from aimsi_ebay.formats.ebay.sales.python_splitter import Split, split_python
from aimsi_ebay.formats.ebay.sales.text import decode, lines
from aimsi_ebay.formats.input_limits import check_sales_text, find_sales_header, sales_text

_HEADER_WITHIN = 20  # the header is among the first rows that have anything in them
_SNIFF_BYTES = 64 * 1024


def leading_header(data: bytes) -> str | None:
    """The eBay layout whose header is the download's first row with anything in it (read from
    its first 64 KB), else None. Such a file is this reader's, and the reader puts its rows
    through the input guard itself (cheaply, as it splits them)."""
    text = data[:_SNIFF_BYTES].decode("utf-8-sig", errors="ignore")
    try:
        for row in csv.reader(lines(text)):
            if any(cell.strip() for cell in row):
                return identify_header(row)
    except csv.Error:
        return None
    return None


def read_sales(path: str | Path, fmt: str = "auto", *, name: str | None = None) -> SalesFile:
    """Read an eBay sales download into sales (one per eBay order) and rejections."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    return read_sales_bytes(data, name or path.name, fmt, path=path)


def read_sales_bytes(
    data: bytes, file_name: str, fmt: str = "auto", *, path: Path | None = None
) -> SalesFile:
    """Read a download given as bytes (``path``: the same bytes on disk, if they are)."""
    if fmt not in ("auto", *FORMATS):
        raise InputError(
            f"unknown format {fmt!r}; expected auto, {', '.join(FORMATS)}", file=file_name
        )
    digest: list[str] = []  # hashed beside the reading (hashlib lets go of the GIL)
    hashing = threading.Thread(target=lambda: digest.append(hashlib.sha256(data).hexdigest()))
    hashing.start()
    try:
        kind, split, grouped = _read(data, file_name, fmt, path)
    finally:
        hashing.join()
    return SalesFile(
        kind,
        file_name,
        digest[0],
        split.rows_read,
        grouped.sales.num_rows,
        sorted(split.rejections + grouped.rejections, key=lambda r: (r.row or 0, r.field or "")),
        grouped.sales,
        grouped.lines,
        sale_rows=grouped.sale_rows,
        footer_rows=split.footer_rows + grouped.footer_rows,
        rejected_rows=len(split.rejections) + grouped.rejected_rows,
        duplicates=grouped.duplicates,
    )


def _read(data: bytes, file_name: str, fmt: str, path: Path | None) -> tuple[str, Split, Grouped]:
    """The layout, the split rows and the sales. The input guard (``formats.input_limits``)
    checks the bytes and the rows up to its header first, then each row below as it is split
    (set-based on the fast path), so a file it refuses is refused here as by the guard."""
    utf8_text = sales_text(data, file_name)
    guard = find_sales_header(csv.reader(lines(utf8_text)), file_name) if utf8_text is not None else None
    text, utf8 = (utf8_text, True) if utf8_text is not None else (decode(data), False)
    reader = csv.reader(lines(text))
    header, kind, header_row = None, None, 0
    line = seen = 0
    for row in reader:
        start, line, seen = line + 1, reader.line_num, seen + 1
        if not any(cell.strip() for cell in row):
            continue
        kind = identify_header(row)
        if not kind and is_transaction_report_header(row):
            raise InputError(TRANSACTION_REPORT_HINT, file=file_name, row=start)
        if kind or start > _HEADER_WITHIN:
            header, header_row = row, start
            break
    if not kind or header is None:
        raise InputError(
            "no eBay sales header (Seller Hub Orders report or legacy Sold download) "
            "in the first rows",
            file=file_name,
        )
    if fmt != "auto" and fmt != kind:
        raise InputError(f"the header is that of {kind}, not {fmt}", file=file_name, row=header_row)
    layout = LAYOUTS[kind]
    positions = resolve(layout, header)
    for column in layout.columns:
        if column.required and column.field not in positions:
            raise InputError(
                "required column missing", file=file_name, row=header_row, field=column.names[0]
            )
    if guard is not None and guard.row != header_row:  # the guard's header is another row
        guard = None  # (odd): the guard reads the whole file its own way
        check_sales_text(data, file_name)
    fields = [column.field for column in layout.columns if column.field in positions]
    width = len(header)
    labels = {
        column.field: header[positions[column.field]].replace("\ufeff", "").strip()
        if column.field in positions
        else column.names[0]
        for column in layout.columns
    }
    con = duckdb.connect()  # in memory: the rows, then the rules as SQL
    try:
        # One thread, but for the scans of the file (duckdb_splitter.SCAN_THREADS): on two, the
        # statements over the rows took ~40 % more CPU (their rows are few for DuckDB, the
        # statements many) and as long or longer on the clock on this two-core machine.
        con.execute("SET threads TO 1")
        con.execute("SET preserve_insertion_order = true")
        split = None
        if utf8 and seen == line:  # one line per row up to the header: DuckDB may read the rest
            split = split_fast(con, data, path, header_row, width, positions, fields, guard)
        if split is None:
            split = split_python(con, reader, line, width, fields, positions, guard)
        return kind, split, group_sales(con, fields, labels)
    finally:
        con.close()
