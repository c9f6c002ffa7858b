"""Post-ship CSV exports (WorldShip's export map, FedEx Ship Manager's Integration Assistant),
read through a :class:`ColumnMap` because every desk sets its export up differently.

A map names, for each field, a column position (from 1; WorldShip's export usually has no header)
or a header name (any case). ``ups-default`` and ``fedex-default`` follow FORMATS.md §4-5. A row
whose void flag is set (``Y``) comes out as a void of its tracking number; a row with a malformed
charge, weight or date, or without a tracking number, becomes a :class:`Rejection` while the rest
are read. The file is parsed and checked by Arrow: an amount written the plain way (``12.30``) and
a plain weight are cast in bulk, every other text goes through the house rule itself
(:func:`aimsi_ebay.rules.money.to_money`, :func:`parse_quantity`) once per distinct text, and
dates are parsed once per distinct text, so 100,000 rows take a few hundredths of a second
(the same checks in DuckDB's SQL, the money rule's SQL twin included, cost five times the CPU). ``row`` in a rejection counts the file's records from 1, header included.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from aimsi_ebay.errors import InputError, Rejection
from aimsi_ebay.formats.carriers.packages import (
    CARRIERS,
    PACKAGE_SCHEMA,
    POST_SHIP_CSV,
    CarrierFile,
    parse_quantity,
)
from aimsi_ebay.rules.money import to_money

FIELDS = ("order_reference", "tracking_number", "service", "published_charge",
          "negotiated_charge", "weight", "ship_date", "void")
REQUIRED = ("order_reference", "tracking_number")
TRACKING = {"ups": re.compile(r"1Z[0-9A-Z]{16}"), "fedex": re.compile(r"[0-9]{12,22}")}


@dataclass(frozen=True)
class ColumnMap:
    """Where each field is in one desk's export; validated when built."""

    name: str
    carrier: str
    has_header: bool
    columns: Mapping[str, int | str]
    void_values: tuple[str, ...] = ("Y",)
    date_formats: tuple[str, ...] = ("%Y%m%d", "%m/%d/%Y", "%Y-%m-%d")
    delimiter: str = ","
    encoding: str = "cp1252"  # for bytes that are not UTF-8

    def __post_init__(self) -> None:
        where = f"column map {self.name!r}"
        if not self.name.strip():
            raise InputError("a column map needs a name", field="name")
        if self.carrier not in CARRIERS:
            raise InputError(f"{where}: carrier {self.carrier!r} is not one of {CARRIERS}",
                             field="carrier")
        unknown = sorted(set(self.columns) - set(FIELDS))
        if unknown:
            raise InputError(f"{where}: unknown fields {unknown}; fields are {FIELDS}",
                             field="columns")
        missing = [f for f in REQUIRED if f not in self.columns]
        if missing:
            raise InputError(f"{where}: the required fields {missing} have no column",
                             field="columns")
        for name, spec in self.columns.items():
            positional = isinstance(spec, int) and not isinstance(spec, bool)
            if positional and spec < 1:
                raise InputError(f"{where}: {name} at column {spec}; columns count from 1",
                                 field=name)
            if not positional and not (isinstance(spec, str) and spec.strip()):
                raise InputError(f"{where}: {name} needs a column number or header name, not"
                                 f" {spec!r}", field=name)
            if not positional and not self.has_header:
                raise InputError(f"{where}: {name} is named {spec!r} but the file has no"
                                 " header; give its column number", field=name)
        specs = [str(s).lower() for s in self.columns.values()]
        if len(set(specs)) != len(specs):
            raise InputError(f"{where}: two fields read the same column", field="columns")
        if len(self.delimiter) != 1 or not self.date_formats:
            raise InputError(f"{where}: one delimiter character and a date format are needed")
        "x".encode(self.encoding)  # an unknown encoding fails here (LookupError)
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))
        object.__setattr__(self, "void_values", tuple(v.upper() for v in self.void_values))

    def to_json(self) -> str:
        return json.dumps({"name": self.name, "carrier": self.carrier,
                           "has_header": self.has_header, "columns": dict(self.columns),
                           "void_values": list(self.void_values),
                           "date_formats": list(self.date_formats),
                           "delimiter": self.delimiter, "encoding": self.encoding},
                          sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ColumnMap:
        try:
            spec = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(f"a column map is not valid JSON ({error})") from None
        if not isinstance(spec, dict):
            raise InputError("a column map must be a JSON object")
        known = {"name", "carrier", "has_header", "columns", "void_values", "date_formats",
                 "delimiter", "encoding"}
        if set(spec) - known or not {"name", "carrier", "has_header", "columns"} <= set(spec):
            raise InputError(f"a column map has the keys {sorted(known)}; got {sorted(spec)}")
        for key in ("void_values", "date_formats"):
            if key in spec:
                spec[key] = tuple(spec[key])
        if not isinstance(spec["columns"], dict):
            raise InputError("a column map's columns must be an object", field="columns")
        return cls(**spec)

    def identify(self, data: bytes) -> bool:
        """True when the file's first row fits this map (its headers, or a tracking number of
        this carrier's shape in the tracking column)."""
        rows = _first_rows(data, self.delimiter)
        if not rows:
            return False
        if self.has_header:
            header = {cell.strip().lower() for cell in rows[0]}
            return all(str(spec).strip().lower() in header for spec in self.columns.values()
                       if isinstance(spec, str))
        first = rows[0]
        positions = list(self.columns.values())
        if len(first) < max(positions):  # type: ignore[type-var]
            return False
        tracking = first[int(self.columns["tracking_number"]) - 1].strip()
        if not TRACKING[self.carrier].fullmatch(tracking):
            return False
        void = self.columns.get("void")
        return void is None or first[int(void) - 1].strip().upper() in (*self.void_values, "N", "")


UPS_DEFAULT = ColumnMap("ups-default", "ups", False, {
    "void": 1, "order_reference": 2, "tracking_number": 3, "published_charge": 4,
    "negotiated_charge": 5, "service": 6, "ship_date": 7, "weight": 8})
FEDEX_DEFAULT = ColumnMap("fedex-default", "fedex", False, {
    "order_reference": 1, "tracking_number": 2, "negotiated_charge": 3, "published_charge": 4,
    "service": 5, "ship_date": 6, "void": 7})
DEFAULT_MAPS = {m.name: m for m in (UPS_DEFAULT, FEDEX_DEFAULT)}


def read_post_ship(name: str, data: bytes, column_map: ColumnMap) -> CarrierFile:
    """Read a post-ship export through ``column_map``: packages (voids flagged) and rejections."""
    rejections: list[Rejection] = []
    raw = _read_raw(name, _utf8(data, column_map.encoding), column_map, rejections)
    problems: dict[int, list[str]] = {}  # index in raw -> the fields that failed, in order
    trim = pc.utf8_trim_whitespace
    reference, tracking = trim(raw["order_reference"]), trim(raw["tracking_number"])
    void = pc.is_in(pc.utf8_upper(trim(raw["void"])),
                    value_set=pa.array(column_map.void_values, pa.string()))
    _flag(problems, pc.equal(tracking, ""), "tracking_number")
    _flag(problems, pc.and_(pc.equal(reference, ""), pc.invert(void)), "order_reference")
    columns = {"published_charge": _money(raw["published_charge"], "published_charge", problems),
               "negotiated_charge": _money(raw["negotiated_charge"], "negotiated_charge",
                                           problems),
               "weight": _weight(raw["weight"], problems),
               "ship_date": _dates(raw["ship_date"], column_map.date_formats, problems)}
    table = pa.table({
        "order_reference": reference,
        "carrier": pa.repeat(pa.scalar(column_map.carrier), raw.num_rows),
        "service": trim(raw["service"]), "tracking_number": tracking,
        "published_charge": columns["published_charge"],
        "negotiated_charge": columns["negotiated_charge"],
        "weight": columns["weight"], "ship_date": columns["ship_date"], "void": void,
        "source_row": raw["source_row"]}, schema=PACKAGE_SCHEMA)
    if problems:
        texts = raw.take(pa.array(sorted(problems), pa.int64())).to_pylist()
        for index, row in zip(sorted(problems), texts, strict=True):
            for problem in dict.fromkeys(problems[index]):
                rejections.append(_rejection(name, column_map, row["source_row"], problem,
                                             row.get(problem)))
        table = table.filter(pc.invert(pc.is_in(_numbers(0, raw.num_rows),
                                                value_set=pa.array(sorted(problems), pa.int64()))))
    rejections.sort(key=lambda r: r.row)
    return CarrierFile(POST_SHIP_CSV, name, table, (), tuple(rejections))


# An amount written the plain way (digits, a point, two decimals) is what to_money makes of it
# exactly; Arrow casts those in bulk, and to_money reads every other text (once per text).
_PLAIN_AMOUNT = r"^[0-9]{1,10}\.[0-9]{2}$"
_PLAIN_WEIGHT = r"^[0-9]{1,9}(\.[0-9]{1,3})?$"


def _flag(problems: dict[int, list[str]], mask: pa.ChunkedArray | pa.Array, field: str) -> None:
    for index in pc.indices_nonzero(mask).to_pylist():
        problems.setdefault(index, []).append(field)


def _money(texts: pa.ChunkedArray, field: str, problems: dict[int, list[str]]) -> pa.Array:
    """DECIMAL(12,2) per the house rule (:func:`to_money`); blank is no charge (null)."""
    return _decimals(texts, _PLAIN_AMOUNT, pa.decimal128(12, 2), field, problems, _one_amount)


def _weight(texts: pa.ChunkedArray, problems: dict[int, list[str]]) -> pa.Array:
    """Pounds, DECIMAL(12,3): ``12.5``, ``12,0`` (the PC's locale; see parse_quantity)."""
    return _decimals(texts, _PLAIN_WEIGHT, pa.decimal128(12, 3), "weight", problems, _one_weight)


def _decimals(texts: pa.ChunkedArray, plain: str, decimal: pa.DataType, field: str,
              problems: dict[int, list[str]], one: Callable[[str], Decimal | None]) -> pa.Array:
    """Bulk cast of the plain texts; ``one`` (text -> value, None for blank, or raises
    ValueError) for the rest, once per distinct text. A text it refuses is a problem."""
    texts = texts.combine_chunks()
    fast = pc.match_substring_regex(texts, plain)
    values = pc.cast(pc.if_else(fast, texts, pa.scalar("0")), decimal)
    slow = pc.indices_nonzero(pc.invert(fast)).to_pylist()
    if not slow:
        return values
    parsed: dict[str, object] = {}
    replacements = []
    for index, text in zip(slow, texts.take(pa.array(slow, pa.int64())).to_pylist(),
                           strict=True):
        if text not in parsed:
            try:
                parsed[text] = one(text)
            except ValueError:
                parsed[text] = ValueError
        value = parsed[text]
        if value is ValueError:
            problems.setdefault(index, []).append(field)
            value = None
        replacements.append(value)
    return pc.replace_with_mask(values, pc.invert(fast), pa.array(replacements, decimal))


def _one_amount(text: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        return to_money(text)
    except InputError as error:
        raise ValueError(error.reason) from None


def _one_weight(text: str) -> Decimal | None:
    if not text.strip():
        return None
    pounds = parse_quantity(text)
    if pounds is None or pounds >= 10 ** 9:
        raise ValueError(text)
    return pounds


def _dates(texts: pa.ChunkedArray, formats: tuple[str, ...],
           problems: dict[int, list[str]]) -> pa.Array:
    """Ship dates in the map's formats, each distinct text parsed once (a file has few)."""
    encoded = pc.utf8_trim_whitespace(texts).combine_chunks().dictionary_encode()
    days: list[date | None] = []
    bad: list[bool] = []
    for text in encoded.dictionary.to_pylist():
        day = next((d for d in (_strptime(text, f) for f in formats) if d), None)
        days.append(day)
        bad.append(bool(text) and day is None)
    if any(bad):
        _flag(problems, pc.take(pa.array(bad), encoded.indices), "ship_date")
    return pc.take(pa.array(days, pa.date32()), encoded.indices)


def _strptime(text: str, form: str) -> date | None:
    try:
        return datetime.strptime(text, form).date()
    except ValueError:
        return None


def _rejection(name: str, column_map: ColumnMap, row: int, field_name: str,
               value: str | None) -> Rejection:
    spec = column_map.columns.get(field_name)
    label = f"{field_name} (column {spec})" if isinstance(spec, int) else str(spec or field_name)
    if field_name in ("published_charge", "negotiated_charge"):
        try:
            to_money(value)
            reason = f"{value!r} is not an amount like 12.30"
        except InputError as error:
            reason = error.reason
    elif field_name == "ship_date":
        reason = f"{value!r} is not a date like {' or '.join(column_map.date_formats)}"
    elif field_name == "weight":
        reason = f"{value!r} is not a weight like 2.5"
    else:
        reason = "blank"
    return Rejection(name, row, label, reason)


def _read_raw(name: str, data: bytes, column_map: ColumnMap,
              rejections: list[Rejection]) -> pa.Table:
    """Arrow strings, one column per field of FIELDS (blank when the map has no column for
    it), and ``source_row``. Rows with the wrong number of cells become rejections."""
    if column_map.has_header:
        header = next(iter(_first_rows(data, column_map.delimiter)), [])
        actual = {cell.strip().lower(): cell for cell in header}
        columns = {}
        for field_name, spec in column_map.columns.items():
            key = (header[spec - 1] if isinstance(spec, int) and spec <= len(header)
                   else str(spec)).strip().lower()
            if key not in actual:
                raise InputError(f"no column {spec!r} ({field_name}) for column map"
                                 f" {column_map.name!r}", file=name)
            columns[field_name] = actual[key]
        first_row = 2
    else:
        columns = {f: f"f{int(p) - 1}" for f, p in column_map.columns.items()}
        first_row = 1
    convert = pacsv.ConvertOptions(column_types={c: pa.string() for c in columns.values()},
                                   include_columns=list(dict.fromkeys(columns.values())),
                                   strings_can_be_null=False, quoted_strings_can_be_null=False)
    table, invalid = _parse(name, data, column_map, convert, threads=True)
    if invalid:  # Arrow numbers the rows it skips only when reading on one thread
        table, invalid = _parse(name, data, column_map, convert, threads=False)
    skipped = {number for number, _, _ in invalid}
    for number, cells, expected in invalid:
        rejections.append(Rejection(name, number, "(row)",
                                    f"{cells} cells where {expected} were expected"))
    rows = table.num_rows
    out = {f: (table[columns[f]] if f in columns else pa.array([""] * rows, pa.string()))
           for f in FIELDS}
    numbers = _numbers(first_row, first_row + rows + len(skipped))
    if skipped:
        numbers = numbers.filter(pc.invert(pc.is_in(numbers, value_set=pa.array(
            sorted(skipped), pa.int64()))))
    out["source_row"] = numbers
    return pa.table(out)


def _parse(name: str, data: bytes, column_map: ColumnMap, convert: pacsv.ConvertOptions,
           threads: bool) -> tuple[pa.Table, list[tuple[int, int, int]]]:
    """Arrow's parse, and the rows with the wrong number of cells (record number, cells,
    cells expected), which it skips."""
    invalid: list[tuple[int, int, int]] = []

    def skip(row: pacsv.InvalidRow) -> str:
        invalid.append((row.number or 0, row.actual_columns, row.expected_columns))
        return "skip"

    read = pacsv.ReadOptions(autogenerate_column_names=not column_map.has_header,
                             block_size=1 << 22, use_threads=threads)
    parse = pacsv.ParseOptions(delimiter=column_map.delimiter, invalid_row_handler=skip)
    try:
        return pacsv.read_csv(io.BytesIO(data), read, parse, convert), invalid
    except (pa.ArrowInvalid, KeyError) as error:  # KeyError: fewer columns than the map
        if not data.strip():
            empty = pa.table({c: pa.array([], pa.string()) for c in convert.include_columns})
            return empty, []
        raise InputError(f"cannot be read with column map {column_map.name!r}: {error}",
                         file=name) from None


def _numbers(start: int, stop: int) -> pa.Array:
    """start, start + 1, ... stop - 1 as int64 (NumPy builds it; a Python range is converted
    one number at a time)."""
    return pa.array(np.arange(start, stop, dtype=np.int64))


def _utf8(data: bytes, encoding: str) -> bytes:
    """UTF-8 bytes without a BOM: Arrow's fast path. Text that is not UTF-8 is taken to be in
    the map's encoding (WorldShip writes Windows-1252)."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    if data.isascii():
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        return data.decode(encoding, errors="replace").encode("utf-8")


def _first_rows(data: bytes, delimiter: str, count: int = 3) -> list[list[str]]:
    head = data[:8192].removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    lines = [line for line in head.splitlines()[:count + 1] if line.strip()][:count]
    return list(csv.reader(lines, delimiter=delimiter))


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
