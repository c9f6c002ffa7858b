"""Bulk-edit files (CSV, XLSX, Parquet): a DataFrame of eBay records out to a file and back.

Pure file handling: what the cells mean is the push's business (``ops/listings/bulk_edit``).

Formula safety that round-trips. A CSV cell starting with ``= + - @``, a tab or a carriage
return is a formula to a spreadsheet, so the CSV pull writes such a cell with a leading ``'``
(what a spreadsheet shows as text); the push removes exactly that one ``'`` again. A cell that
itself starts with ``'`` followed by one of those characters (or another ``'``) also gets one, so
the mapping is one-to-one: every pulled file pushes back unchanged. In XLSX, text cells are typed
as text (never formulas) and need no mark.

Limits: a file larger than ``MAX_FILE_BYTES``, a cell longer than ``MAX_CELL_CHARS``, more than
``MAX_COLUMNS`` columns or ``MAX_ROWS`` rows is refused with one line, before it fills memory.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.input_limits import check_input_file

EXCEL_CELL_LIMIT = 32_767
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_CELL_CHARS = 1_000_000  # a description of a million characters is already absurd
MAX_COLUMNS = 200
MAX_ROWS = 2_000_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_GUARD = "'"
# C0 control characters a spreadsheet (and openpyxl) refuses in a cell; tab, LF, CR are fine.
_ILLEGAL_XLSX = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"}
_KINDS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet", ".pq": "parquet"}


def guard_formula(text: str) -> str:
    """A CSV cell a spreadsheet shows as the text it is (see the module docstring)."""
    if text.startswith(FORMULA_START) or (
        text.startswith(_GUARD) and text[1:2] and text[1] in (*FORMULA_START, _GUARD)
    ):
        return _GUARD + text
    return text


def unguard_formula(text: str) -> str:
    """The inverse of ``guard_formula``."""
    if text.startswith(_GUARD) and text[1:2] and text[1] in (*FORMULA_START, _GUARD):
        return text[1:]
    return text


def kind_of(path: Path) -> str:
    """``csv``, ``xlsx`` or ``parquet``, by the file's suffix."""
    kind = _KINDS.get(path.suffix.lower())
    if kind is None:
        raise InputError("use a .csv, .xlsx or .parquet file", file=path.name)
    return kind


def write_frame(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a pulled frame as CSV, XLSX or Parquet (by the file's suffix), atomically."""
    path = Path(path)
    kind = kind_of(path)
    if path.is_dir():
        raise InputError("is a folder; give a file name", file=str(path))
    if path.is_symlink():
        raise InputError("is a symbolic link; refusing to write through it", file=str(path))
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if kind == "csv":
            guarded = frame.copy()
            for column in guarded.columns:
                if guarded[column].dtype == object:
                    guarded[column] = guarded[column].map(
                        lambda v: guard_formula(v) if isinstance(v, str) else v)
            guarded.to_csv(temporary, index=False, encoding="utf-8")
        elif kind == "parquet":
            frame.to_parquet(temporary, index=False)
        else:
            _write_xlsx(frame, temporary, path.name)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def read_frame(path: str | Path) -> pd.DataFrame:
    """Read a bulk-edit file; CSV and XLSX cells come back as text (parsed by the push)."""
    path = Path(path)
    kind = kind_of(path)
    check_input_file(path, MAX_FILE_BYTES)
    try:
        if kind == "csv":
            frame = _read_csv(path)
        elif kind == "parquet":
            frame = pd.read_parquet(path)
        else:
            frame = _read_xlsx(path)
    except InputError:
        raise
    except Exception as error:  # a damaged or foreign file: say so in one line
        first = " ".join(str(error).split())[:200]
        raise InputError(f"cannot read it as {kind.upper()} ({first})", file=path.name) from None
    if len(frame.columns) > MAX_COLUMNS:
        raise InputError(f"{len(frame.columns)} columns; at most {MAX_COLUMNS}", file=path.name)
    if len(frame) > MAX_ROWS:
        raise InputError(f"{len(frame):,} rows; at most {MAX_ROWS:,} per file", file=path.name)
    return frame


def _read_csv(path: Path) -> pd.DataFrame:
    _refuse_nul(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"is not UTF-8 text (byte {error.start}); save it as CSV UTF-8",
                         file=path.name) from None
    for column in frame.columns:
        longest = frame[column].str.len().max() if len(frame) else 0
        if longest and longest > MAX_CELL_CHARS:
            row = int(frame[column].str.len().idxmax()) + 2
            raise InputError(f"a cell of {longest:,} characters; at most {MAX_CELL_CHARS:,}",
                             file=path.name, row=row, field=str(column))
        frame[column] = frame[column].map(unguard_formula)
    return frame


def _refuse_nul(path: Path) -> None:
    """A NUL byte ends a cell early in the CSV parser (``A\\x00B`` would be read as ``A``)."""
    lines = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            position = block.find(b"\x00")
            if position >= 0:
                raise InputError("holds a NUL character, which would cut the cell short; "
                                 "remove it", file=path.name,
                                 row=lines + block.count(b"\n", 0, position) + 1)
            lines += block.count(b"\n")


def _write_xlsx(frame: pd.DataFrame, target: Path, name: str) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "ebay_records"
    sheet.append(list(frame.columns))
    for number, values in enumerate(frame.itertuples(index=False, name=None), start=2):
        cells = []
        for column, value in zip(frame.columns, values, strict=True):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                value = None
            elif isinstance(value, Decimal):
                value = str(value)
            elif hasattr(value, "item"):
                value = value.item()
            if isinstance(value, str):
                if len(value) > EXCEL_CELL_LIMIT:
                    raise InputError(
                        f"{len(value):,} characters do not fit an Excel cell "
                        f"({EXCEL_CELL_LIMIT:,}); pull to .csv or .parquet instead",
                        file=name, row=number, field=column)
                bad = next((c for c in value if c in _ILLEGAL_XLSX), None)
                if bad is not None:
                    raise InputError(
                        f"holds the control character U+{ord(bad):04X}, which an Excel cell "
                        "cannot; fix the record or pull to .csv or .parquet",
                        file=name, row=number, field=column)
            cells.append(value)
        sheet.append(cells)
        for cell in sheet[number]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text that looks like a formula stays text
    workbook.save(target)


def _read_xlsx(path: Path) -> pd.DataFrame:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1:
                raise InputError(f"more than {MAX_ROWS:,} rows", file=path.name)
            if len(row) > MAX_COLUMNS:
                raise InputError(f"{len(row)} columns; at most {MAX_COLUMNS}", file=path.name)
            rows.append(row)
    finally:
        workbook.close()
    if not rows:
        raise InputError("the sheet is empty", file=path.name)
    header = [str(cell or "").strip() for cell in rows[0]]
    return pd.DataFrame([[_cell_text(v) for v in row] for row in rows[1:]], columns=header,
                        dtype=object)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # A number typed into Excel: its shortest repr (22.5, 749.99) is what was typed.
        return repr(value) if value != int(value) else str(int(value))
    return str(value)
