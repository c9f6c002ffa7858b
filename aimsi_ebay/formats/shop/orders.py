"""Web-shop orders as read from a shop's export (FORMATS.md §6): the records every shop reader gives.

Shopify and any mapped shop produce the same :class:`ShopOrder` records, so the operations above
need one code path for all shops. Amounts are Decimal; an order whose amounts do not add up is
read as the file states it and carries the reason in ``review`` (never silently altered).

The identity checked is Shopify's own (FORMATS.md §6: ``Subtotal`` is after discounts)::

    subtotal = Σ(quantity × unit price) − discount amount
    total    = subtotal + shipping + tax + duties

so ``total = lines + shipping + tax + duties − discount``. ``Lineitem discount`` is the share
of the order's discount allocated to a line: it is kept on the line but not subtracted again.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from aimsi_ebay.errors import InputError, Rejection
from aimsi_ebay.formats.input_limits import MAX_QUANTITY
from aimsi_ebay.rules.money import ZERO, money_str, to_money

FINANCIAL_STATUSES = (
    "paid",
    "pending",
    "authorized",
    "partially_paid",
    "partially_refunded",
    "refunded",
    "voided",
)

# Formats tried, in order, when a map names no date format (Shopify's first).
DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
)


@dataclass(frozen=True)
class ShopAddress:
    """A billing or shipping address; country and province as the shop's codes (``US``, ``IL``)."""

    name: str = ""
    company: str = ""
    address1: str = ""
    address2: str = ""
    city: str = ""
    province_code: str = ""
    zip: str = ""
    country_code: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ShopLine:
    """One line item: ``discount`` is the order discount allocated to it (already in subtotal)."""

    row: int
    sku: str
    title: str
    quantity: int
    unit_price: Decimal
    discount: Decimal = ZERO

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class ShopOrder:
    """One web-shop order as its export states it. ``name`` is the shop's order key (``#1001``)."""

    row: int
    name: str
    email: str
    financial_status: str
    fulfillment_status: str
    created_at: datetime | date | None
    paid_at: datetime | date | None
    cancelled_at: datetime | date | None
    currency: str
    subtotal: Decimal
    shipping: Decimal
    tax: Decimal
    duties: Decimal
    discount_code: str
    discount_amount: Decimal
    total: Decimal
    refunded_amount: Decimal
    outstanding_balance: Decimal | None
    payment_method: str
    payment_reference: str
    shipping_method: str
    billing: ShopAddress
    shipping_address: ShopAddress
    lines: tuple[ShopLine, ...]
    tax_lines: tuple[tuple[str, Decimal], ...] = ()
    review: tuple[str, ...] = ()

    @property
    def merchandise(self) -> Decimal:
        """Σ quantity × unit price, before the order's discount."""
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready values: money as ``"12.30"``, dates in ISO form."""
        return _plain(asdict(self))


@dataclass(frozen=True)
class ShopFile:
    """A read shop export: its orders, and its rejected rows (every row is in one or the other)."""

    format: str
    file_name: str
    rows_read: int
    orders: tuple[ShopOrder, ...]
    rejections: tuple[Rejection, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "format": self.format,
            "file_name": self.file_name,
            "rows_read": self.rows_read,
            "orders": [order.as_dict() for order in self.orders],
            "rejections": [rejection.as_dict() for rejection in self.rejections],
        }


def amount_review(order: ShopOrder) -> tuple[str, ...]:
    """Why the order's amounts do not add up (empty when they do)."""
    reasons = []
    expected_subtotal = order.merchandise - order.discount_amount
    if order.subtotal != expected_subtotal:
        reasons.append(
            f"Subtotal {money_str(order.subtotal)} is not lines {money_str(order.merchandise)}"
            f" - discount {money_str(order.discount_amount)} = {money_str(expected_subtotal)}"
        )
    expected_total = order.subtotal + order.shipping + order.tax + order.duties
    if order.total != expected_total:
        reasons.append(
            f"Total {money_str(order.total)} is not subtotal + shipping + taxes + duties"
            f" = {money_str(expected_total)}"
        )
    if order.refunded_amount > order.total:
        reasons.append(
            f"Refunded Amount {money_str(order.refunded_amount)} exceeds the total"
            f" {money_str(order.total)}"
        )
    if order.refunded_amount < ZERO or order.total < ZERO:
        reasons.append("a negative total or refund")
    return tuple(reasons)


# -- text helpers shared by the shop readers ------------------------------------------------------


def decode(data: bytes | str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (spreadsheets save shop exports in it)."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def header_key(name: str) -> str:
    """Header names compare without case, BOM or repeated spaces."""
    return " ".join(name.replace("\ufeff", "").lower().split())


def parse_money(text: str, header: str, *, decimal_comma: bool = False) -> Decimal:
    """An amount, blank = 0. With ``decimal_comma`` the file writes ``1.234,56``: the dot only
    groups thousands, so ``12.50`` is refused rather than read as 1250."""
    text = text.strip()
    if not text:
        return ZERO
    if decimal_comma:
        if not _DECIMAL_COMMA.fullmatch(text):
            raise InputError(f"{text!r} is not an amount like 1.234,56", field=header)
        text = text.replace(".", "").replace(",", ".")
    return to_money(text, field=header)


_DECIMAL_COMMA = re.compile(r"-?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?")


def parse_date(text: str, header: str, fmt: str | None = None) -> datetime | date | None:
    """A date or time; blank = None. ``fmt`` (strptime) when the map names one, else ISO forms."""
    text = text.strip()
    if not text:
        return None
    for candidate in (fmt,) if fmt else DATE_FORMATS:
        try:
            value = datetime.strptime(text, candidate)
        except ValueError:
            continue
        has_time = any(code in candidate for code in ("%H", "%I", "%M", "%S"))
        return value if has_time else value.date()
    expected = _SAMPLE_TIME.strftime(fmt) if fmt else "2026-05-01 10:00:00 -0400"
    raise InputError(f"{text!r} is not a date like {expected}", field=header)


_SAMPLE_TIME = datetime(2026, 5, 1, 10, 0, tzinfo=timezone(timedelta(hours=-4)))


def parse_quantity(text: str, header: str) -> int:
    text = text.strip()
    if not text.isascii() or not text.isdigit():
        raise InputError(f"{text!r} is not a whole quantity like 2", field=header)
    if int(text) > MAX_QUANTITY:  # the database holds a quantity as a 32-bit integer
        raise InputError(f"{text[:30]!r} is too large (at most {MAX_QUANTITY:,})", field=header)
    return int(text)


def clean_code(text: str) -> str:
    """Postal codes and phones lose the ``'`` a spreadsheet put before them (``'02928``)."""
    return text.strip().removeprefix("'").strip()


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return money_str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value
