"""Sane limits for files the operator hands in, checked before any reader fills memory.

``check_input_file`` refuses what is not a plain file of a sane size (a folder, a FIFO that would
block forever, ``/dev/zero`` that never ends, a symbolic link, a 2 GB download). ``check_sales_text``
looks once through a sales download for what would otherwise be a traceback or silent damage:
a cell longer than any real one, too many columns or rows, a quote left open that swallows the
next order, a quantity or amount too large for the database, a stray byte that is not UTF-8 in an
otherwise UTF-8 file, a file of nothing but blank lines. Each is one line naming the file, row
and column (a :class:`LimitExceeded`); nothing is read further.

The sales reader runs the same guard in parts, so an eBay download is not read twice: the bytes
(:func:`sales_text`), the rows up to the header (:func:`find_sales_header`), then each row below
as it is split (:class:`SalesGuard`; on the DuckDB fast path only the few cells DuckDB finds may
break a limit). The refusals are the same, word for word, in the same order.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from aimsi_ebay.errors import InputError

MB = 1024 * 1024
MAX_SALES_BYTES = 256 * MB
MAX_CATEGORY_BYTES = 64 * MB
MAX_FIELD_CHARS = 64 * 1024  # an address or a title: a few hundred characters at most
MAX_COLUMNS = 500
MAX_ROWS = 2_000_000
MAX_BLANK_PREFIX = 1 * MB  # blank lines before the header
MAX_QUANTITY = 1_000_000
# Far below DECIMAL(12,2)'s 9,999,999,999.99, so a sale's lines, shipping and tax still fit.
MAX_AMOUNT = Decimal("99999999.99")
HEADER_ROWS = 20  # the sales reader looks for its header in the first rows too

QUANTITY_COLUMNS = frozenset({"quantity"})
AMOUNT_COLUMNS = frozenset({
    "sale price", "sold for", "total price", "total", "shipping and handling",
    "postage and handling", "shipping & handling", "postage & handling", "sales tax", "us tax",
    "vat", "gst", "insurance", "cash on delivery fee", "cod fee", "cash on delivery price",
    "handling fee", "handling", "seller collected tax", "ebay collected tax",
    "ebay collected charges",
})
NUMBER_PATTERN = r"[0-9][0-9,]*(?:\.[0-9]+)?"  # the same in Python's re and DuckDB's RE2
_NUMBER = re.compile(NUMBER_PATTERN)
_NUMBER_DECIMAL_COMMA = re.compile(r"[0-9][0-9.]*(?:,[0-9]+)?")  # 1.234,50 (a shop's column map)


def check_input_file(path: str | os.PathLike[str], max_bytes: int) -> Path:
    """A regular file (not a folder, FIFO, device or symbolic link) of at most ``max_bytes``;
    checked without opening it, so a FIFO cannot block."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    if stat.S_ISLNK(info.st_mode):
        raise InputError("is a symbolic link; give the file itself", file=str(path))
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder, not a file", file=str(path))
    if not stat.S_ISREG(info.st_mode):
        raise InputError("is not a regular file (a pipe or a device?)", file=str(path))
    if info.st_size > max_bytes:
        raise InputError(
            f"is {info.st_size / MB:,.0f} MB; the limit is {max_bytes / MB:,.0f} MB",
            file=str(path))
    return path


class LimitExceeded(InputError):
    """A sales download refused whole by the guard: no row-by-row rejection could make it right."""


def check_sales_text(data: bytes, name: str) -> None:
    """Refuse a sales download that no row-by-row rejection could make right (see module)."""
    if data.isascii() and _no_header_first(data, name):
        return  # no sales header in its first rows: nothing more to check (a shop export)
    text = sales_text(data, name)
    if text is None:
        return  # a legacy single-byte download: the reader decodes it
    reader = csv.reader(io.StringIO(text, newline=""))
    guard = find_sales_header(reader, name)
    if guard is not None:
        guard.check_rows(reader)


def _no_header_first(data: bytes, name: str) -> bool:
    """True when an ASCII file's first rows hold no sales header, so the guard has nothing more
    to check: the bytes checked, the first lines read (not the whole text, as a shop export of
    many megabytes would be). False when undecided: the whole text is checked then."""
    head = data[: data.rfind(b"\n", 0, 64 * 1024) + 1]
    reader = csv.reader(io.StringIO(head.decode("ascii"), newline=""))
    try:
        if find_sales_header(reader, name) is not None or next(reader, None) is None:
            return False  # a sales header, or the first lines ended first: undecided
    except (LimitExceeded, csv.Error):
        return False  # refused on its first rows: the whole check says so, in its words
    _check_bytes(data, name)  # ASCII: nothing to decode
    return True


def sales_text(data: bytes, name: str) -> str | None:
    """The guard's first part, on the bytes: size, blank lines, encoding. The UTF-8 text; None
    for a file that is not UTF-8 at all (its rows are not checked: the reader decodes it)."""
    _check_bytes(data, name)
    return _decode(data, name)


_BLANK_PREFIX = re.compile(rb"[ \t\r\n\xef\xbb\xbf]*")


def _check_bytes(data: bytes, name: str) -> None:
    if len(data) > MAX_SALES_BYTES:
        raise LimitExceeded(
            f"is {len(data) / MB:,.0f} MB; the limit is {MAX_SALES_BYTES / MB:,.0f} MB", file=name
        )
    # where the content starts, found without copying the rest (``lstrip`` copied it: ≈0.1 s
    # for a 64 MB download)
    blank = _BLANK_PREFIX.match(data).end()  # type: ignore[union-attr]
    if blank == len(data):
        raise LimitExceeded("the file is empty or holds only blank lines", file=name)
    if blank > MAX_BLANK_PREFIX:
        raise LimitExceeded(f"{blank:,} bytes of blank lines before the header", file=name)


def find_sales_header(reader: Iterator[list[str]], name: str) -> SalesGuard | None:
    """Read ``reader`` (a ``csv.reader`` over :func:`sales_text`'s text, from its start) up to
    the guard's header: the first row with a Quantity column, among the first rows. Checks the
    rows up to it; None when there is none (nothing more is checked)."""
    csv.field_size_limit(MAX_FIELD_CHARS)
    row_number = line = 0  # a row is numbered by the line it starts on, as the reader does
    try:
        for row in reader:
            row_number, line = line + 1, reader.line_num  # type: ignore[attr-defined]
            if len(row) > MAX_COLUMNS:
                raise LimitExceeded(f"{len(row)} columns; at most {MAX_COLUMNS}", file=name,
                                    row=row_number)
            limits = _limits_of(row)
            if limits:
                return SalesGuard(name, row, row_number, line, limits)
            if row_number > HEADER_ROWS:
                return None  # no sales header: the reader says so
    except csv.Error as error:
        raise field_error(error, name, line + 1) from None
    return None


def field_error(error: csv.Error, name: str, row: int) -> LimitExceeded:
    """The refusal of a row ``csv`` could not split (a cell beyond the limit)."""
    return LimitExceeded(f"{error} (at most {MAX_FIELD_CHARS:,} characters per cell)", file=name,
                         row=row)


@dataclass
class SalesGuard:
    """The rows below a sales header, checked one by one (:meth:`check_row`), or only in the
    cells that may hold a number beyond its limit (:meth:`check_numbers`: the DuckDB splitter
    finds those cells set-based and hands them here)."""

    name: str
    header: list[str]
    row: int  # the header's row (the line it starts on)
    line: int  # the line it ends on
    limits: dict[int, tuple[str, object]]  # column position: (its label, the limit)
    decimal_comma: bool = False  # amounts written 1.234,50 (a shop's column map says so)

    @classmethod
    def of_columns(
        cls, name: str, header: list[str], row: int, line: int, *, quantities: list[int],
        amounts: list[int], decimal_comma: bool = False,
    ) -> SalesGuard:
        """The guard of a file whose reader knows which columns hold quantities and amounts (a
        web shop's export through its column map: the headers are the shop's, not eBay's)."""
        limits: dict[int, tuple[str, object]] = {}
        for positions, limit in ((amounts, MAX_AMOUNT), (quantities, MAX_QUANTITY)):
            for position in positions:
                limits[position] = (header[position].replace("\ufeff", "").strip(), limit)
        return cls(name, header, row, line, dict(sorted(limits.items())), decimal_comma)

    def check_rows(self, reader: Iterator[list[str]]) -> None:
        """Check every row ``reader`` (positioned just below the header) still gives."""
        line = self.line
        try:
            for row in reader:
                number, line = line + 1, reader.line_num  # type: ignore[attr-defined]
                self.check_row(row, number)
        except csv.Error as error:
            raise field_error(error, self.name, line + 1) from None

    def check_row(self, row: list[str], number: int) -> None:
        """One row below the header, starting on line ``number``."""
        if len(row) > MAX_COLUMNS:
            raise LimitExceeded(f"{len(row)} columns; at most {MAX_COLUMNS}", file=self.name,
                                row=number)
        if number > MAX_ROWS:
            raise self.too_many_rows()
        _check_line_breaks(row, self.header, self.name, number)
        for position in self.limits:
            if position < len(row):
                self._check_number(position, row[position], number)

    def check_numbers(self, cells: Mapping[int, str | None], number: int) -> None:
        """The row's numbers against their limits (``cells``: position to text, absent or None
        where the row is too short to have it)."""
        for position in self.limits:
            cell = cells.get(position)
            if cell is not None:
                self._check_number(position, cell, number)

    def check_flagged_rows(self, long_lines: Mapping[int, str], numbers: Mapping[int, tuple], *,
                           last_line: int = MAX_ROWS, last_number: int = MAX_ROWS) -> None:
        """In file order, the rows a set-based splitter picked out: each line longer than a cell
        may be (``csv`` must split it) and each row's cells that may pass their number limit, up
        to row ``last_line`` / ``last_number`` (the row limit is refused by the caller)."""
        for row in sorted(long_lines.keys() | numbers.keys()):
            if row > last_line:
                break
            if row in long_lines:
                try:
                    next(csv.reader([long_lines[row]]))
                except csv.Error as error:
                    raise field_error(error, self.name, row) from None
            if row > last_number:
                break
            if row in numbers:
                self.check_numbers(dict(zip(self.limits, numbers[row], strict=True)), row)

    def _check_number(self, position: int, cell: str, number: int) -> None:
        label, limit = self.limits[position]
        match = (_NUMBER_DECIMAL_COMMA if self.decimal_comma else _NUMBER).search(cell)
        # A number with fewer characters than the limit has digits is below it: no Decimal.
        if match is None or len(match.group()) < _digits(limit):
            return
        digits = match.group()
        if self.decimal_comma:
            digits = digits.replace(".", "").replace(",", ".")
        try:
            value = Decimal(digits.replace(",", ""))
        except InvalidOperation:
            return
        if value > limit:  # type: ignore[operator]
            raise LimitExceeded(f"{cell.strip()[:30]!r} is too large (at most {limit:,})",
                                file=self.name, row=number, field=label)

    def too_many_rows(self) -> LimitExceeded:
        return LimitExceeded(f"more than {MAX_ROWS:,} rows", file=self.name)


def _digits(limit: object) -> int:
    return len(str(int(limit)))  # type: ignore[call-overload]


def _decode(data: bytes, name: str) -> str | None:
    """UTF-8 text; None for a file that is not UTF-8 at all (cp1252: the reader's business).

    A file that is UTF-8 but for a few stray bytes is refused with the rows that hold them:
    decoding all of it as cp1252 instead would turn every accented name into mojibake."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    text = decoder.decode(data, final=True)
    bad_rows = [n for n, line in enumerate(text.split("\n"), start=1) if "\ufffd" in line]
    multibyte = sum(1 for char in text if ord(char) > 127 and char != "\ufffd")
    if multibyte == 0:
        return None
    shown = ", ".join(str(n) for n in bad_rows[:5]) + (" …" if len(bad_rows) > 5 else "")
    raise LimitExceeded(
        f"the file is UTF-8 but line(s) {shown} hold bytes that are not; fix or remove those "
        "rows (read as another encoding, every accented name would be garbled)", file=name,
        row=bad_rows[0])


def _limits_of(header: list[str]) -> dict[int, tuple[str, object]]:
    names = [cell.replace("\ufeff", "").strip() for cell in header]
    limits: dict[int, tuple[str, object]] = {}
    for position, label in enumerate(names):
        if label.lower() in QUANTITY_COLUMNS:
            limits[position] = (label, MAX_QUANTITY)
        elif label.lower() in AMOUNT_COLUMNS:
            limits[position] = (label, MAX_AMOUNT)
    return limits if any(n.lower() in QUANTITY_COLUMNS for n in names) else {}


def _check_line_breaks(row: list[str], header: list[str], name: str, number: int) -> None:
    width = len(header)
    joined = "\x1f".join(row)  # one C-speed scan: most rows have no line break in any cell
    for position, cell in enumerate(row if "\n" in joined or "\r" in joined else ()):
        if "\n" in cell or "\r" in cell:
            rest = cell.splitlines()[1:]
            if any(line.count(",") >= max(2, (width - 1) // 2) for line in rest):
                label = header[position].strip() if position < width else f"column {position + 1}"
                raise LimitExceeded(
                    "a quote opened here is never closed, so the following line(s) and their "
                    "orders would be read into this cell; close the quote", file=name,
                    row=number, field=label)
