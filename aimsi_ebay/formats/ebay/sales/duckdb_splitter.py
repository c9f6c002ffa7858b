"""Splitting the rows below the header with DuckDB's ``read_csv`` (the fast path).

Taken only where DuckDB is bound to split the rows as Python's ``csv`` does: UTF-8, no lone
carriage return, every line below the header either empty or one complete RFC 4180 record (so no
field spans lines, no stray quote, no row longer than the header). The file's own line numbers
come from reading the same lines unsplit. Anything else returns None and the Python splitter
reads the file. Creates the view ``raw`` as :mod:`python_splitter` does.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from aimsi_ebay.formats.duckdb_csv import duckdb_splits_like_python, file_holding, line_count
from aimsi_ebay.formats.ebay.sales.python_splitter import Split, short_rejection
from aimsi_ebay.formats.ebay.sales.text import decode
from aimsi_ebay.formats.input_limits import (
    MAX_FIELD_CHARS,
    MAX_ROWS,
    NUMBER_PATTERN,
    SalesGuard,
)
from aimsi_ebay.sql.money import WS_CLASS, strip_sql

SCAN_THREADS = 2
_RFC_FIELD = '(?:"(?:[^"]|"")*"|[^",]*)'
_RFC_LINE = f"{_RFC_FIELD}(?:,{_RFC_FIELD})*"
_BLANK_FIELD = f'(?:{WS_CLASS}*|"{WS_CLASS}*")'
_BLANK_LINE = f"{_BLANK_FIELD}(?:,{_BLANK_FIELD})*"
_NEVER_NULL = "\x01\x02(no null text)"
# White space at the edge of some cell of a column, its cells joined by \x01 (a column whose
# cells hold \x01 may be stripped for nothing; none is left unstripped).
_EDGE = f"(?:^|\x01){WS_CLASS}|{WS_CLASS}(?:\x01|$)"


def split_fast(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    path: Path | None,
    header_row: int,
    width: int,
    positions: dict[str, int],
    fields: list[str],
    guard: SalesGuard | None = None,
) -> Split | None:
    """Create the view ``raw`` (``row_no``, ``lead`` and the fields, stripped while DuckDB reads
    them) in ``con``; None: not this way. ``guard``: the input guard's checks of the rows (see
    :func:`_guard_rows`); a refusal is raised once the rows are known to split this way."""
    picked = [positions[name] for name in fields]
    if not duckdb_splits_like_python(data):
        return None
    with file_holding(data, path) as on_disk:
        try:
            return _split(con, data, on_disk, header_row, width, picked, fields,
                          line_count(data), guard)
        except duckdb.Error:
            return None
        finally:
            con.execute("SET threads TO 1")  # (a refusal may come before _split sets it back)


def _split(
    con, data, path, header_row, width, picked, fields, lines_total, guard
) -> Split | None:
    source = "'" + str(path).replace("'", "''") + "'"
    skip = int(header_row)
    # long_text: a line that may hold a cell longer than the guard allows (rare), kept to check
    long_text = f"CASE WHEN strlen(line) > {MAX_FIELD_CHARS} THEN line END" if guard else "NULL"
    # The two scans of the file are read on two threads (DuckDB's CSV reader splits a file well);
    # the reader's other statements run on one (see reader.py).
    con.execute(f"SET threads TO {SCAN_THREADS}")
    con.execute(
        "CREATE TABLE lines AS SELECT line IS NULL AS empty,"
        f" line IS NOT NULL AND NOT regexp_full_match(line, '{_RFC_LINE}') AS irregular,"
        f" coalesce(regexp_full_match(line, '{_BLANK_LINE}'), false) AS blank,"
        f" {long_text} AS long_text"
        f" FROM read_csv({source}, columns = {{'line': 'VARCHAR'}}, delim = '\x1f',"
        f" quote = '', escape = '', header = false, auto_detect = false, skip = {skip})"
    )
    count, irregular, gaps = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE irregular),"
        " count(*) FILTER (WHERE empty OR blank) FROM lines"
    ).fetchone()
    if irregular or count != lines_total - skip:
        return None
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    # The cells as read; stripped below only in the columns that have white space at an edge.
    stripped = ", ".join(f"c{i} AS v{i}" for i in picked)
    second = "coalesce(c1, '')" if width > 1 else "''"
    con.execute(
        f"CREATE TABLE recs AS SELECT {stripped}, c0 || ' ' || {second} AS lead,"
        f" c{width - 1} IS NULL AS short, {_number_cells(guard)} AS guard_cells"
        f" FROM read_csv({source}, columns = {{{columns}}}, delim = ',', quote = '\"',"
        f" escape = '\"', header = false, auto_detect = false, skip = {skip},"
        f" null_padding = true, nullstr = '{_NEVER_NULL}', strict_mode = true)"
    )
    con.execute("SET threads TO 1")
    # DuckDB skips the empty lines; every other line is one record (checked above), so the
    # records pair up with the lines that are not empty, in file order (this connection
    # preserves insertion order: scans and filters keep the file's order). Blank rows (every
    # field white space) are then skipped, as by the Python splitter.
    if gaps:
        con.execute(
            "CREATE VIEW numbered AS SELECT * FROM recs POSITIONAL JOIN"
            f" (SELECT rowid + {skip + 1} AS row_no, blank FROM lines WHERE NOT empty)"
        )
        if con.execute(
            "SELECT count(*) FILTER (WHERE row_no IS NULL OR short IS NULL) FROM numbered"
        ).fetchone()[0]:
            return None  # not as many records as lines with something on them
    else:  # no empty or blank line: record i is line i
        if con.execute("SELECT count(*) FROM recs").fetchone()[0] != count:
            return None
        con.execute(
            f"CREATE VIEW numbered AS SELECT *, rowid + {skip + 1} AS row_no, false AS blank"
            " FROM recs"
        )
    rows_read, last_full = con.execute(
        "SELECT count(*) FILTER (WHERE NOT blank),"
        " coalesce(max(row_no) FILTER (WHERE NOT short AND NOT blank), 0) FROM numbered"
    ).fetchone()
    # The bound inlined: with it as a parameter DuckDB's plan scanned every row's fields
    # (≈ 0.5 CPU-s on 130,000 rows against a few hundredths).
    short = con.execute(
        f"SELECT row_no, row_no < {int(last_full)} FROM numbered WHERE short AND NOT blank"
        " ORDER BY row_no"
    ).fetchall()
    if guard is not None:
        _guard_rows(con, guard, skip, lines_total)
    split = Split(rows_read=int(rows_read))
    inside = [row_no for row_no, before in short if before]
    split.footer_rows = len(short) - len(inside)
    if inside:
        text_lines = decode(data).split("\n")
        split.rejections = [
            short_rejection(row_no, len(next(csv.reader([text_lines[row_no - 1]]))), width)
            for row_no in inside
        ]
    edged = _edged_columns(con, picked)
    con.execute(
        "CREATE VIEW raw AS SELECT row_no, lead, "
        + ", ".join(
            f"{strip_sql(f'v{i}') if i in edged else f'v{i}'} AS {name}"
            for name, i in zip(fields, picked, strict=True)
        )
        + " FROM numbered WHERE NOT short AND NOT blank"
    )
    return split


def _edged_columns(con: duckdb.DuckDBPyConnection, picked: list[int]) -> set[int]:
    """The picked columns with white space at the edge of some cell: only they are stripped
    (``raw``). Found with one regular expression over each column's cells joined; testing every
    cell as it was read, then a CASE over every cell, was ≈ 45 % of the CPU of reading them."""
    found = con.execute(
        "SELECT "
        + ", ".join(f"coalesce(regexp_matches(string_agg(v{i}, '\x01'), '{_EDGE}'), false)" for i in picked)
        + " FROM recs"
    ).fetchone()
    return {i for i, edged in zip(picked, found, strict=True) if edged}


def _number_cells(guard: SalesGuard | None) -> str:
    """SQL: a row's cells under the guard's number limits (raw, as a list in the limits' order)
    where one of them may be beyond its limit, else NULL. "May be": as many characters as the
    limit has digits (the guard's own shortcut) and, read as a DOUBLE, within a hair of the limit
    or beyond (or not readable): a superset of the guard's refusals, checked exactly in Python."""
    if guard is None or not guard.limits:
        return "NULL"
    tests = []
    for position, (_label, limit) in guard.limits.items():
        cell = f"c{position}"
        number = f"TRY_CAST(replace(regexp_extract({cell}, '{NUMBER_PATTERN}'), ',', '') AS DOUBLE)"
        tests.append(
            f"CASE WHEN strlen({cell}) >= {len(str(int(limit)))}"  # type: ignore[call-overload]
            f" THEN coalesce({number} > {float(limit) * (1 - 1e-9)!r}, true) ELSE false END"
        )
    cells = ", ".join(f"c{position}" for position in guard.limits)
    return f"CASE WHEN {' OR '.join(tests)} THEN [{cells}] END"


def _guard_rows(con: duckdb.DuckDBPyConnection, guard: SalesGuard, skip: int, lines_total: int):
    """The input guard's checks of the rows below the header (``input_limits``), set-based:
    DuckDB picked the few rows that may break a limit (a line longer than a cell may be, a
    number as long as its limit: ``lines.long_text``, ``recs.guard_cells``); the guard checks
    those exactly, in the file's order, and refuses the file at the first, as it would reading
    every row. Every line below the header is one row here (no field spans lines)."""
    long_lines = dict(
        con.execute(
            f"SELECT rowid + {skip + 1}, long_text FROM lines WHERE long_text IS NOT NULL"
        ).fetchall()
    )
    numbers = dict(
        con.execute(
            "SELECT row_no, guard_cells FROM numbered WHERE guard_cells IS NOT NULL"
        ).fetchall()
    )
    guard.check_flagged_rows(long_lines, numbers, last_line=MAX_ROWS + 1)
    if lines_total > MAX_ROWS:
        raise guard.too_many_rows()
