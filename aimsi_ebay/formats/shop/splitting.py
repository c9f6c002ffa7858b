"""The rows of a shop export below its header, as the table ``raw`` of an in-memory DuckDB:
``row_no`` (the row's number as ``csv.reader`` counts records, as the Python reader numbers them)
and the text of the columns the column map reads (``c<position>``, stripped as by ``str.strip``;
'' where a short row lacks the cell). Blank rows are left out, as by the Python reader.

DuckDB's ``read_csv`` splits the rows where it is bound to split them as Python's ``csv`` does:
UTF-8, no NUL, no lone carriage return, and every line either empty or one complete RFC 4180
record (no field spanning lines, no quote inside an unquoted field); a row longer than the header
also declines it. Anything else is split by Python's ``csv`` (:func:`split_python`), which also
rejects the rows whose extra cells hold something (the Python reader's rule).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from aimsi_ebay.errors import Rejection
from aimsi_ebay.formats.duckdb_csv import duckdb_splits_like_python, file_holding, line_count
from aimsi_ebay.formats.input_limits import MAX_FIELD_CHARS
from aimsi_ebay.sql.money import WS_CLASS, strip_sql

_RFC_FIELD = '(?:"(?:[^"]|"")*"|[^",]*)'
_RFC_LINE = f"{_RFC_FIELD}(?:,{_RFC_FIELD})*"
_BLANK_FIELD = f'(?:{WS_CLASS}*|"{WS_CLASS}*")'
_BLANK_LINE = f"{_BLANK_FIELD}(?:,{_BLANK_FIELD})*"
_NEVER_NULL = "\x01\x02(no null text)"
# White space at a cell's edge: after a line start, a comma or an opening quote, or before a
# closing quote, a comma or the line end. A line without it has no cell to strip (a match inside
# a quoted cell is harmless: the file's cells are stripped then, as always).
_EDGE_SPACE = f'(?:^|,)"?{WS_CLASS}|{WS_CLASS}"?(?:,|$)'
_OTHER_ASCII_SPACE = "\t\x0b\x0c\x1c\x1d\x1e"  # (\x1f and a lone \r never reach DuckDB)


@dataclass
class Split:
    """What a splitter did: the rows read (blank rows are not rows) and the rows it rejected."""

    rows_read: int
    rejections: list[Rejection] = field(default_factory=list)
    # DuckDB's split: the lines longer than a cell may be (line number: text), for the guard
    long_lines: dict[int, str] = field(default_factory=dict)
    lines_total: int = 0  # DuckDB's split: the file's lines, the header's included


def split_fast(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    path: Path | None,
    header_line: int,
    width: int,
    picked: list[int],
) -> Split | None:
    """Create ``raw`` with DuckDB, the header being line ``header_line``; None: not this way."""
    if not duckdb_splits_like_python(data):
        return None
    with file_holding(data, path) as on_disk:
        source = "'" + str(on_disk).replace("'", "''") + "'"
        lines_total = line_count(data)
        try:
            edge_space, read = _lines_beside_records(con, source, header_line, width, picked,
                                                     lines_total)  # fmt: skip
            if edge_space is None:
                split = _split_gaps(con, source, header_line, picked, lines_total, read)
            else:
                split = _split(con, header_line, picked, lines_total, edge_space) if read else None
        except duckdb.Error:
            split = None
        if split is None:  # raw is made last: it does not exist yet
            for name in ("recs", "stripped", "file_lines"):
                con.execute(f"DROP TABLE IF EXISTS {name}")
        return split


def _lines(source: str, skip: int) -> str:
    """SQL: the file's lines below line ``skip`` as they are (``line``; NULL: an empty line)."""
    return (
        f"read_csv({source}, columns = {{'line': 'VARCHAR'}}, delim = '\x1f', quote = '',"
        f" escape = '', header = false, auto_detect = false, skip = {skip})"
    )


def _lines_beside_records(
    con: duckdb.DuckDBPyConnection,
    source: str,
    skip: int,
    width: int,
    picked: list[int],
    lines_total: int,
) -> tuple[bool | None, bool]:
    """:func:`_plain_lines` (on a cursor, in a thread) while the records are read into ``recs``
    (:func:`_read_records`, unstripped): the file's two scans side by side, each on one DuckDB
    thread. Returns what ``_plain_lines`` says and whether the records were read (False: DuckDB
    refused them; whatever the lines say, this file is not DuckDB's then)."""
    checking = con.cursor()
    said: list[bool | duckdb.Error | None] = []

    def check() -> None:
        try:
            said.append(_plain_lines(checking, source, skip, lines_total))
        except duckdb.Error as error:
            said.append(error)

    thread = threading.Thread(target=check)
    thread.start()
    read = False
    try:
        _read_records(con, source, skip, width, picked)
        read = True
    except duckdb.Error:
        con.execute("DROP TABLE IF EXISTS recs")
    finally:
        thread.join()
        checking.close()
    if isinstance(said[0], duckdb.Error):
        raise said[0]
    return said[0], read


def _plain_lines(
    con: duckdb.DuckDBPyConnection, source: str, skip: int, lines_total: int
) -> bool | None:
    """Whether a cell may have white space at an edge, when every line below the header is one
    regular record with something on it and none is too long for a cell; else None. One
    aggregate over the lines, no table: a file that is not plain is split by
    :func:`_split_gaps` (or Python), as before."""
    edge = (
        "CASE WHEN contains(line, ' ,') OR contains(line, ', ') OR contains(line, '\" ')"
        " OR contains(line, ' \"') OR starts_with(line, ' ') OR ends_with(line, ' ') THEN true"
        f" WHEN {' OR '.join(f'contains(line, chr({ord(c)}))' for c in _OTHER_ASCII_SPACE)}"
        f" OR strlen(line) <> length(line) THEN regexp_matches(line, '{_EDGE_SPACE}')"
        " ELSE false END"
    )  # white space at an edge; the pattern only where a cheap test cannot tell
    count, odd, edge_space = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE line IS NULL OR strlen(line) > "
        f"{MAX_FIELD_CHARS} OR CASE WHEN contains(line, '\"')"
        f" THEN NOT regexp_full_match(line, '{_RFC_LINE}') ELSE false END"
        f" OR regexp_full_match(line, '{_BLANK_LINE}')), bool_or({edge})"
        f" FROM {_lines(source, skip)}"
    ).fetchone()
    if count != lines_total - skip or odd:
        return None
    return bool(edge_space)


def _read_records(
    con: duckdb.DuckDBPyConnection,
    source: str,
    skip: int,
    width: int,
    picked: list[int],
) -> None:
    """``recs``: the picked cells of every record DuckDB reads below line ``skip`` ('' where a
    short row lacks the cell), as they are (:func:`_strip_records` strips them)."""
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    cells = ", ".join(f"c{i}" for i in picked)
    con.execute(
        f"CREATE TABLE recs AS SELECT {cells}"
        f" FROM read_csv({source}, columns = {{{columns}}}, delim = ',', quote = '\"',"
        f" escape = '\"', header = false, auto_detect = false, skip = {skip},"
        f" null_padding = true, nullstr = '{_NEVER_NULL}', strict_mode = true)"
    )
    # Only a row too short for the last picked cell has a NULL: cheaper to mend the few such
    # rows than to coalesce every cell of every row as it is read.
    short = f"c{max(picked)} IS NULL"
    if con.execute(f"SELECT count(*) FROM recs WHERE {short}").fetchone()[0]:
        mended = ", ".join(f"c{i} = coalesce(c{i}, '')" for i in picked)
        con.execute(f"UPDATE recs SET {mended} WHERE {short}")


def _strip_records(con: duckdb.DuckDBPyConnection, picked: list[int], edge_space: bool) -> None:
    """Strip every cell of ``recs`` when a cell may have white space at an edge (stripping every
    cell costs more than reading it: only a file with space at an edge pays), in file order."""
    if not edge_space:
        return
    cells = ", ".join(f"{strip_sql(f'c{i}')} AS c{i}" for i in picked)
    con.execute(f"CREATE TABLE stripped AS SELECT {cells} FROM recs")
    con.execute("DROP TABLE recs")
    con.execute("ALTER TABLE stripped RENAME TO recs")


def _split(
    con: duckdb.DuckDBPyConnection,
    skip: int,
    picked: list[int],
    lines_total: int,
    edge_space: bool,
) -> Split | None:
    """A plain file (:func:`_plain_lines`): each line below the header is one record."""
    _strip_records(con, picked, edge_space)
    count = con.execute("SELECT count(*) FROM recs").fetchone()[0]
    if count != lines_total - skip:
        return None
    picked_cells = ", ".join(f"c{i}" for i in picked)
    con.execute(f"CREATE VIEW raw AS SELECT rowid + {skip + 1} AS row_no, {picked_cells} FROM recs")
    return Split(rows_read=count, lines_total=lines_total)


def _split_gaps(
    con: duckdb.DuckDBPyConnection,
    source: str,
    skip: int,
    picked: list[int],
    lines_total: int,
    read: bool,
) -> Split | None:
    """Any other file: DuckDB reads its lines, to find the blank and irregular ones (``recs``,
    read beside them: ``read``)."""
    con.execute(
        "CREATE TABLE file_lines AS SELECT line IS NULL AS empty,"
        # A line without a quote is always regular: only lines with one pay for the pattern.
        f" line IS NOT NULL AND contains(line, '\"')"
        f" AND NOT regexp_full_match(line, '{_RFC_LINE}') AS irregular,"
        f" coalesce(regexp_full_match(line, '{_BLANK_LINE}'), false) AS blank,"
        f" coalesce(regexp_matches(line, '{_EDGE_SPACE}'), false) AS edge_space,"
        f" CASE WHEN strlen(line) > {MAX_FIELD_CHARS} THEN line END AS long_text"
        f" FROM {_lines(source, skip)}"
    )
    count, irregular, gaps, edge_space = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE irregular),"
        " count(*) FILTER (WHERE empty OR blank), bool_or(edge_space) FROM file_lines"
    ).fetchone()
    if irregular or count != lines_total - skip or not read:
        return None
    _strip_records(con, picked, bool(edge_space))
    # DuckDB skips empty lines; every other line is one record (checked above), so the records
    # pair up with the lines that are not empty, in file order (insertion order is kept).
    picked_cells = ", ".join(f"c{i}" for i in picked)
    if gaps:
        numbered = (
            "SELECT * FROM recs POSITIONAL JOIN"
            f" (SELECT rowid + {skip + 1} AS row_no, blank FROM file_lines WHERE NOT empty)"
        )
        missing = con.execute(
            f"SELECT count(*) FILTER (WHERE row_no IS NULL OR c{picked[0]} IS NULL)"
            f" FROM ({numbered})"
        ).fetchone()[0]
        if missing:
            return None  # not as many records as lines with something on them
        con.execute(
            f"CREATE TABLE raw AS SELECT row_no, {picked_cells} FROM ({numbered}) WHERE NOT blank"
        )
        con.execute("DROP TABLE recs")
    else:
        if con.execute("SELECT count(*) FROM recs").fetchone()[0] != count:
            return None
        con.execute(
            f"CREATE VIEW raw AS SELECT rowid + {skip + 1} AS row_no, {picked_cells} FROM recs"
        )
    long_lines = dict(
        con.execute(
            f"SELECT rowid + {skip + 1}, long_text FROM file_lines WHERE long_text IS NOT NULL"
        ).fetchall()
    )
    con.execute("DROP TABLE file_lines")
    rows_read = con.execute("SELECT count(*) FROM raw").fetchone()[0]
    return Split(rows_read=rows_read, long_lines=long_lines, lines_total=lines_total)


def split_python(
    con: duckdb.DuckDBPyConnection,
    file: str,
    records: Iterable[tuple[int, list[str]]],
    width: int,
    picked: list[int],
) -> Split:
    """Create ``raw`` from the records (number, cells) below the header."""
    split = Split(rows_read=0)
    numbers: list[int] = []
    columns: list[list[str]] = [[] for _ in picked]
    for number, row in records:
        if not any(cell.strip() for cell in row):
            continue
        split.rows_read += 1
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            split.rejections.append(Rejection(file, number, None, "more fields than the header"))
            continue
        numbers.append(number)
        size = len(row)
        for column, position in zip(columns, picked, strict=True):
            column.append(row[position].strip() if position < size else "")
    table = pa.table(
        {"row_no": pa.array(numbers, pa.int64())}
        | {
            f"c{i}": pa.array(column, pa.string())
            for i, column in zip(picked, columns, strict=True)
        }
    )
    con.register("raw_arrow", table)
    con.execute("CREATE TABLE raw AS SELECT * FROM raw_arrow")
    con.unregister("raw_arrow")
    return split
