"""eBay sales downloads (FORMATS.md §1): the legacy "Sold" download and the Seller Hub report.

Each layout is declared once, column by column (beangulp ``csvbase`` style): a field, the header
wordings it goes by, its kind. Files are read by header name, case-insensitively, tolerating a
UTF-8 BOM, Windows-1252, blank lines before the header, footer lines after the data and missing
optional columns. Rows are grouped into one :class:`Sale` per eBay order (a combined order is a
summary row followed by item rows). A malformed row or sale becomes a :class:`Rejection` naming
the file's own row number and the field; the rest of the file is still read. Pure: no database.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from aimsi_ebay.errors import InputError
from aimsi_ebay.rules.money import ZERO, round_money, to_money

LEGACY = "ebay_sold_legacy"
ORDERS_REPORT = "ebay_orders_report"
FORMATS = (ORDERS_REPORT, LEGACY)


@dataclass(frozen=True)
class Column:
    """One field of a layout: the header wordings it goes by (any case) and its kind."""

    field: str
    names: tuple[str, ...]
    kind: str = "text"  # text | money | int | date | flag
    required: bool = False


@dataclass(frozen=True)
class Layout:
    name: str
    columns: tuple[Column, ...]
    signature: tuple[str, ...]  # fields whose presence identifies the layout


def _columns(*specs: tuple) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


_ADDRESS = (
    ("buyer_address1", ("Buyer Address 1", "Post To Address 1", "Buyer Address Line 1")),
    ("buyer_address2", ("Buyer Address 2", "Post To Address 2", "Buyer Address Line 2")),
    ("buyer_city", ("Buyer City", "Post To City", "Buyer Town/City", "Post To Town/City")),
    (
        "buyer_state",
        ("Buyer State", "Post To State", "Buyer County", "Post To County", "Buyer State/Province"),
    ),
    (
        "buyer_zip",
        (
            "Buyer Zip",
            "Buyer ZIP Code",
            "Buyer Postcode",
            "Post To Postcode",
            "Post To Zip",
            "Buyer Postal Code",
        ),
    ),
    ("buyer_country", ("Buyer Country", "Post To Country")),
)
_COMMON = (
    ("sales_record_number", ("Sales Record Number", "Sales Record No.", "Record Number")),
    ("buyer_email", ("Buyer Email", "Buyer Email Address", "Email")),
    ("item_id", ("Item Number", "Item ID")),
    ("transaction_id", ("Transaction ID",)),
    ("title", ("Item Title", "Title")),
    ("sku", ("Custom Label", "Custom Label (SKU)", "SKU")),
    ("quantity", ("Quantity",), "int", True),
    (
        "shipping",
        (
            "Shipping And Handling",
            "Postage And Handling",
            "Shipping & Handling",
            "Postage & Handling",
        ),
        "money",
    ),
    ("total", ("Total Price", "Total"), "money", True),
    ("payment_method", ("Payment Method",)),
    ("payment_id", ("PayPal Transaction ID", "Payment Reference ID")),
    ("sale_date", ("Sale Date", "Order Date"), "date"),
    ("paid_date", ("Paid On Date", "Paid Date"), "date"),
    ("shipping_service", ("Shipping Service", "Postage Service", "Delivery Service")),
    ("variation", ("Variation Details",)),
)

LEGACY_LAYOUT = Layout(
    LEGACY,
    _columns(
        *_COMMON,
        *_ADDRESS,
        ("user_id", ("User Id", "Buyer User ID", "Buyer ID")),
        ("buyer_name", ("Buyer Fullname", "Buyer Full Name", "Buyer Name")),
        ("buyer_phone", ("Buyer Phone Number", "Buyer Phone", "Phone")),
        ("order_number", ("Order ID", "Order Number")),
        ("price", ("Sale Price",), "money", True),
        ("seller_tax", ("Sales Tax", "US Tax", "VAT", "GST"), "money"),
        ("insurance", ("Insurance",), "money"),
        ("cod_fee", ("Cash On Delivery Fee", "COD Fee", "Cash On Delivery Price"), "money"),
        ("handling_fee", ("Handling Fee", "Handling"), "money"),
    ),
    ("user_id", "price"),
)

ORDERS_REPORT_LAYOUT = Layout(
    ORDERS_REPORT,
    _columns(
        *_COMMON,
        *_ADDRESS,
        ("order_number", ("Order Number", "Order ID")),
        ("user_id", ("Buyer Username", "Buyer User ID")),
        ("buyer_name", ("Buyer Name", "Buyer Full Name")),
        ("ship_name", ("Ship To Name", "Post To Name")),
        ("ship_phone", ("Ship To Phone", "Post To Phone", "Buyer Phone")),
        ("ship_address1", ("Ship To Address 1", "Ship To Address Line 1")),
        ("ship_address2", ("Ship To Address 2", "Ship To Address Line 2")),
        ("ship_city", ("Ship To City", "Ship To Town/City")),
        ("ship_state", ("Ship To State", "Ship To County", "Ship To State/Province")),
        (
            "ship_zip",
            ("Ship To Zip", "Ship To ZIP Code", "Ship To Postcode", "Ship To Postal Code"),
        ),
        ("ship_country", ("Ship To Country",)),
        ("price", ("Sold For",), "money", True),
        ("seller_tax", ("Seller Collected Tax",), "money"),
        ("ebay_tax", ("eBay Collected Tax",), "money"),
        ("ebay_charges", ("eBay Collected Charges",), "money"),
        (
            "included",
            (
                "eBay Collected Tax and Fees Included in Total",
                "eBay Collected Tax Included in Total",
            ),
            "flag",
        ),
        ("insurance", ("Insurance",), "money"),
        ("handling_fee", ("Handling Fee",), "money"),
        ("cod_fee", ("Cash On Delivery Fee", "COD Fee"), "money"),
    ),
    ("order_number", "user_id", "price"),
)

LAYOUTS = {ORDERS_REPORT: ORDERS_REPORT_LAYOUT, LEGACY: LEGACY_LAYOUT}
_MONEY_FIELDS = (
    "shipping",
    "insurance",
    "handling_fee",
    "cod_fee",
    "seller_tax",
    "ebay_tax",
    "ebay_charges",
)


@dataclass(frozen=True)
class Rejection:
    row: int | None
    field: str | None
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "reason": self.reason}


@dataclass
class SaleLine:
    row: int
    line_no: int
    ebay_item_id: str
    ebay_transaction_id: str
    title: str
    sku: str
    quantity: int
    unit_price: Decimal
    amount: Decimal
    variation: str = ""


@dataclass
class Sale:
    """One eBay order as the file states it; money as Decimal."""

    row: int
    sales_record_number: str
    ebay_order_number: str
    buyer_user_id: str
    buyer_name: str
    buyer_email: str
    buyer_phone: str
    buyer_address1: str
    buyer_address2: str
    buyer_city: str
    buyer_state: str
    buyer_zip: str
    buyer_country: str
    ship_name: str
    ship_phone: str
    ship_address1: str
    ship_address2: str
    ship_city: str
    ship_state: str
    ship_zip: str
    ship_country: str
    shipping: Decimal
    seller_tax: Decimal
    ebay_tax: Decimal
    ebay_charges: Decimal
    total_price: Decimal
    ebay_included: bool
    payment_method: str
    payment_reference: str
    sale_date: date
    paid_date: date | None
    shipping_service: str
    lines: list[SaleLine] = field(default_factory=list)
    review: list[str] = field(default_factory=list)

    @property
    def sale_key(self) -> str:
        """Idempotency key within an account: eBay order number, else sales record number."""
        return self.ebay_order_number or f"SRN:{self.sales_record_number}"

    @property
    def merchandise(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def order_total(self) -> Decimal:
        """The store's order: lines + shipping + seller-collected tax."""
        return self.merchandise + self.shipping + self.seller_tax

    @property
    def ebay_withheld(self) -> Decimal:
        """What Total Price holds that is eBay's (its collected tax and charges), if included."""
        return self.ebay_tax + self.ebay_charges if self.ebay_included else ZERO

    @property
    def deposit_amount(self) -> Decimal:
        """What the buyer paid the store: Total Price minus what eBay collected for itself."""
        return self.total_price - self.ebay_withheld


@dataclass
class SalesFile:
    format: str
    file_name: str
    sha256: str
    rows_read: int
    sales: list[Sale]
    rejections: list[Rejection]


# -- identification -------------------------------------------------------------------------------


def header_key(name: str) -> str:
    """Header names compare without case, BOM, asterisks or repeated spaces."""
    return " ".join(name.replace("\ufeff", "").replace("*", "").lower().split())


def _resolve(layout: Layout, header: list[str]) -> dict[str, int]:
    positions = {header_key(name): index for index, name in reversed(list(enumerate(header)))}
    found = {}
    for column in layout.columns:
        for name in column.names:
            index = positions.get(header_key(name))
            if index is not None:
                found[column.field] = index
                break
    return found


def identify_header(header: list[str]) -> str | None:
    """The layout whose signature columns the header has, or None."""
    for layout in (ORDERS_REPORT_LAYOUT, LEGACY_LAYOUT):
        found = _resolve(layout, header)
        if all(name in found for name in layout.signature):
            return layout.name
    return None


def identify(path: str | Path) -> str | None:
    """Which eBay sales layout a file is (by its header), or None."""
    try:
        text = decode(Path(path).read_bytes())
    except OSError:
        return None
    for row in _first_rows(text):
        kind = identify_header(row)
        if kind:
            return kind
    return None


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (the bytes it leaves undefined as Latin-1)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return (
            data.decode("cp1252", errors="strict") if _is_cp1252(data) else data.decode("latin-1")
        )


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _first_rows(text: str, limit: int = 12) -> list[list[str]]:
    rows = []
    for row in csv.reader(io.StringIO(text)):
        if any(cell.strip() for cell in row):
            rows.append(row)
        if len(rows) >= limit:
            break
    return rows


# -- reading -------------------------------------------------------------------------------


def read_sales(path: str | Path, fmt: str = "auto", *, name: str | None = None) -> SalesFile:
    """Read an eBay sales download into sales (one per eBay order) and rejections."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    return read_sales_bytes(data, name or path.name, fmt)


def read_sales_bytes(data: bytes, file_name: str, fmt: str = "auto") -> SalesFile:
    if fmt not in ("auto", *FORMATS):
        raise InputError(
            f"unknown format {fmt!r}; expected auto, {', '.join(FORMATS)}", file=file_name
        )
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    header, kind, header_row = None, None, 0
    line = 0
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        kind = identify_header(row)
        if kind or start > 20:
            header, header_row = row, start
            break
    if not kind or header is None:
        raise InputError(
            "no eBay sales header (Seller Hub Orders report or legacy Sold download) "
            "in the first rows",
            file=file_name,
        )
    if fmt != "auto" and fmt != kind:
        raise InputError(f"the header is that of {kind}, not {fmt}", file=file_name, row=header_row)
    layout = LAYOUTS[kind]
    positions = _resolve(layout, header)
    for column in layout.columns:
        if column.required and column.field not in positions:
            raise InputError(
                "required column missing", file=file_name, row=header_row, field=column.names[0]
            )
    grouper = _Grouper(layout, positions, header)
    short: list[tuple[int, int]] = []
    rows_read = 0
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            short.append((start, len(row)))  # footer lines, unless data follows them
            continue
        for row_number, width in short:
            grouper.reject(
                row_number, None, f"row has {width} fields; the header has {len(header)}"
            )
        short.clear()
        rows_read += 1
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            grouper.reject(
                start,
                None,
                f"row has {len(row)} fields; the header has {len(header)} (an unescaped quote?)",
            )
            continue
        grouper.add(start, row)
    sales = grouper.sales()
    return SalesFile(
        kind,
        file_name,
        hashlib.sha256(data).hexdigest(),
        rows_read,
        sales,
        sorted(grouper.rejections, key=lambda r: (r.row or 0, r.field or "")),
    )


class _Grouper:
    """Collects rows per eBay order (Order Number, else Sales Record Number) and builds sales."""

    def __init__(self, layout: Layout, positions: dict[str, int], header: list[str]) -> None:
        self.layout = layout
        self.header_names = {
            column.field: header[positions[column.field]].replace("\ufeff", "").strip()
            for column in layout.columns
            if column.field in positions
        }
        self.fields = [
            (column.field, positions[column.field], column)
            for column in layout.columns
            if column.field in positions
        ]
        self.groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.order_of_srn: dict[str, str] = {}
        self.rejections: list[Rejection] = []

    def reject(self, row: int | None, field_name: str | None, reason: str) -> None:
        self.rejections.append(Rejection(row, self.label(field_name), reason))

    def label(self, field_name: str | None) -> str | None:
        if field_name in self.header_names:
            return self.header_names[field_name]
        for column in self.layout.columns:
            if column.field == field_name:
                return column.names[0]
        return field_name

    def add(self, row_number: int, row: list[str]) -> None:
        values = {name: row[index].strip() for name, index, _ in self.fields}
        order, srn = values.get("order_number", ""), values.get("sales_record_number", "")
        if order and srn:
            self.order_of_srn.setdefault(srn, order)
        key = order or self.order_of_srn.get(srn) or (f"SRN:{srn}" if srn else "")
        if not key:
            self.reject(
                row_number, "order_number", "neither an order number nor a sales record number"
            )
            return
        self.groups.setdefault(key, []).append((row_number, values))

    def sales(self) -> list[Sale]:
        sales = []
        for rows in self.groups.values():
            try:
                sales.append(self._sale(rows))
            except InputError as error:
                self.rejections.append(Rejection(error.row, self.label(error.field), error.reason))
        sales.sort(key=lambda sale: sale.row)
        return sales

    def _sale(self, rows: list[tuple[int, dict[str, str]]]) -> Sale:
        if len(rows) == 1:
            head, items = rows[0], rows
        else:
            summaries = [r for r in rows if not r[1].get("item_id") and not r[1].get("sku")]
            if len(summaries) != 1:
                raise InputError(
                    f"{len(rows)} rows share this order but {len(summaries)} of them "
                    "is a summary row (expected 1)",
                    row=rows[0][0],
                    field="order_number",
                )
            head = summaries[0]
            items = [r for r in rows if r is not head]
        row_number, top = head
        money = {
            name: _money(top.get(name, ""), row_number, name, blank_ok=True)
            for name in _MONEY_FIELDS
        }
        total = _money(top.get("total", ""), row_number, "total", blank_ok=False)
        lines = [
            self._line(number, values, position)
            for position, (number, values) in enumerate(items, start=1)
        ]
        shipping = money["shipping"] + money["insurance"] + money["handling_fee"] + money["cod_fee"]
        ebay_extra = money["ebay_tax"] + money["ebay_charges"]
        flag = top.get("included", "").lower()
        review: list[str] = []
        explicit = {
            "yes": True,
            "true": True,
            "y": True,
            "1": True,
            "no": False,
            "false": False,
            "n": False,
            "0": False,
        }.get(flag)
        if len(rows) == 1:
            line = lines[0]
            base = total - shipping - money["seller_tax"]
            included = (
                explicit
                if explicit is not None
                else (
                    bool(ebay_extra)
                    and base - ebay_extra in (line.amount, line.amount * line.quantity)
                )
            )
            expected = base - ebay_extra if included else base
            if line.amount != expected and line.amount * line.quantity == expected:
                line.amount = expected  # the file gave the unit price
            else:
                line.unit_price = round_money(line.amount / line.quantity)
        else:
            subtotal_text = top.get("price", "")
            subtotal = _money(subtotal_text, row_number, "price", blank_ok=True)
            extended = sum((line.amount for line in lines), ZERO)
            unit = sum((line.amount * line.quantity for line in lines), ZERO)
            if not subtotal_text or subtotal == extended:
                for line in lines:
                    line.unit_price = round_money(line.amount / line.quantity)
            elif subtotal == unit:
                for line in lines:
                    line.amount = line.unit_price * line.quantity
            else:
                raise InputError(
                    f"the item rows add up to {extended} (or {unit} at unit prices), "
                    f"not the order's {subtotal}",
                    row=row_number,
                    field="price",
                )
            merchandise = sum((line.amount for line in lines), ZERO)
            included = (
                explicit
                if explicit is not None
                else (
                    bool(ebay_extra)
                    and total == merchandise + shipping + money["seller_tax"] + ebay_extra
                )
            )
        merchandise = sum((line.amount for line in lines), ZERO)
        withheld = ebay_extra if included else ZERO
        if merchandise + shipping + money["seller_tax"] + withheld != total:
            review.append(
                f"Total Price {total} is not items {merchandise} + shipping {shipping} + "
                f"tax {money['seller_tax']}" + (f" + eBay tax {withheld}" if withheld else "")
            )
        sale_date = _first_date(rows, "sale_date") or _first_date(rows, "paid_date")
        if sale_date is None:
            raise InputError(
                "no sale date on any row of this order", row=row_number, field="sale_date"
            )
        paid = _date(top.get("paid_date", ""), row_number, "paid_date")

        def get(name: str, fallback: str = "") -> str:
            return top.get(name, "") or fallback

        # The buyer's address and the ship-to address each fall back on the other as a block.
        buyer = "buyer" if get("buyer_address1") or not get("ship_address1") else "ship"
        ship = "ship" if get("ship_address1") else "buyer"
        parts = ("address1", "address2", "city", "state", "zip", "country")
        buyer_address = {f"buyer_{part}": get(f"{buyer}_{part}") for part in parts}
        ship_address = {f"ship_{part}": get(f"{ship}_{part}") for part in parts}
        return Sale(
            row=rows[0][0],
            sales_record_number=get("sales_record_number"),
            ebay_order_number=get("order_number"),
            buyer_user_id=get("user_id") or next((v.get("user_id", "") for _, v in rows), ""),
            buyer_name=get("buyer_name", get("ship_name")),
            buyer_email=get("buyer_email"),
            buyer_phone=get("buyer_phone", get("ship_phone")),
            ship_name=get("ship_name", get("buyer_name")),
            ship_phone=get("ship_phone", get("buyer_phone")),
            **buyer_address,
            **ship_address,
            shipping=shipping,
            seller_tax=money["seller_tax"],
            ebay_tax=money["ebay_tax"],
            ebay_charges=money["ebay_charges"],
            total_price=total,
            ebay_included=included,
            payment_method=get("payment_method"),
            payment_reference=get("payment_id")
            or next((line.ebay_transaction_id for line in lines if line.ebay_transaction_id), "")
            or get("order_number"),
            sale_date=sale_date,
            paid_date=paid,
            shipping_service=get("shipping_service"),
            lines=lines,
            review=review,
        )

    def _line(self, row_number: int, values: dict[str, str], line_no: int) -> SaleLine:
        quantity_text = values.get("quantity", "")
        if not quantity_text.isdigit() or int(quantity_text) < 1:
            raise InputError(
                f"{quantity_text!r} is not a quantity like 1", row=row_number, field="quantity"
            )
        quantity = int(quantity_text)
        amount = _money(values.get("price", ""), row_number, "price", blank_ok=False)
        return SaleLine(
            row=row_number,
            line_no=line_no,
            ebay_item_id=values.get("item_id", ""),
            ebay_transaction_id=values.get("transaction_id", ""),
            title=values.get("title", "") or values.get("sku", "") or "(no title)",
            sku=values.get("sku", ""),
            quantity=quantity,
            unit_price=amount,
            amount=amount,
            variation=values.get("variation", ""),
        )


@lru_cache(maxsize=65536)
def _parse_money(text: str) -> Decimal | str:
    try:
        return to_money(text)
    except InputError as error:
        return error.reason


def _money(text: str, row: int, field_name: str, *, blank_ok: bool) -> Decimal:
    if not text:
        if blank_ok:
            return ZERO
        raise InputError("an amount is required here", row=row, field=field_name)
    parsed = _parse_money(text)
    if isinstance(parsed, str):
        raise InputError(parsed, row=row, field=field_name)
    return parsed


_DATE_FORMATS = ("%b-%d-%y", "%b-%d-%Y", "%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d-%b-%y", "%d %b %Y")
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}.*$")


@lru_cache(maxsize=4096)
def _parse_date(text: str) -> date | None:
    stem = _TIME_TAIL.sub("", text).strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(stem, pattern).date()
        except ValueError:
            continue
    return None


def _date(text: str, row: int, field_name: str) -> date | None:
    if not text:
        return None
    parsed = _parse_date(text)
    if parsed is None:
        raise InputError(f"{text!r} is not a date like Oct-05-26", row=row, field=field_name)
    return parsed


def _first_date(rows: list[tuple[int, dict[str, str]]], field_name: str) -> date | None:
    for row_number, values in rows:
        found = _date(values.get(field_name, ""), row_number, field_name)
        if found:
            return found
    return None
