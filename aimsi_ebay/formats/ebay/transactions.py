"""eBay's Transaction report (Seller Hub › Payments › Reports; FORMATS.md §8): eBay's money events.

A preamble (a ``--`` row, notes, "Transaction report", ``Seller``, ``Start date``, ``End date``)
comes before the header, then one row per money event: Order, Refund, Shipping label, Payout,
Claim, Payment dispute, Other fee, Adjustment, Hold, Transfer, Charge, Purchase… Columns are read
by header name, any case; every column whose name holds "fee" or "donation" is a fee, so the
fee columns of any year are kept (``fees``: name → amount). ``--`` means empty (None). Unknown
types are kept. Bad rows come back as rejections; the identities below (checked in
``transaction_checks.py``) come back as violations.

What the two real reports show (``shared/real``; FORMATS.md does not say all of it):

- Amounts are signed from the seller's side: fees are negative on Order rows and positive (given
  back) on Refund rows; shipping labels and Payout rows are negative. On every row that has both,
  **net = gross + Σ fees** (i.e. gross − |fees| for orders); eBay-collected tax is outside both.
- A multi-item order is a summary row (gross, net, eBay tax; no Item ID or Transaction ID) plus a
  row per item carrying that item's fees and subtotal but ``--`` as gross and net: the identity
  holds per order, so it is checked per (type, order number).
- A Payout row's net is what left the eBay balance, negative; the rows it paid carry its Payout
  ID, so **Σ net of a payout's rows = − the Payout row's net**. Rows dated before the report's
  start date can belong to a payout inside it: such a payout is reported unbalanced, with that
  reason, when it falls within a week of the start date.
- A cancellation is a Refund row whose Reference ID is ``Cancel ID …`` (a refund's is
  ``Refund ID …``); a shipping label's is ``Tracking no. …``; bulk label purchases have no order.
- ``Start date`` reads ``Dec-27-2023 00:00:00 AM PST``: a 24-hour time with an AM/PM tag.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from aimsi_ebay.errors import InputError, Rejection
from aimsi_ebay.formats.ebay.transaction_checks import (
    PayoutSummary,
    Violation,
    gross_checks,
    net_checks,
    payout_checks,
    payouts_of,
)
from aimsi_ebay.rules.money import ZERO, to_money

TRANSACTION_REPORT = "ebay_transaction_report"
WRONG_FILE_HINT = (
    "this is an eBay Transaction report (Seller Hub › Payments › Reports), not a sales"
    " download: import it under Reconciliation, or with `aimsi-ebay payouts import FILE"
    " --account NAME`"
)
KNOWN_TYPES = (
    "Order", "Refund", "Claim", "Payment dispute", "Shipping label", "Charge", "Transfer",
    "Hold", "Other fee", "Adjustment", "Purchase", "Payout", "Secondary payout",
    "Withheld tax", "Reserve",
)  # fmt: skip

# field → (header wordings, kind); kinds: text, money, date, int, rate
_COLUMNS: dict[str, tuple[tuple[str, ...], str]] = {
    "creation_date": (("Transaction creation date", "Transaction date", "Date"), "date"),
    "type": (("Type", "Transaction type"), "text"),
    "order_number": (("Order number", "Order ID"), "text"),
    "legacy_order_id": (("Legacy order ID",), "text"),
    "buyer_username": (("Buyer username",), "text"),
    "buyer_name": (("Buyer name",), "text"),
    "ship_to_city": (("Ship to city",), "text"),
    "ship_to_state": (("Ship to province/region/state", "Ship to state"), "text"),
    "ship_to_zip": (("Ship to zip", "Ship to postal code"), "text"),
    "ship_to_country": (("Ship to country",), "text"),
    "net_amount": (("Net amount",), "money"),
    "payout_currency": (("Payout currency",), "text"),
    "payout_date": (("Payout date",), "date"),
    "payout_id": (("Payout ID",), "text"),
    "payout_method": (("Payout method",), "text"),
    "payout_status": (("Payout status",), "text"),
    "reason_for_hold": (("Reason for hold",), "text"),
    "item_id": (("Item ID", "Item number"), "text"),
    "transaction_id": (("Transaction ID",), "text"),
    "item_title": (("Item title",), "text"),
    "custom_label": (("Custom label",), "text"),
    "quantity": (("Quantity",), "int"),
    "item_subtotal": (("Item subtotal",), "money"),
    "shipping_and_handling": (("Shipping and handling",), "money"),
    "seller_collected_tax": (("Seller collected tax",), "money"),
    "ebay_collected_tax": (("eBay collected tax",), "money"),
    "gross_amount": (("Gross transaction amount", "Gross amount"), "money"),
    "transaction_currency": (("Transaction currency",), "text"),
    "exchange_rate": (("Exchange rate",), "rate"),
    "reference_id": (("Reference ID",), "text"),
    "description": (("Description",), "text"),
}
_SIGNATURE = ("creation_date", "type", "net_amount")


@dataclass(frozen=True)
class TransactionRow:
    """One money event as the report states it; empty (``--``) amounts are None."""

    row: int
    type: str
    creation_date: date | None
    order_number: str
    legacy_order_id: str
    buyer_username: str
    buyer_name: str
    ship_to_city: str
    ship_to_state: str
    ship_to_zip: str
    ship_to_country: str
    net_amount: Decimal | None
    payout_currency: str
    payout_date: date | None
    payout_id: str
    payout_method: str
    payout_status: str
    reason_for_hold: str
    item_id: str
    transaction_id: str
    item_title: str
    custom_label: str
    quantity: int | None
    item_subtotal: Decimal | None
    shipping_and_handling: Decimal | None
    seller_collected_tax: Decimal | None
    ebay_collected_tax: Decimal | None
    gross_amount: Decimal | None
    transaction_currency: str
    exchange_rate: Decimal | None
    reference_id: str
    description: str
    fees: dict[str, Decimal] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    key: str = ""

    @property
    def total_fees(self) -> Decimal:
        return sum(self.fees.values(), ZERO)

    @property
    def is_payout(self) -> bool:
        return self.type.lower() == "payout"

    @property
    def is_cancellation(self) -> bool:
        """A Refund row eBay made for a cancelled order (Reference ID ``Cancel ID …``)."""
        return self.type.lower() == "refund" and self.reference_id.lower().startswith("cancel id")




@dataclass(frozen=True)
class TransactionReport:
    file_name: str
    seller: str
    start_date: date | None
    end_date: date | None
    rows: tuple[TransactionRow, ...]
    rejections: tuple[Rejection, ...]
    violations: tuple[Violation, ...]
    payouts: tuple[PayoutSummary, ...]
    fee_columns: tuple[str, ...] = ()  # as this report's header spells them

    @property
    def counts_by_type(self) -> dict[str, int]:
        return dict(Counter(row.type for row in self.rows))

    @property
    def unknown_types(self) -> list[str]:
        known = {name.lower() for name in KNOWN_TYPES}
        return sorted({row.type for row in self.rows if row.type.lower() not in known})

    def as_dict(self) -> dict[str, object]:
        return _plain(
            {
                "file_name": self.file_name,
                "seller": self.seller,
                "fee_columns": self.fee_columns,
                "start_date": self.start_date,
                "end_date": self.end_date,
                "counts_by_type": self.counts_by_type,
                "unknown_types": self.unknown_types,
                "rows": [asdict(row) for row in self.rows],
                "rejections": [asdict(r) for r in self.rejections],
                "violations": [asdict(v) for v in self.violations],
                "payouts": [{**asdict(p), "balanced": p.balanced} for p in self.payouts],
            }
        )


def header_key(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").lower().split())


def _is_header(row: list[str]) -> bool:
    keys = {header_key(cell) for cell in row}
    return all(any(header_key(n) in keys for n in _COLUMNS[f][0]) for f in _SIGNATURE)


def identify(data: bytes | str | list[str]) -> str | None:
    """``"ebay_transaction_report"`` when the file (or a header) is one, else None: the sales
    import uses it to tell the operator where the file belongs (:data:`WRONG_FILE_HINT`)."""
    if isinstance(data, list):
        return TRANSACTION_REPORT if _is_header(data) else None
    for number, row in enumerate(csv.reader(io.StringIO(_decode(data)))):
        if _is_header(row):
            return TRANSACTION_REPORT
        if number > 40:
            break
    return None


def read_transactions(name: str, data: bytes | str) -> TransactionReport:
    """Read a Transaction report: its rows (keyed), rejected rows, and the identity checks."""
    records = list(csv.reader(io.StringIO(_decode(data))))
    start = next((i for i, row in enumerate(records) if _is_header(row)), None)
    if start is None:
        raise InputError(
            "no Transaction report header (Transaction creation date, Type, Net amount)", file=name
        )
    preamble = {
        header_key(row[0]): row[1].strip() for row in records[:start] if len(row) >= 2 and row[0]
    }
    header = records[start]
    positions, fee_columns, extra_columns = _positions(header)
    rows: list[TransactionRow] = []
    rejections: list[Rejection] = []
    for index in range(start + 1, len(records)):
        number, record = index + 1, records[index]
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            reason = f"has {len(record)} fields, the header has {len(header)}"
            rejections.append(Rejection(name, number, None, reason))
            continue
        try:
            rows.append(_row(number, record, positions, fee_columns, extra_columns))
        except InputError as error:
            rejections.append(Rejection(name, number, error.field, error.reason))
    rows = _keyed(rows)
    start_date = _preamble_date(preamble.get("start date", ""))
    payouts = payouts_of(rows)
    violations = [*net_checks(rows), *gross_checks(rows), *payout_checks(payouts, start_date)]
    return TransactionReport(
        file_name=name,
        seller=preamble.get("seller", ""),
        start_date=start_date,
        end_date=_preamble_date(preamble.get("end date", "")),
        rows=tuple(rows),
        rejections=tuple(rejections),
        violations=tuple(violations),
        payouts=tuple(payouts),
        fee_columns=tuple(fee_columns),
    )


def _positions(header: list[str]) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    keys = [header_key(cell) for cell in header]
    positions: dict[str, int] = {}
    for target, (names, _) in _COLUMNS.items():
        for wording in names:
            if header_key(wording) in keys:
                positions[target] = keys.index(header_key(wording))
                break
    taken = set(positions.values())
    fees, extra = {}, {}
    for i, title in enumerate(header):
        if i in taken or not title.strip():
            continue
        if "fee" in keys[i] or "donation" in keys[i]:
            fees[title.strip()] = i
        else:
            extra[title.strip()] = i
    return positions, fees, extra


def _row(
    number: int,
    record: list[str],
    positions: dict[str, int],
    fee_columns: dict[str, int],
    extra_columns: dict[str, int],
) -> TransactionRow:
    values: dict[str, object] = {}
    for target, (names, kind) in _COLUMNS.items():
        text = record[positions[target]].strip() if target in positions else ""
        values[target] = _convert(_blank(text), kind, names[0])
    if not values["type"]:
        raise InputError("no transaction type", field="Type")
    fees = {}
    for title, i in fee_columns.items():
        amount = _convert(_blank(record[i].strip()), "money", title)
        if amount is not None:
            fees[title] = amount
    extra = {title: record[i].strip() for title, i in extra_columns.items()}
    return TransactionRow(row=number, **values, fees=fees, extra=extra)  # type: ignore[arg-type]


def _blank(text: str) -> str:
    return "" if text == "--" else text


def _convert(text: str, kind: str, header: str) -> object:
    if kind == "text":
        return text
    if not text:
        return None
    if kind == "money":
        return to_money(text, field=header) + ZERO  # + ZERO: "-0" is 0.00, not -0.00
    if kind == "int":
        if not text.lstrip("-").isdigit():
            raise InputError(f"{text!r} is not a whole number", field=header)
        return int(text)
    if kind == "rate":
        try:
            return Decimal(text)
        except InvalidOperation:
            raise InputError(
                f"{text!r} is not an exchange rate like 1.0825", field=header
            ) from None
    for fmt in ("%b %d, %Y", "%b-%d-%Y", "%b-%d-%y", "%Y-%m-%d", "%d %b %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputError(f"{text!r} is not a date like Jan 7, 2024", field=header)


def _preamble_date(text: str) -> date | None:
    """``Dec-27-2023 00:00:00 AM PST``: the day only (the time is 24-hour despite AM/PM)."""
    try:
        return datetime.strptime(text.split(" ")[0], "%b-%d-%Y").date() if text else None
    except ValueError:
        return None


def _stable(row: TransactionRow) -> str:
    """What stays the same when the same event is downloaded again: not the payout columns
    (filled once paid out), buyer and ship-to (eBay masks them later), titles or descriptions
    (wording changes), and the fees as their total (fee columns are renamed across years)."""
    parts = (
        row.type.lower(), row.creation_date, row.order_number, row.item_id, row.transaction_id,
        row.reference_id, row.quantity, row.net_amount, row.gross_amount, row.item_subtotal,
        row.shipping_and_handling, row.seller_collected_tax, row.ebay_collected_tax,
        row.total_fees if row.fees else None, row.transaction_currency,
    )  # fmt: skip
    return "\x1f".join("" if part is None else str(part) for part in parts)


def _keyed(rows: list[TransactionRow]) -> list[TransactionRow]:
    """Each row's import key: type + order + transaction + reference (a payout: its Payout ID),
    then a digest of its stable content and, for identical rows, their ordinal. Identical rows
    share a creation date and reports cover whole days, so an overlapping re-import sees the
    same ordinals and adds nothing."""
    seen: Counter[str] = Counter()
    keyed = []
    for row in rows:
        if row.is_payout and row.payout_id:
            key = f"Payout|{row.payout_id}"
        else:
            content = _stable(row)
            seen[content] += 1
            digest = hashlib.sha256(content.encode()).hexdigest()[:16]
            ident = "|".join((row.type, row.order_number, row.transaction_id, row.reference_id))
            key = f"{ident}|{digest}" + (f"#{seen[content]}" if seen[content] > 1 else "")
        keyed.append(replace(row, key=key))
    return keyed


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value
