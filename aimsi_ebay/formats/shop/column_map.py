"""Any web shop's order export through a saved column map (issue 17): no code per shop.

A :class:`ColumnMap` names, for each of the shop's headers it uses, the :class:`ShopOrder` field
it fills (``"Order Number": "name"``, ``"Item SKU": "line.sku"``). Several headers may fill one
text field; their values are joined by a space (WooCommerce's first and last names). A map is
checked when it is built, so a map missing a required field is refused before any file is read.
Shopify's own reader is this engine with a built-in map (``shopify.py``); ``maps.py`` holds
the built-in maps.

Files are one row per line item; rows of one order share its order name and need not be
adjacent. Order-level values may sit on the first row only (Shopify) or repeat on every row
(WooCommerce): the first non-blank value counts, and rows that disagree reject their order.
Columns a map leaves out: subtotal = lines − discount; money = 0; financial status = ``paid``
when there is a paid date, else ``pending`` (refunds turn it to ``(partially_)refunded``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.shop.orders import (
    FINANCIAL_STATUSES,
    Rejection,
    ShopAddress,
    ShopFile,
    ShopLine,
    ShopOrder,
    amount_review,
    clean_code,
    decode,
    header_key,
    parse_date,
    parse_money,
    parse_quantity,
)
from aimsi_ebay.rules.money import ZERO

_ADDRESS_FIELDS = tuple(f.name for f in fields(ShopAddress))
TEXT_FIELDS = (
    "name", "email", "financial_status", "fulfillment_status", "currency", "discount_code",
    "payment_method", "payment_reference", "shipping_method", "line.sku", "line.title",
    *(f"{prefix}.{name}" for prefix in ("billing", "shipping_address") for name in _ADDRESS_FIELDS),
)  # fmt: skip
MONEY_FIELDS = (
    "subtotal", "shipping", "tax", "duties", "discount_amount", "total", "refunded_amount",
    "outstanding_balance", "line.unit_price", "line.discount",
)  # fmt: skip
DATE_FIELDS = ("created_at", "paid_at", "cancelled_at")
INT_FIELDS = ("line.quantity",)
FIELDS = (*TEXT_FIELDS, *MONEY_FIELDS, *DATE_FIELDS, *INT_FIELDS)
LINE_FIELDS = tuple(name for name in FIELDS if name.startswith("line."))
# Each entry: the fields of which one must be mapped.
REQUIRED = (
    ("name",),
    ("email", "billing.name", "shipping_address.name"),
    ("line.sku", "line.title"),
    ("line.quantity",),
    ("line.unit_price",),
    ("total",),
)
_CODE_FIELDS = {f"{p}.{n}" for p in ("billing", "shipping_address") for n in ("zip", "phone")}
_JSON_KEYS = {"name", "fields", "date_format", "decimal_comma", "statuses"}


@dataclass(frozen=True)
class ColumnMap:
    """A shop's headers → our fields, with how the shop writes dates, amounts and statuses.

    ``statuses`` turns the shop's order status wording (any case) into ours
    (``{"completed": "paid"}``); without it the file must use Shopify's words.
    """

    name: str
    fields: dict[str, str]
    date_format: str | None = None
    decimal_comma: bool = False
    statuses: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        where = f"column map {self.name!r}"
        if not isinstance(self.name, str) or not self.name.strip():
            raise InputError("a column map needs a name")
        if not isinstance(self.fields, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in self.fields.items()
        ):
            raise InputError(f"{where}: fields must map header names to field names")
        unknown = sorted({v for v in self.fields.values() if v not in FIELDS})
        if unknown:
            raise InputError(
                f"{where}: unknown fields {', '.join(unknown)} (known: {', '.join(FIELDS)})"
            )
        seen: dict[str, str] = {}
        for header in self.fields:
            key = header_key(header)
            if not key or key in seen:
                raise InputError(f"{where}: header {header!r} is blank or given twice")
            seen[key] = header
        for target, headers in self.headers_by_field().items():
            if len(headers) > 1 and target not in TEXT_FIELDS:
                raise InputError(f"{where}: {target} takes one header, not {headers}")
        missing = [" or ".join(group) for group in REQUIRED if not set(group) & self.mapped]
        if missing:
            raise InputError(f"{where} lacks required fields: {'; '.join(missing)}")
        bad = sorted(v for v in self.statuses.values() if v not in FINANCIAL_STATUSES)
        if bad:
            raise InputError(
                f"{where}: statuses {bad} are not among {', '.join(FINANCIAL_STATUSES)}"
            )
        if self.date_format is not None and "%" not in self.date_format:
            raise InputError(f"{where}: date format {self.date_format!r} is not like %Y-%m-%d")

    @property
    def mapped(self) -> set[str]:
        return set(self.fields.values())

    def headers_by_field(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for header, target in self.fields.items():
            found.setdefault(target, []).append(header)
        return found

    def matches(self, header: list[str]) -> bool:
        """Whether a file's header holds every column this map names."""
        present = {header_key(name) for name in header}
        return all(header_key(name) in present for name in self.fields)

    def to_json(self) -> str:
        return json.dumps(
            {
                "name": self.name,
                "fields": self.fields,
                "date_format": self.date_format,
                "decimal_comma": self.decimal_comma,
                "statuses": self.statuses,
            },
            indent=1,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> ColumnMap:
        """A saved map, checked as when it was built; bad JSON is an InputError, not a crash."""
        try:
            values = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(f"a column map is not valid JSON: {error.msg}") from None
        if not isinstance(values, dict) or not {"name", "fields"} <= values.keys():
            raise InputError("a column map needs at least a name and fields")
        extra = sorted(set(values) - _JSON_KEYS)
        if extra:
            raise InputError(f"a column map has unknown keys {extra}")
        if not isinstance(values.get("decimal_comma", False), bool) or not isinstance(
            values.get("statuses", {}), dict
        ):
            raise InputError("a column map's decimal_comma must be true/false, statuses a map")
        return cls(**values)


def read_mapped(
    name: str, data: bytes | str, column_map: ColumnMap, *, fmt: str | None = None
) -> ShopFile:
    """Read a shop export through ``column_map``: orders, and rejected rows with their reasons.

    A file missing a column the map requires is refused whole (InputError); a bad order is
    rejected with all its rows while the others are read.
    """
    records = [(number, row) for number, row in enumerate(csv.reader(io.StringIO(decode(data))), 1)]
    records = [(number, row) for number, row in records if any(cell.strip() for cell in row)]
    if not records:
        raise InputError("the file is empty", file=name)
    header = records[0][1]
    positions = header_positions(name, header, column_map)
    taxes = tax_columns(header)
    rejections: list[Rejection] = []
    groups: dict[str, list[tuple[int, list[str]]]] = {}
    for number, row in records[1:]:
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            rejections.append(Rejection(name, number, None, "more fields than the header"))
            continue
        row = row + [""] * (len(header) - len(row))
        key = _text(row, positions.get("name", []))
        if not key:
            field_name = column_map.headers_by_field()["name"][0]
            rejections.append(Rejection(name, number, field_name, "no order name"))
            continue
        groups.setdefault(key, []).append((number, row))
    reader = OrderReader(column_map, positions, taxes, header)
    orders = []
    for key, rows in groups.items():
        read = read_order(reader, name, key, rows)
        if isinstance(read, ShopOrder):
            orders.append(read)
        else:
            rejections.extend(read)
    rejections.sort(key=lambda r: r.row or 0)
    return ShopFile(
        format=fmt or f"map:{column_map.name}",
        file_name=name,
        rows_read=len(records) - 1,
        orders=tuple(orders),
        rejections=tuple(rejections),
    )


def read_order(
    reader: OrderReader, file: str, key: str, rows: list[tuple[int, list[str]]]
) -> ShopOrder | list[Rejection]:
    """One order from its rows (number, cells), or the rejection of every row: the first
    problem on its row and field, the order's other rows pointing to it."""
    try:
        return reader.order(rows)
    except InputError as error:
        return [Rejection(file, error.row, error.field, error.reason)] + [
            Rejection(file, number, None, f"order {key} was rejected (row {error.row})")
            for number, _ in rows
            if number != error.row
        ]


def header_positions(file: str, header: list[str], column_map: ColumnMap) -> dict[str, list[int]]:
    index = {header_key(title): i for i, title in reversed(list(enumerate(header)))}
    positions: dict[str, list[int]] = {}
    for target, headers in column_map.headers_by_field().items():
        found = [index[header_key(h)] for h in headers if header_key(h) in index]
        if found:
            positions[target] = found
    for group in REQUIRED:
        if not set(group) & positions.keys():
            wanted = [h for t in group for h in column_map.headers_by_field().get(t, [])]
            raise InputError(
                f"the header lacks {' or '.join(repr(h) for h in wanted)}"
                f" (column map {column_map.name!r})",
                file=file,
            )
    return positions


_TAX = re.compile(r"^tax ([0-9]+) (name|value)$")


def tax_columns(header: list[str]) -> list[tuple[int, int, str]]:
    """Shopify's ``Tax N Name``/``Tax N Value`` pairs: (name position, value position, header)."""
    found: dict[str, dict[str, int]] = {}
    for i, title in enumerate(header):
        match = _TAX.match(header_key(title))
        if match:
            found.setdefault(match.group(1), {})[match.group(2)] = i
    return [
        (pair["name"], pair["value"], header[pair["value"]])
        for _, pair in sorted(found.items(), key=lambda item: int(item[0]))
        if {"name", "value"} <= pair.keys()
    ]


def _text(row: list[str], where: list[int]) -> str:
    return " ".join(part for part in (row[i].strip() for i in where) if part)


class OrderReader:
    """Builds one ShopOrder from its rows; any problem is an InputError naming row and field."""

    def __init__(
        self,
        column_map: ColumnMap,
        positions: dict[str, list[int]],
        taxes: list[tuple[int, int, str]],
        header: list[str],
    ) -> None:
        self.map = column_map
        self.positions = positions
        self.taxes = taxes
        self.header = header
        self.statuses = {header_key(k): v for k, v in column_map.statuses.items()}

    def _header(self, target: str) -> str:
        return self.header[self.positions[target][0]] if target in self.positions else target

    def _raw(self, row: list[str], target: str) -> str:
        text = _text(row, self.positions.get(target, []))
        return clean_code(text) if target in _CODE_FIELDS else text

    def _order_value(self, rows: list[tuple[int, list[str]]], target: str) -> tuple[int, str]:
        """The first non-blank value of an order-level field, and its row; conflicts reject."""
        found: tuple[int, str] | None = None
        for number, row in rows:
            text = self._raw(row, target)
            if not text:
                continue
            if found is None:
                found = (number, text)
            elif text != found[1]:
                raise InputError(
                    f"the order's rows disagree ({found[1]!r} on row {found[0]}, {text!r} here)",
                    row=number,
                    field=self._header(target),
                )
        return found or (rows[0][0], "")

    def _convert(self, target: str, number: int, text: str) -> object:
        header = self._header(target)
        try:
            if target in MONEY_FIELDS:
                return parse_money(text, header, decimal_comma=self.map.decimal_comma)
            if target in DATE_FIELDS:
                return parse_date(text, header, self.map.date_format)
            if target in INT_FIELDS:
                return parse_quantity(text, header)
        except InputError as error:
            raise InputError(error.reason, row=number, field=header) from None
        return text

    def order(self, rows: list[tuple[int, list[str]]]) -> ShopOrder:
        values: dict[str, object] = {}
        for target in FIELDS:
            if target in LINE_FIELDS:
                continue
            number, text = self._order_value(rows, target)
            values[target] = self._convert(target, number, text)
        lines = tuple(self._line(number, row) for number, row in rows)
        first = rows[0][0]
        merchandise = sum((line.amount for line in lines), ZERO)
        if "subtotal" not in self.positions:
            values["subtotal"] = merchandise - values["discount_amount"]
        if not self._order_value(rows, "outstanding_balance")[1]:
            values["outstanding_balance"] = None  # not stated (ZERO would claim "nothing due")
        if "total" in self.positions and not self._order_value(rows, "total")[1]:
            raise InputError("no order total", row=first, field=self._header("total"))
        values["financial_status"] = self._status(rows, values)
        address = {
            prefix: ShopAddress(**{n: values.pop(f"{prefix}.{n}") for n in _ADDRESS_FIELDS})
            for prefix in ("billing", "shipping_address")
        }
        order = ShopOrder(
            row=first,
            **values,
            billing=address["billing"],
            shipping_address=address["shipping_address"],
            lines=lines,
            tax_lines=self._tax_lines(rows),
        )
        return _with_review(order)

    def _status(self, rows: list[tuple[int, list[str]]], values: dict[str, object]) -> str:
        number, text = self._order_value(rows, "financial_status")
        if "financial_status" not in self.positions:
            refunded, total = values["refunded_amount"], values["total"]
            if refunded and refunded >= total:
                return "refunded"
            if refunded:
                return "partially_refunded"
            return "paid" if values["paid_at"] else "pending"
        status = self.statuses.get(header_key(text), header_key(text).replace(" ", "_"))
        if status not in FINANCIAL_STATUSES:
            raise InputError(
                f"{text!r} is not a known status ({', '.join(FINANCIAL_STATUSES)})",
                row=number,
                field=self._header("financial_status"),
            )
        return status

    def _line(self, number: int, row: list[str]) -> ShopLine:
        sku, title = self._raw(row, "line.sku"), self._raw(row, "line.title")
        if not sku and not title:
            field_name = self._header(
                "line.title" if "line.title" in self.positions else "line.sku"
            )
            raise InputError("a line item needs a SKU or a title", row=number, field=field_name)
        for target in ("line.quantity", "line.unit_price"):
            if not self._raw(row, target):
                raise InputError("is blank on a line item", row=number, field=self._header(target))
        quantity = self._convert("line.quantity", number, self._raw(row, "line.quantity"))
        price = self._convert("line.unit_price", number, self._raw(row, "line.unit_price"))
        discount = self._convert("line.discount", number, self._raw(row, "line.discount"))
        return ShopLine(number, sku, title, quantity, price, discount)  # type: ignore[arg-type]

    def _tax_lines(self, rows: list[tuple[int, list[str]]]) -> tuple[tuple[str, Decimal], ...]:
        found = []
        for number, row in rows:
            for name_at, value_at, header in self.taxes:
                title, text = row[name_at].strip(), row[value_at].strip()
                if title or text:
                    amount = self._convert_tax(number, header, text)
                    found.append((title, amount))
        return tuple(found)

    def _convert_tax(self, number: int, header: str, text: str) -> Decimal:
        try:
            return parse_money(text, header, decimal_comma=self.map.decimal_comma)
        except InputError as error:
            raise InputError(error.reason, row=number, field=header) from None


def _with_review(order: ShopOrder) -> ShopOrder:
    reasons = amount_review(order)
    return replace(order, review=reasons) if reasons else order
