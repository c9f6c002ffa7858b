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
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.ebay.sales.model import Rejection as SalesRejection
from aimsi_ebay.formats.shop import pipeline
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
) -> ShopSalesFile:
    """The export as staged sales (``path``: the same bytes on disk, if they are)."""
    digest: list[str] = []  # hashed beside the reading (hashlib lets go of the GIL)
    hashing = threading.Thread(target=lambda: digest.append(hashlib.sha256(data).hexdigest()))
    hashing.start()
    try:
        return _read(file_name, data, column_map, fmt, currency, path, digest, hashing)
    finally:
        hashing.join()


def _read(file_name, data, column_map, fmt, currency, path, digest, hashing) -> ShopSalesFile:
    try:  # decoded once: the header is found in it, and a file DuckDB declines is read from it
        text, utf8 = data.decode("utf-8-sig"), True
    except UnicodeDecodeError:
        text, utf8 = decode(data), False
    reader_of_text = csv.reader(io.StringIO(text))
    records = enumerate(reader_of_text, 1)
    header, header_row = None, 0
    for number, row in records:
        if any(cell.strip() for cell in row):
            header, header_row = row, number
            break
    one_line_each = reader_of_text.line_num == header_row  # no record so far spans lines
    if header is None:
        raise InputError("the file is empty", file=file_name)
    positions = header_positions(file_name, header, column_map)
    taxes = tax_columns(header)
    picked = sorted({i for where in positions.values() for i in where}
                    | {i for name_at, value_at, _ in taxes for i in (name_at, value_at)})  # fmt: skip
    reader = OrderReader(column_map, positions, taxes, header)
    con = duckdb.connect()
    try:
        con.execute("SET threads TO 2")
        con.execute("SET preserve_insertion_order = true")
        split = None
        if utf8 and one_line_each:
            split = split_fast(con, data, path, header_row, len(header), picked)
        if split is None:
            split = split_python(con, file_name, records, len(header), picked)
        staged = _stage(con, file_name, column_map, positions, taxes, reader, split, currency,
                        len(header), picked)  # fmt: skip
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
    )


@dataclass
class _Result:
    """The staged sales and lines, the rejections, the cancelled orders and the rows in sales."""

    sales: pa.Table | None = None
    lines: pa.Table | None = None
    rejections: list[SalesRejection] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    sale_rows: int = 0


def _stage(con, file_name, column_map, positions, taxes, reader, split: Split, currency,
           width, picked) -> _Result:  # fmt: skip
    pipeline.build_rows(con, positions, taxes)
    pipeline.build_money(con, column_map, len(taxes))
    pipeline.build_dates(con, column_map, lambda text: _day(text, column_map))
    pipeline.build_checked(con, column_map, positions, len(taxes))
    pipeline.build_sales(con, currency)
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
    con.register("py_sales", pa.Table.from_pylist(staged.sales, SALES_SCHEMA))
    con.register("py_lines", pa.Table.from_pylist(staged.lines, LINES_SCHEMA))
    result.sales = (
        con.execute(
            "SELECT * FROM (SELECT * FROM shop_sales UNION ALL BY NAME SELECT * FROM py_sales)"
            " ORDER BY row"
        )
        .to_arrow_table()
        .cast(SALES_SCHEMA)
    )
    result.lines = (
        con.execute(
            "SELECT l.* FROM (SELECT * FROM shop_sale_lines UNION ALL BY NAME SELECT * FROM py_lines)"
            " l JOIN (SELECT gkey, row FROM shop_sales UNION ALL SELECT gkey, row FROM py_sales) s"
            " USING (gkey) ORDER BY s.row, l.line_no"
        )
        .to_arrow_table()
        .select(LINES_SCHEMA.names)
        .cast(LINES_SCHEMA)
    )
    result.sale_rows = (
        int(con.execute("SELECT coalesce(sum(rows), 0) FROM shop_sales").fetchone()[0])
        + sum(n for _, _, n in cancelled)
        + staged.sale_rows
    )
    return result


def _day(text: str, column_map: ColumnMap) -> date | None:
    """The calendar day of a date text as the shop wrote it; None when it is not a date."""
    try:
        value = parse_date(text, "date", column_map.date_format)
    except InputError:
        return None
    return value.date() if isinstance(value, datetime) else value
