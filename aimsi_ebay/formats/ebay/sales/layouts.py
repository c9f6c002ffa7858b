"""The two eBay sales layouts (FORMATS.md §1), declared once, column by column, and how a file
is recognised by its header (beangulp ``csvbase`` style: a field, the header wordings it goes by,
its kind).

Headers are compared without case, BOM, asterisks or repeated spaces. An eBay *Transaction
report* (Seller Hub › Payments) is recognised too, only to tell the operator where it belongs.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from aimsi_ebay.formats.ebay.sales.text import decode

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
# Every field of either layout, in one order: the columns of the pipeline's ``file_rows``.
EVERY_FIELD = tuple(dict.fromkeys(c.field for known in LAYOUTS.values() for c in known.columns))
# The buyer's and ship-to's texts, which eBay masks as '--' on old orders (treated as missing).
PERSON_FIELDS = (
    "buyer_name", "buyer_email", "buyer_phone", "ship_name", "ship_phone",
    *(f"{side}_{part}" for side in ("buyer", "ship")
      for part in ("address1", "address2", "city", "state", "zip", "country")),
)  # fmt: skip

# An eBay Transaction report (FORMATS.md §8) has these columns; it is a payouts file.
_TRANSACTION_REPORT = ("transaction creation date", "type", "net amount", "payout id")
TRANSACTION_REPORT_HINT = (
    "this is an eBay Transaction report (Seller Hub › Payments), not a sales download: "
    "import it under Reconciliation (aimsi-ebay payouts import)"
)


def header_key(name: str) -> str:
    """Header names compare without case, BOM, asterisks or repeated spaces."""
    return " ".join(name.replace("\ufeff", "").replace("*", "").lower().split())


def resolve(layout: Layout, header: list[str]) -> dict[str, int]:
    """Field → position in ``header`` (the first column of any wording the field goes by)."""
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
        found = resolve(layout, header)
        if all(name in found for name in layout.signature):
            return layout.name
    return None


def is_transaction_report_header(header: list[str]) -> bool:
    """Whether a row is the header of an eBay Transaction report."""
    keys = {header_key(name) for name in header}
    return all(name in keys for name in _TRANSACTION_REPORT)


def identify(path: str | Path) -> str | None:
    """Which eBay sales layout a file is (by its header), or None."""
    try:
        text = decode(Path(path).read_bytes())
    except OSError:
        return None
    for row in first_rows(text):
        kind = identify_header(row)
        if kind:
            return kind
    return None


def first_rows(text: str, limit: int = 12) -> list[list[str]]:
    """The first ``limit`` rows of a text that have anything in them."""
    rows = []
    for row in csv.reader(io.StringIO(text)):
        if any(cell.strip() for cell in row):
            rows.append(row)
        if len(rows) >= limit:
            break
    return rows
