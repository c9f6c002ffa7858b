"""The input guard (``formats.input_limits``) for a web shop's export, with its own columns.

The guard finds an eBay download's numbers by eBay's header names ("Quantity", "Total Price");
a shop names them its own way ("Lineitem quantity", a column map's "Qty"), so the shop reader
tells it which columns they are: the map's quantity column, its amount columns and Shopify's
``Tax N Value`` columns. The refusals are the guard's, word for word: a quantity or amount too
large for the database, a quote left open that swallows the next orders, a cell longer than any
real one, too many rows — one line naming the file, row and column; nothing is read further.

DuckDB's split (``splitting.split_fast``) holds no cell spanning lines and no row longer than
the header, so there only the numbers, the long lines and the row count are left to check: DuckDB
picks the few rows that may break a limit and the guard checks those exactly, in file order. The
Python split is checked row by row (its files are the odd ones).
"""

from __future__ import annotations

import csv
import io

import duckdb

from aimsi_ebay.formats.input_limits import MAX_FIELD_CHARS, MAX_ROWS, SalesGuard, field_error
from aimsi_ebay.formats.shop.column_map import MONEY_FIELDS, ColumnMap


def shop_guard(
    file_name: str,
    header: list[str],
    header_row: int,
    positions: dict[str, list[int]],
    taxes: list[tuple[int, int, str]],
    column_map: ColumnMap,
) -> SalesGuard:
    """The guard of this export: the map's quantity and amount columns (``header_row``: the line
    the header is on; a shop reader's fast path has one line per row up to it)."""
    amounts = [i for f in MONEY_FIELDS for i in positions.get(f, [])]
    amounts += [value_at for _, value_at, _ in taxes]
    return SalesGuard.of_columns(
        file_name, header, header_row, header_row, quantities=positions.get("line.quantity", []),
        amounts=amounts, decimal_comma=column_map.decimal_comma,
    )  # fmt: skip


def check_split(
    con: duckdb.DuckDBPyConnection,
    guard: SalesGuard,
    long_lines: dict[int, str],
    lines_total: int,
) -> None:
    """Check the rows DuckDB split into ``raw`` (row_no = line): the cells long enough to break
    a limit, and ``long_lines`` (line number: text) longer than a cell may be, in file order;
    then the row count."""
    csv.field_size_limit(MAX_FIELD_CHARS)
    tests = [
        f"strlen(c{position}) >= {len(str(int(limit)))}"  # type: ignore[call-overload]
        for position, (_, limit) in guard.limits.items()
    ]
    numbers: dict[int, tuple] = {}
    if tests:
        cells = ", ".join(f"c{position}" for position in guard.limits)
        numbers = {
            row: values
            for row, *values in con.execute(
                f"SELECT row_no, {cells} FROM raw WHERE {' OR '.join(tests)}"
            ).fetchall()
        }
    guard.check_flagged_rows(long_lines, numbers)
    if lines_total > MAX_ROWS:
        raise guard.too_many_rows()


def check_text(guard: SalesGuard, text: str, header_record: int) -> None:
    """Check every row below the header (record ``header_record`` of ``text``), one by one."""
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text))
    line = 0
    try:
        for number, _ in enumerate(reader, 1):
            start, line = line + 1, reader.line_num
            if number == header_record:
                break
    except csv.Error as error:
        raise field_error(error, guard.name, line + 1) from None
    guard.row, guard.line = start, line
    guard.check_rows(reader)
