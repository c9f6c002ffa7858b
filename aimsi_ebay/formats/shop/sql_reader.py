"""Read a shop export straight into staged sales, set-based (issue 17's speed): DuckDB splits the
rows (``splitting.py``) and ``pipeline.py`` applies the reader's and ``as_sales.py``'s rules in
SQL. Only the orders SQL calls suspect — every order the Python reader rejects, and a few odd
texts — go through that reader (``column_map.OrderReader``) and ``as_sales.Staged``, so every
rejection is worded, and every odd order staged, exactly as before. The result equals
``to_sales_file(read_mapped(...))`` (tested on the golden files and generated ones).
"""

from __future__ import annotations

import csv
import hashlib
import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.ebay.sales.model import Rejection as SalesRejection
from aimsi_ebay.formats.shop import pipeline, sales_sql
from aimsi_ebay.formats.shop.as_sales import (
    LINES_SCHEMA,
    SALES_SCHEMA,
    ShopSalesFile,
    Staged,
)
from aimsi_ebay.formats.shop.column_map import (
    ColumnMap,
    OrderReader,
    header_positions,
    read_order,
    tax_columns,
)
from aimsi_ebay.formats.shop.guard import check_split, check_text, shop_guard
from aimsi_ebay.formats.shop.orders import ShopOrder, decode, parse_date
from aimsi_ebay.formats.shop.splitting import Split, split_fast, split_python


def read_shop_sales(
    file_name: str,
    data: bytes,
    column_map: ColumnMap,
    *,
    fmt: str | None = None,
    currency: str | None = None,
    path: Path | None = None,
    guard: bool = False,
    party_keys: PartyKeys | None = None,
) -> ShopSalesFile:
    """The export as staged sales (``path``: the same bytes on disk, if they are).

    ``guard``: behind the input guard (``shop/guard.py``), as the import reads: a quantity or
    amount beyond its limit, a quote left open, refuse the whole file (``LimitExceeded``). The
    reader alone turns an over-large number into its order's rejection, as the Python reader does.

    ``party_keys``: the staging's key tables, made beside the reader's checks (on the second
    core, outside the import's write lock) from ``sale_parties``; given to the file as
    ``party_keys`` when they cover every sale (none read by Python).
    """
    digest: list[str] = []  # hashed beside the reading (hashlib lets go of the GIL)
    hashing = threading.Thread(target=lambda: digest.append(hashlib.sha256(data).hexdigest()))
    hashing.start()
    try:
        return _read(file_name, data, column_map, fmt, currency, path, digest, hashing, guard,
                     party_keys)  # fmt: skip
    finally:
        hashing.join()


def _read(file_name, data, column_map, fmt, currency, path, digest, hashing,
          guard, party_keys) -> ShopSalesFile:  # fmt: skip
    # An ASCII file is UTF-8: only its first rows are decoded here (DuckDB reads the rest).
    text, utf8 = (None, True) if data.isascii() else _decoded(data)
    if text is None and len(data) > _PREFIX_BYTES:
        header, header_row, one_line_each = _header(_prefix(data), whole=False)
        if header is None:  # not found in the first part: decode it all
            text = data.decode("utf-8-sig")
    if text is not None or len(data) <= _PREFIX_BYTES:
        text = text if text is not None else data.decode("utf-8-sig")
        header, header_row, one_line_each = _header(text, whole=True)
    if header is None:
        raise InputError("the file is empty", file=file_name)
    positions = header_positions(file_name, header, column_map)
    taxes = tax_columns(header)
    picked = sorted({i for where in positions.values() for i in where}
                    | {i for name_at, value_at, _ in taxes for i in (name_at, value_at)})  # fmt: skip
    reader = OrderReader(column_map, positions, taxes, header)
    # A file that is not UTF-8 is not guarded row by row (as ``input_limits`` does).
    limits = shop_guard(file_name, header, header_row, positions, taxes, column_map)
    limits = limits if guard and utf8 else None
    con = duckdb.connect()
    try:
        # One DuckDB thread a statement: the file's two scans run side by side (``split_fast``),
        # and the rest are small statements, which two threads ran at twice the CPU for little
        # or no time gained (none on this two-core machine beside other work).
        con.execute("SET threads TO 1")
        con.execute("SET preserve_insertion_order = true")
        split = None
        if utf8 and one_line_each:
            split = split_fast(con, data, path, header_row, len(header), picked)
            if split is not None and limits is not None:
                check_split(con, limits, split.long_lines, split.lines_total)
        if split is None:
            text = text or decode(data)
            if limits is not None:
                check_text(limits, text, header_row)
            records = enumerate(csv.reader(io.StringIO(text)), 1)
            for number, _ in records:  # the rows up to the header
                if number == header_row:
                    break
            split = split_python(con, file_name, records, len(header), picked)
        staged = _stage(con, file_name, column_map, positions, taxes, reader, split, currency,
                        len(header), picked, party_keys)  # fmt: skip
    finally:
        con.close()
    hashing.join()
    return ShopSalesFile(
        format=fmt or f"map:{column_map.name}",
        file_name=file_name,
        sha256=digest[0],
        rows_read=split.rows_read,
        sales_count=staged.sales.num_rows,
        rejections=staged.rejections,
        sales_table=staged.sales,
        lines_table=staged.lines,
        sale_rows=staged.sale_rows,
        rejected_rows=split.rows_read - staged.sale_rows,
        cancelled_orders=staged.cancelled,
        party_keys=staged.party_keys,
    )


_PREFIX_BYTES = 64 * 1024


def _decoded(data: bytes) -> tuple[str, bool]:
    """The text, and whether it is UTF-8 (else the shop reader's fallback decoding)."""
    try:
        return data.decode("utf-8-sig"), True
    except UnicodeDecodeError:
        return decode(data), False


def _prefix(data: bytes) -> str:
    """The first lines of an ASCII file (whole lines: up to the last line feed in them)."""
    cut = data.rfind(b"\n", 0, _PREFIX_BYTES)
    return data[: cut + 1].decode("ascii") if cut >= 0 else ""


def _header(text: str, *, whole: bool) -> tuple[list[str] | None, int, bool]:
    """The first row with anything in it, its record number, and whether no record up to it
    spans lines. When ``text`` is only the file's first part (not ``whole``), None unless
    another record follows the header (else the header may be cut short)."""
    reader = csv.reader(io.StringIO(text))
    header, number, one_line_each = None, 0, False
    try:
        for number, row in enumerate(reader, 1):
            if header is not None:
                return header, number - 1, one_line_each
            if any(cell.strip() for cell in row):
                header, one_line_each = row, reader.line_num == number
    except csv.Error:
        if whole:
            raise
        return None, 0, False
    return (header, number, one_line_each) if whole else (None, 0, False)


@dataclass
class _Result:
    """The staged sales and lines, the rejections, the cancelled orders and the rows in sales."""

    sales: pa.Table | None = None
    lines: pa.Table | None = None
    rejections: list[SalesRejection] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    sale_rows: int = 0
    python_sales: int = 0  # of them read and staged by Python
    party_keys: dict[str, pa.Table] | None = None


# What makes the staging's key tables from a relation of the sales' keyed columns (a cursor of
# the reader's DuckDB, the relation's name): ``ops.sales.sale_keys.party_key_tables``.
PartyKeys = Callable[[duckdb.DuckDBPyConnection, str], dict[str, pa.Table]]


def _stage(con, file_name, column_map, positions, taxes, reader, split: Split, currency,
           width, picked, party_keys: PartyKeys | None) -> _Result:  # fmt: skip
    pipeline.build_rows(con, positions, taxes)

    def texts(cursor: duckdb.DuckDBPyConnection) -> None:  # beside the orders: its own scans
        pipeline.build_money(cursor, column_map, positions, len(taxes))
        pipeline.build_dates(cursor, column_map, positions, lambda text: _day(text, column_map))

    pipeline.side_by_side(con, lambda con: pipeline.build_orders(con, positions, taxes), texts)
    pipeline.build_values(con, len(taxes))

    def settle(con: duckdb.DuckDBPyConnection) -> _Result:
        return _settle(con, file_name, column_map, positions, taxes, reader, split, currency,
                       width, picked)  # fmt: skip

    if party_keys is None:
        return settle(con)
    # The parties' keys beside the checks and the suspect orders (on the idle core).
    sales_sql.build_parties(con)
    result, keys = pipeline.side_by_side(
        con, settle, lambda cursor: party_keys(cursor, "sale_parties")
    )
    # Python's sales may hold values the rows' do not (its own reading): keyed in staging.
    result.party_keys = keys if result.python_sales == 0 else None
    return result


def _settle(con, file_name, column_map, positions, taxes, reader, split: Split, currency,
            width, picked) -> _Result:  # fmt: skip
    """The orders checked and settled: the sales and lines (SQL's and Python's), rejections."""
    pipeline.build_checked(con, column_map, positions)
    sales_sql.build_sales(con, currency)
    result = _Result()
    rejections = [SalesRejection(r.row, r.field, r.reason) for r in split.rejections]
    name_header = column_map.headers_by_field()["name"][0]
    rejections += [
        SalesRejection(row, name_header, "no order name")
        for (row,) in con.execute(
            f"SELECT row_no FROM shop_rows WHERE {pipeline.q('name')} = '' ORDER BY row_no"
        ).fetchall()
    ]
    # The suspect orders: read and staged by Python, from their rows' cells.
    staged = Staged()
    suspect_rows: dict[str, list[tuple[int, list[str]]]] = {}
    cells = ", ".join(f"r.c{i}" for i in picked)
    for key, number, *values in con.execute(
        f"SELECT s.{pipeline.q('name')}, r.row_no, {cells} FROM raw r"
        " JOIN shop_rows s ON s.row_no = r.row_no"
        f" WHERE s.{pipeline.q('name')} IN (SELECT gkey FROM shop_checked WHERE suspect)"
        " ORDER BY r.row_no"
    ).fetchall():
        row = [""] * width
        for position, value in zip(picked, values, strict=True):
            row[position] = value
        suspect_rows.setdefault(key, []).append((number, row))
    for key, rows in suspect_rows.items():
        read = read_order(reader, file_name, key, rows)
        if isinstance(read, ShopOrder):
            staged.add(read, currency)
        else:
            rejections += [SalesRejection(r.row, r.field, r.reason) for r in read]
    rejections += staged.rejections
    rejections.sort(key=lambda r: (r.row or 0, r.field or ""))
    result.rejections = rejections
    # Cancelled in the shop (SQL's and Python's), in file order.
    cancelled = con.execute(
        "SELECT first_row, gkey, n_rows FROM shop_checked WHERE NOT suspect"
        " AND (cancelled OR status = 'voided')"
    ).fetchall()
    result.cancelled = [
        name for _, name in sorted([(r, g) for r, g, _ in cancelled] + staged.cancelled)
    ]
    # In file order (an order by its first row, a line by its row), sorted in Arrow (cheaper
    # than DuckDB sorting every wide row) unless already in it, as DuckDB mostly leaves them.
    # Python's few orders join SQL's only when there are any.
    sales, lines = pipeline.side_by_side(
        con,
        lambda con: con.execute("SELECT * FROM shop_sales").to_arrow_table(),
        lambda cursor: cursor.execute("SELECT * FROM shop_sale_lines").to_arrow_table(),
    )
    sql_rows = pc.sum(sales["rows"]).as_py() or 0
    if staged.sales:
        py_sales = pa.Table.from_pylist(staged.sales, SALES_SCHEMA)
        py_lines = pa.Table.from_pylist(staged.lines, LINES_SCHEMA)
        first = {sale["gkey"]: sale["row"] for sale in staged.sales}
        sales = pa.concat_tables([sales.select(SALES_SCHEMA.names).cast(SALES_SCHEMA), py_sales])
        lines = pa.concat_tables([
            lines.select(LINES_SCHEMA.names).cast(LINES_SCHEMA)
            .append_column("sale_row", lines["sale_row"].cast(pa.int64())),
            py_lines.append_column(
                "sale_row", pa.array([first[g] for g in py_lines["gkey"].to_pylist()], pa.int64())
            ),
        ])  # fmt: skip
    result.sales = _sorted(sales, "row").select(SALES_SCHEMA.names).cast(SALES_SCHEMA)
    result.lines = (
        _sorted(lines, "sale_row", "line_no").select(LINES_SCHEMA.names).cast(LINES_SCHEMA)
    )
    result.sale_rows = int(sql_rows) + sum(n for _, _, n in cancelled) + staged.sale_rows
    result.python_sales = len(staged.sales)
    return result


def _sorted(table: pa.Table, first: str, then: str | None = None) -> pa.Table:
    """``table`` in ascending order of ``first`` (then of ``then``), keys no two rows share: as
    it is when it is in that order already (checked, not assumed), else sorted."""
    if table.num_rows > 1:
        a = table[first].to_numpy()
        later, earlier = a[1:], a[:-1]
        if then is None:
            ascending = later > earlier
        else:
            b = table[then].to_numpy()
            ascending = (later > earlier) | ((later == earlier) & (b[1:] > b[:-1]))
        if not ascending.all():
            keys = [first] if then is None else [first, then]
            return table.sort_by([(key, "ascending") for key in keys])
    return table


def _day(text: str, column_map: ColumnMap) -> date | None:
    """The calendar day of a date text as the shop wrote it; None when it is not a date."""
    try:
        value = parse_date(text, "date", column_map.date_format)
    except InputError:
        return None
    return value.date() if isinstance(value, datetime) else value
