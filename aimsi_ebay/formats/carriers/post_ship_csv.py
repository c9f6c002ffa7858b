"""Post-ship CSV exports (WorldShip's export map, FedEx Ship Manager's Integration Assistant),
read through a :class:`ColumnMap` because every desk sets its export up differently.

A map names, for each field, a column position (from 1; WorldShip's export usually has no header)
or a header name (any case). ``ups-default`` and ``fedex-default`` follow FORMATS.md §4-5. A row
whose void flag is set (``Y``) comes out as a void of its tracking number; a row with a malformed
charge, weight or date, or without a tracking number, becomes a :class:`Rejection` while the rest
are read. The file is parsed by Arrow and checked in DuckDB in memory (money with the same rule
as :func:`aimsi_ebay.rules.money.to_money`, once per distinct text), so 100,000 rows take a
fraction of a second. ``row`` in a rejection counts the file's records from 1, header included.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.carriers.packages import (
    CARRIERS,
    PACKAGE_SCHEMA,
    POST_SHIP_CSV,
    CarrierFile,
    Rejection,
)
from aimsi_ebay.rules.money import to_money
from aimsi_ebay.sql.money import money_sql

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
    con = duckdb.connect()
    try:
        con.register("raw", raw)
        checked = con.execute(_CHECK_SQL.format(
            money=money_sql("texts"),
            formats="[" + ", ".join(_sql_text(f) for f in column_map.date_formats) + "]",
            voids="[" + ", ".join(_sql_text(v) for v in column_map.void_values) + "]",
            carrier=_sql_text(column_map.carrier))).to_arrow_table()
    finally:
        con.close()
    rows = checked["source_row"]
    if len(rows) > 1 and not pc.all(pc.greater(rows[1:], rows[:-1])).as_py():
        checked = checked.sort_by("source_row")  # cheaper here than ORDER BY in the query
    bad = pc.greater(pc.list_value_length(checked["problems"]), 0)
    if pc.any(bad).as_py():
        rows = checked["source_row"].filter(bad)
        where = pc.index_in(rows, value_set=raw["source_row"])
        for row, index, problems in zip(rows.to_pylist(), where.to_pylist(),
                                        checked["problems"].filter(bad).to_pylist(), strict=True):
            texts = raw.slice(index, 1).to_pylist()[0]
            rejections.extend(_rejection(name, column_map, row, problem, texts.get(problem))
                              for problem in problems)
        checked = checked.filter(pc.invert(bad))
    rejections.sort(key=lambda r: r.row)
    table = checked.drop_columns(["problems"]).cast(PACKAGE_SCHEMA)
    return CarrierFile(POST_SHIP_CSV, name, table, (), tuple(rejections))


_CHECK_SQL = """
WITH texts AS (
    SELECT DISTINCT t FROM (SELECT published_charge AS t FROM raw
                            UNION ALL SELECT negotiated_charge FROM raw) WHERE trim(t) <> ''),
amounts AS ({money}),
days AS (  -- a file has few distinct dates and weights: parse each once
    SELECT d, CAST(try_strptime(trim(d), {formats}) AS DATE) AS day
    FROM (SELECT DISTINCT ship_date AS d FROM raw)),
weights AS (
    SELECT w, TRY_CAST(CASE WHEN contains(w, ',') AND NOT contains(w, '.')
                            THEN replace(trim(w), ',', '.')
                            ELSE replace(trim(w), ',', '') END AS DECIMAL(12,3)) AS pounds
    FROM (SELECT DISTINCT weight AS w FROM raw)),
parsed AS (
    SELECT raw.*, pa.amount AS published_amount, na.amount AS negotiated_amount,
           days.day AS ship_day, weights.pounds,
           list_contains({voids}, upper(trim(raw.void))) AS is_void
    FROM raw
    LEFT JOIN amounts pa ON pa.t = raw.published_charge
    LEFT JOIN amounts na ON na.t = raw.negotiated_charge
    LEFT JOIN days ON days.d = raw.ship_date
    LEFT JOIN weights ON weights.w = raw.weight)
SELECT trim(order_reference) AS order_reference, {carrier} AS carrier,
       trim(service) AS service, trim(tracking_number) AS tracking_number,
       published_amount AS published_charge, negotiated_amount AS negotiated_charge,
       pounds AS weight, ship_day AS ship_date, is_void AS void, source_row,
       list_filter([
           CASE WHEN trim(tracking_number) = '' THEN 'tracking_number' END,
           CASE WHEN trim(order_reference) = '' AND NOT is_void THEN 'order_reference' END,
           CASE WHEN trim(published_charge) <> '' AND published_amount IS NULL
                THEN 'published_charge' END,
           CASE WHEN trim(negotiated_charge) <> '' AND negotiated_amount IS NULL
                THEN 'negotiated_charge' END,
           CASE WHEN trim(weight) <> '' AND pounds IS NULL THEN 'weight' END,
           CASE WHEN trim(ship_date) <> '' AND ship_day IS NULL THEN 'ship_date' END
       ], x -> x IS NOT NULL) AS problems
FROM parsed
"""


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
    numbers = range(first_row, first_row + rows + len(skipped))
    out["source_row"] = pa.array([n for n in numbers if n not in skipped] if skipped
                                 else numbers, pa.int64())
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
