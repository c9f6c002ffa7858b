"""A read shop export in the staged-sales shape the eBay reader produces (issue 17).

The sales import stages, matches and orders one shape: ``SalesFile.sales_table`` (one row per
sale) and ``lines_table`` (its lines), Arrow tables with the eBay reader's columns. A web-shop
order is mapped into that shape here, so the staging, customer matching, ship-tos, idempotency
and order creation are the eBay import's own (one place for the rules). Pure: no database.

How a shop order fills the eBay columns (the money identity is FORMATS.md §6's)::

    merchandise  = Σ quantity × unit price           (the lines)
    seller_tax   = taxes + duties                    (the shop collects both)
    adjustment   = total − merchandise − shipping − seller_tax
                 = − discount when the file adds up  (named "discount CODE")
    order total  = merchandise + shipping + seller_tax + adjustment = the file's Total
    total_price  = what the store kept: Total − refunded (− the outstanding balance of a
                   partially paid order); it is the deposit, dated the paid date

The key is the order's ``Name`` (in the eBay order-number column: key = account + name). Status:
``paid``/``partially_refunded`` paid (less refunds); ``partially_paid`` leaves its outstanding
balance unpaid; ``pending``/``authorized`` wait for payment (no paid date, no deposit);
``refunded`` is closed (a cancelled order, no stock, no deposit); an order cancelled in the shop
(``Cancelled at``) or ``voided`` is not staged at all: it is listed in ``cancelled_orders`` (an
order already imported under that key is cancelled by the import).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import pyarrow as pa

from aimsi_ebay.formats.ebay.sales.model import Rejection, SalesFile
from aimsi_ebay.formats.shop.orders import ShopAddress, ShopFile, ShopOrder
from aimsi_ebay.rules.money import ZERO, money_str

_MONEY = pa.decimal128(12, 2)
SALES_SCHEMA = pa.schema(
    [("gkey", pa.string()), ("row", pa.int64())]
    + [(name, pa.string()) for name in (
        "sales_record_number", "ebay_order_number", "buyer_user_id", "buyer_name", "buyer_email",
        "buyer_phone", "buyer_address1", "buyer_address2", "buyer_city", "buyer_state",
        "buyer_zip", "buyer_country", "ship_name", "ship_phone", "ship_address1", "ship_address2",
        "ship_city", "ship_state", "ship_zip", "ship_country")]
    + [(name, _MONEY) for name in (
        "shipping", "seller_tax", "ebay_tax", "ebay_charges", "total_price")]
    + [("ebay_included", pa.bool_()), ("payment_method", pa.string()),
       ("payment_reference", pa.string()), ("payment_memo", pa.string()),
       ("sale_date", pa.date32()), ("paid_date", pa.date32()), ("shipping_service", pa.string()),
       ("adjustment", _MONEY), ("adjustment_kind", pa.string()), ("closed_reason", pa.string()),
       ("rows", pa.int64()), ("merchandise", pa.decimal128(38, 2)), ("review", pa.string())]
)  # fmt: skip
LINES_SCHEMA = pa.schema(
    [("gkey", pa.string()), ("row", pa.int64()), ("line_no", pa.int32()),
     ("ebay_item_id", pa.string()), ("ebay_transaction_id", pa.string()), ("title", pa.string()),
     ("sku", pa.string()), ("quantity", pa.int32()), ("unit_price", _MONEY), ("amount", _MONEY),
     ("variation", pa.string())]
)  # fmt: skip
CANCELLED_STATUSES = ("voided",)
TOO_LARGE = Decimal("1e10")  # DECIMAL(12,2): a sum of amounts can outgrow it
UNPAID_STATUSES = ("pending", "authorized")


@dataclass
class ShopSalesFile(SalesFile):
    """A shop export as staged sales; ``cancelled_orders``: the names of orders cancelled in the
    shop (not staged: never created, and cancelled if an earlier import created them)."""

    cancelled_orders: list[str] = field(default_factory=list)
    source: str = "shop"


@dataclass(frozen=True)
class Settled:
    """What one shop order becomes: its adjustment, what the store kept, and when it was paid."""

    adjustment: Decimal
    kept: Decimal
    paid_date: date | None
    closed_reason: str | None
    notes: tuple[str, ...]


def settle(order: ShopOrder, currency: str | None = None) -> Settled:
    """The money and status rules of one (not cancelled) order."""
    seller_tax = order.tax + order.duties
    adjustment = order.total - order.merchandise - order.shipping - seller_tax
    notes = list(order.review)
    status = order.financial_status
    paid_on = _day(order.paid_at) or _day(order.created_at)
    kept, paid_date, closed = order.total - order.refunded_amount, paid_on, None
    if status in UNPAID_STATUSES:
        kept, paid_date = order.total, None
        notes.append(f"{status}: waits for payment")
    elif status == "partially_paid":
        if order.outstanding_balance is None:
            paid_date = None
            notes.append("partially paid, but the file gives no outstanding balance")
        else:
            kept -= order.outstanding_balance
            notes.append(f"partially paid: {money_str(order.outstanding_balance)} still due")
    elif status == "refunded" or (order.refunded_amount and order.refunded_amount >= order.total):
        closed = "refunded"
        notes.append(
            f"refunded {money_str(order.refunded_amount)} in the shop: no stock committed,"
            " no deposit"
        )
    if closed is None and order.refunded_amount > ZERO:
        notes.append(
            f"partially refunded {money_str(order.refunded_amount)}: the deposit is what was kept"
        )
    if currency and order.currency and order.currency.upper() != currency.upper():
        notes.append(f"the order is in {order.currency}, the shop account in {currency}")
    if order.fulfillment_status == "fulfilled":
        notes.append("fulfilled in the shop already")
    return Settled(adjustment, kept, paid_date, closed, tuple(notes))


def is_cancelled(order: ShopOrder) -> bool:
    return order.cancelled or order.financial_status in CANCELLED_STATUSES


def to_sales_file(
    shop_file: ShopFile, data: bytes | str, *, currency: str | None = None
) -> ShopSalesFile:
    """The shop export as staged sales (plus the names of its cancelled orders).

    The reference the set-based reader (``sql_reader.py``) is tested against; it also stages the
    few orders that reader hands to Python."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    staged = Staged([Rejection(r.row, r.field, r.reason) for r in shop_file.rejections])
    for order in shop_file.orders:
        staged.add(order, currency)
    staged.rejections.sort(key=lambda r: (r.row or 0, r.field or ""))
    return ShopSalesFile(
        format=shop_file.format,
        file_name=shop_file.file_name,
        sha256=hashlib.sha256(raw).hexdigest(),
        rows_read=shop_file.rows_read,
        sales_count=len(staged.sales),
        rejections=staged.rejections,
        sales_table=pa.Table.from_pylist(staged.sales, SALES_SCHEMA),
        lines_table=pa.Table.from_pylist(staged.lines, LINES_SCHEMA),
        sale_rows=staged.sale_rows,
        rejected_rows=shop_file.rows_read - staged.sale_rows,
        cancelled_orders=[name for _, name in staged.cancelled],
    )


@dataclass
class Staged:
    """Orders as staged sales and lines (dicts in the schemas above), the cancelled orders'
    (first row, name), the rows that went into either, and the orders rejected for want of a
    date."""

    rejections: list[Rejection] = field(default_factory=list)
    sales: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    cancelled: list[tuple[int, str]] = field(default_factory=list)
    sale_rows: int = 0

    def add(self, order: ShopOrder, currency: str | None) -> None:
        """Stage one read order: cancelled, rejected (no date) or a sale with its lines."""
        if is_cancelled(order):
            self.cancelled.append((order.row, order.name))
            self.sale_rows += len(order.lines)
            return
        sale_date = _day(order.created_at) or _day(order.paid_at)
        if sale_date is None:
            self.rejections.extend(
                Rejection(line.row, "Created at", "no order date on any row of this order")
                for line in order.lines
            )
            return
        sale = _sale(order, sale_date, settle(order, currency))
        lines = [_line(order.name, number, line) for number, line in enumerate(order.lines, 1)]
        amounts = [sale[k] for k in ("shipping", "seller_tax", "total_price", "adjustment")]
        amounts += [line[k] for line in lines for k in ("unit_price", "amount")]
        if any(abs(amount) >= TOO_LARGE for amount in amounts):
            self.rejections.extend(
                Rejection(line.row, None, "the order's amounts are too large for an amount"
                          " (at most 9,999,999,999.99 each)")
                for line in order.lines
            )  # fmt: skip
            return
        self.sale_rows += len(order.lines)
        self.sales.append(sale)
        self.lines.extend(lines)


def _sale(order: ShopOrder, sale_date: date, settled: Settled) -> dict:
    buyer = (
        order.billing if order.billing.address1 or order.billing.name else order.shipping_address
    )
    ship = order.shipping_address if order.shipping_address.address1 else buyer
    adjustment = settled.adjustment
    kind = None
    if adjustment < ZERO:
        kind = f"discount {order.discount_code}".strip() if order.discount_amount else "discount"
    elif adjustment > ZERO:
        kind = "surcharge"
    return {
        "gkey": order.name,
        "row": order.row,
        "sales_record_number": "",
        "ebay_order_number": order.name,
        "buyer_user_id": "",
        "buyer_name": buyer.name or ship.name,
        "buyer_email": order.email,
        "buyer_phone": buyer.phone or ship.phone,
        **_place("buyer", buyer),
        "ship_name": ship.name or buyer.name,
        "ship_phone": ship.phone or buyer.phone,
        **_place("ship", ship),
        "shipping": order.shipping,
        "seller_tax": order.tax + order.duties,
        "ebay_tax": ZERO,
        "ebay_charges": ZERO,
        "total_price": settled.kept,
        "ebay_included": False,
        "payment_method": order.payment_method,
        "payment_reference": order.payment_reference or order.name,
        "payment_memo": f"shop order {order.name}",
        "sale_date": sale_date,
        "paid_date": settled.paid_date,
        "shipping_service": order.shipping_method,
        "adjustment": adjustment,
        "adjustment_kind": kind,
        "closed_reason": settled.closed_reason,
        "rows": len(order.lines),
        "merchandise": order.merchandise,
        "review": "; ".join(settled.notes) or None,
    }


def _place(side: str, address: ShopAddress) -> dict[str, str]:
    return {
        f"{side}_address1": address.address1,
        f"{side}_address2": address.address2,
        f"{side}_city": address.city,
        f"{side}_state": address.province_code,
        f"{side}_zip": address.zip,
        f"{side}_country": address.country_code,
    }


def _line(name: str, number: int, line) -> dict:
    return {
        "gkey": name,
        "row": line.row,
        "line_no": number,
        "ebay_item_id": "",
        "ebay_transaction_id": "",
        "title": line.title or line.sku,
        "sku": line.sku,
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        "amount": line.amount,
        "variation": "",
    }


def _day(value: datetime | date | None) -> date | None:
    """The calendar day as the shop wrote it (its own time zone)."""
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value
