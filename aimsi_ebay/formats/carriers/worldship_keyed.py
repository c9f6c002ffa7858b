"""The keyed-import lookup file: one row per open order, which WorldShip (or FedEx Ship Manager)
looks up when the operator types or scans the order number (FORMATS.md §4, §5).

Each carrier's column set is declared once (:data:`UPS_KEYED`, :data:`FEDEX_KEYED`; the FedEx
names are ours — FedEx's field names are unconfirmed, its profile maps any column). Column and
file names hold only ``.$_0-9A-Z``; the text is Windows-1252 with CRLF line ends; every value is
fitted to WorldShip's limits (:mod:`.orders`) and each change comes back in the report.

The writer is column-oriented so 100,000 orders take a fraction of a second: the values are
checked with Arrow compute, only the few that are not plain ASCII within their limit are fitted
in Python (once per distinct value), and Arrow writes the CSV. :func:`lookup_file` takes
:class:`CarrierOrder` records and goes through the same path.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.atomic import write_atomic
from aimsi_ebay.formats.carriers.orders import (
    ADDRESS_FIELDS,
    LIMITS,
    CarrierOrder,
    FitNote,
    fit_address,
    fit_text,
)

_NAME = re.compile(r"^[.$_0-9A-Z]+$")


@dataclass(frozen=True)
class KeyedColumn:
    """A column of the lookup file: its header and the carrier field it holds (see FIELDS)."""

    header: str
    field: str


# What a column can hold: CarrierOrder's fields plus these derived ones.
DERIVED = ("company_or_name", "ship_attention", "contact", "reference1", "reference2",
           "residential_flag", "weight")
FIELDS = tuple(f.name for f in fields(CarrierOrder)) + DERIVED


@dataclass(frozen=True)
class KeyedLayout:
    """One carrier's lookup file: its columns (in order) and its default file name."""

    name: str
    carrier: str
    file_name: str
    columns: tuple[KeyedColumn, ...]

    def __post_init__(self) -> None:
        for name in (self.file_name, *(c.header for c in self.columns)):
            if not _NAME.match(name):
                raise ValueError(f"{name!r}: WorldShip names may hold only .$_0-9A-Z")
        unknown = [c.field for c in self.columns if c.field not in FIELDS]
        if unknown:
            raise ValueError(f"unknown lookup-file fields: {unknown}")

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def _columns(*pairs: tuple[str, str]) -> tuple[KeyedColumn, ...]:
    return tuple(KeyedColumn(header, field) for header, field in pairs)


UPS_KEYED = KeyedLayout("ups", "ups", "UPSORDERS.CSV", _columns(
    ("ORDERNO", "order_number"), ("SHIPCOMPANY", "company_or_name"),
    ("SHIPATTN", "ship_attention"), ("SHIPADDR1", "address1"), ("SHIPADDR2", "address2"),
    ("SHIPADDR3", "address3"), ("SHIPCITY", "city"), ("SHIPSTATE", "state"),
    ("SHIPZIP", "postal_code"), ("SHIPCOUNTRY", "country"), ("SHIPPHONE", "phone"),
    ("SHIPEMAIL", "email"), ("SERVICE", "service_code"), ("RESIDENTIAL", "residential_flag"),
    ("WEIGHT", "weight"), ("REF1", "reference1"), ("REF2", "reference2"),
))
FEDEX_KEYED = KeyedLayout("fedex", "fedex", "FEDEXORDERS.CSV", _columns(
    ("ORDERNO", "order_number"), ("RECIPCONTACT", "contact"), ("RECIPCOMPANY", "company"),
    ("RECIPADDR1", "address1"), ("RECIPADDR2", "address2"), ("RECIPADDR3", "address3"),
    ("RECIPCITY", "city"), ("RECIPSTATE", "state"), ("RECIPZIP", "postal_code"),
    ("RECIPCOUNTRY", "country"), ("RECIPPHONE", "phone"), ("RECIPEMAIL", "email"),
    ("RESIDENTIAL", "residential_flag"), ("SERVICE", "service_code"), ("WEIGHT", "weight"),
    ("REF1", "reference1"), ("REF2", "reference2"),
))
LAYOUTS = {layout.name: layout for layout in (UPS_KEYED, FEDEX_KEYED)}


@dataclass(frozen=True)
class LookupReport:
    """How many rows were written and every value changed to fit."""

    rows: int
    notes: tuple[FitNote, ...]

    @property
    def truncations(self) -> tuple[FitNote, ...]:
        return tuple(n for n in self.notes if n.reason == "truncated")


def check_file_name(path: str | os.PathLike[str]) -> Path:
    """The path, if its file name is one WorldShip accepts (``.$_0-9A-Z``, any case)."""
    path = Path(path)
    if not _NAME.match(path.name.upper()):
        raise InputError(f"{path.name!r}: WorldShip file names may hold only letters, digits"
                         " and . $ _", file=str(path))
    return path


def orders_table(orders: Iterable[CarrierOrder]) -> pa.Table:
    """CarrierOrder records as the columns :func:`lookup_table_file` reads."""
    rows = list(orders)
    columns = {f.name: [getattr(o, f.name) for o in rows] for f in fields(CarrierOrder)}
    types = {"residential": pa.bool_(), "weight_lbs": pa.decimal128(12, 3)}
    return pa.table({name: pa.array(values, type=types.get(name, pa.string()))
                     for name, values in columns.items()})


def lookup_file(orders: Iterable[CarrierOrder], layout: KeyedLayout = UPS_KEYED
                ) -> tuple[bytes, LookupReport]:
    """The lookup file's bytes for these orders, and the report of fitted values."""
    return lookup_table_file(orders_table(orders), layout)


def write_lookup_file(path: str | os.PathLike[str],
                      orders: Iterable[CarrierOrder] | pa.Table | Mapping[str, Sequence],
                      layout: KeyedLayout = UPS_KEYED) -> LookupReport:
    """Write the lookup file to ``path`` atomically (the desk never reads half a file)."""
    path = check_file_name(path)
    if isinstance(orders, pa.Table | Mapping):
        data, report = lookup_table_file(orders, layout)
    else:
        data, report = lookup_file(orders, layout)
    write_atomic(path, data)
    return report


def lookup_table_file(table: pa.Table | Mapping[str, Sequence],
                      layout: KeyedLayout = UPS_KEYED) -> tuple[bytes, LookupReport]:
    """The lookup file for a table (or dict of lists) with CarrierOrder's column names."""
    if not isinstance(table, pa.Table):
        table = pa.table(dict(table))
    missing = [f.name for f in fields(CarrierOrder) if f.name not in table.column_names]
    if missing:
        raise InputError(f"the orders table lacks columns {missing}")
    notes: list[FitNote] = []
    text = {name: _text(table[name]) for name in table.column_names
            if name not in ("residential", "weight_lbs")}
    numbers = text["order_number"]
    for name in ("name", "attention", "company", "city", "state", "postal_code", "country",
                 "phone", "email", "service_code", "order_number", "ebay_order_number"):
        limit = LIMITS.get("reference1" if name == "ebay_order_number" else name)
        text[name] = _fit_column(text[name], numbers, name, limit, notes)
    text.update(_fit_addresses(text, numbers, notes))
    text.update(_derived(text, table))
    out = pa.table({c.header: text[c.field] for c in layout.columns})
    sink = io.BytesIO()
    sink.write((",".join(layout.headers) + "\r\n").encode("ascii"))
    pacsv.write_csv(out, sink, pacsv.WriteOptions(include_header=False, eol="\r\n"))
    data = _cp1252(sink.getvalue())
    order = {number: i for i, number in enumerate(numbers.to_pylist())} if notes else {}
    notes.sort(key=lambda note: order.get(note.order_number, 0))  # by row, then field
    return data, LookupReport(out.num_rows, tuple(notes))


def _text(column: pa.ChunkedArray) -> pa.Array:
    array = column.combine_chunks()
    if not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    return pc.ascii_trim_whitespace(pc.fill_null(array, ""))


def _needs_fitting(column: pa.Array, limit: int | None) -> pa.Array:
    """Values that are not printable ASCII (accents, other scripts, control characters) or
    longer than the limit: the only ones fitted in Python."""
    mask = pc.invert(pc.ascii_is_printable(column))
    if limit is not None:
        mask = pc.or_(mask, pc.greater(pc.binary_length(column), limit))
    return mask


def _cp1252(data: bytes) -> bytes:
    """Arrow's UTF-8 output as Windows-1252. Every character is Windows-1252 by now and none is
    a C1 control (U+0080-U+009F), so where the text is all Latin-1 the fast Latin-1 codec gives
    the same bytes; otherwise (€, curly quotes, Š…) the cp1252 codec does it."""
    if data.isascii():
        return data
    text = data.decode("utf-8")
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("cp1252")


def _fit_column(column: pa.Array, numbers: pa.Array, name: str, limit: int | None,
                notes: list[FitNote]) -> pa.Array:
    """Fit the few values that are not plain ASCII within the limit, once per distinct value."""
    mask = _needs_fitting(column, limit)
    where = pc.indices_nonzero(mask)
    if len(where) == 0:
        return column
    cache: dict[str, tuple[str, list[FitNote]]] = {}
    fitted = []
    for value, number in zip(column.take(where).to_pylist(), numbers.take(where).to_pylist(),
                             strict=True):
        if value not in cache:
            found: list[FitNote] = []
            cache[value] = (fit_text("", name, value, found, limit=limit), found)
        written, found = cache[value]
        fitted.append(written)
        notes.extend(replace(note, order_number=number) for note in found)
    return pc.replace_with_mask(column, mask, pa.array(fitted, pa.string()))


def _fit_addresses(text: dict[str, pa.Array], numbers: pa.Array,
                   notes: list[FitNote]) -> dict[str, pa.Array]:
    """Address lines are fitted together (a long line wraps onto a free one)."""
    lines = [text[name] for name in ADDRESS_FIELDS]
    mask = _needs_fitting(lines[0], LIMITS["address1"])
    for line in lines[1:]:
        mask = pc.or_(mask, _needs_fitting(line, LIMITS["address1"]))
    where = pc.indices_nonzero(mask)
    if len(where) == 0:
        return dict(zip(ADDRESS_FIELDS, lines, strict=True))
    values = [line.take(where).to_pylist() for line in lines]
    fitted: list[list[str]] = [[], [], []]
    for number, *three in zip(numbers.take(where).to_pylist(), *values, strict=True):
        for i, piece in enumerate(fit_address(number, tuple(three), notes)):
            fitted[i].append(piece)
    return {name: pc.replace_with_mask(line, mask, pa.array(new, pa.string()))
            for name, line, new in zip(ADDRESS_FIELDS, lines, fitted, strict=True)}


def _derived(text: dict[str, pa.Array], table: pa.Table) -> dict[str, pa.Array]:
    """The columns computed from others, as :func:`.orders.ship_to_names` does for one order."""
    company, name, attention = text["company"], text["name"], text["attention"]
    has_company = pc.not_equal(company, "")
    other_name = pc.if_else(pc.not_equal(name, company), name, "")
    own_attention = pc.if_else(pc.not_equal(attention, name), attention, "")
    weight = table["weight_lbs"].combine_chunks()
    if not pa.types.is_string(weight.type):
        weight = pc.cast(weight, pa.string())
    residential = pc.fill_null(table["residential"].combine_chunks(), False)
    return {
        "company_or_name": pc.if_else(has_company, company, name),
        "ship_attention": pc.if_else(
            has_company, pc.if_else(pc.not_equal(attention, ""), attention, other_name),
            own_attention),
        "contact": pc.if_else(pc.not_equal(attention, ""), attention, name),
        "reference1": text["order_number"],
        "reference2": text["ebay_order_number"],
        "residential_flag": pc.if_else(residential, "Y", "N"),
        "weight": pc.fill_null(weight, ""),
    }
