"""Splitting the rows below the header with Python's ``csv`` (any file the fast path declines:
Windows-1252, fields spanning lines, stray quotes, long rows).

Creates the table ``raw`` in the connection (``row_no``: the file's own line where the row
starts; ``lead``: its first two cells, to recognise eBay's footers; then the layout's fields as
text, stripped) and accounts for every row that does not go there.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from operator import itemgetter

import duckdb
import pyarrow as pa

from aimsi_ebay.formats.ebay.sales.model import Rejection
from aimsi_ebay.formats.input_limits import SalesGuard, field_error


@dataclass
class Split:
    """What a splitter did with the rows below the header (blank rows are not rows)."""

    rows_read: int  # every row with something in it, footers and rejected rows included
    footer_rows: int = 0  # short rows after the last full row: eBay's footer lines
    rejections: list[Rejection] = field(default_factory=list)  # short or long rows


def short_rejection(row: int, count: int, width: int) -> Rejection:
    return Rejection(row, None, f"row has {count} fields; the header has {width}")


def split_python(
    con: duckdb.DuckDBPyConnection,
    reader,
    line: int,
    width: int,
    fields: list[str],
    positions: dict[str, int],
    guard: SalesGuard | None = None,
) -> Split:
    """Read the rest of ``reader`` (a ``csv.reader`` whose last row read ended on ``line``);
    ``guard``: the input guard checks each row first (a refusal stops the reading)."""
    pick = itemgetter(*(positions[name] for name in fields))
    records: list[tuple] = []
    split = Split(rows_read=0)
    short: list[tuple[int, int]] = []
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            if guard is not None:
                guard.check_row(row, start)
            if not "".join(row).strip():  # every cell blank (str.strip's white space)
                continue
            split.rows_read += 1
            if len(row) < width:
                short.append((start, len(row)))  # footer lines, unless data follows them
                continue
            for row_number, count in short:
                split.rejections.append(short_rejection(row_number, count, width))
            short.clear()
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                split.rejections.append(
                    Rejection(
                        start,
                        None,
                        f"row has {len(row)} fields; the header has {width} (an unescaped"
                        " quote?)",
                    )
                )
                continue
            values = pick(row) if len(fields) > 1 else (pick(row),)
            records.append((start, f"{row[0]} {row[1] if width > 1 else ''}", *values))
    except csv.Error as error:
        if guard is None:
            raise
        raise field_error(error, guard.name, line + 1) from None
    split.footer_rows = len(short)
    columns = list(zip(*records, strict=True)) if records else [[] for _ in range(len(fields) + 2)]
    text = pa.table(
        {"row_no": pa.array(columns[0], pa.int64()), "lead": pa.array(columns[1], pa.string())}
        | {
            name: pa.array([value.strip() for value in values], pa.string())
            for name, values in zip(fields, columns[2:], strict=True)
        }
    )
    con.register("raw_text", text)
    con.execute("CREATE TABLE raw AS SELECT * FROM raw_text")
    con.unregister("raw_text")
    return split
