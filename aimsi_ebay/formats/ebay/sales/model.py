"""What a read sales download is: sales (one per eBay order) with their lines, and an account of
every row of the file — each ends in a sale, a line of a sale, a duplicate of a row already read,
an eBay footer, or a rejection (``SalesFile.rows_read`` is their sum)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

import pyarrow as pa

from aimsi_ebay.rules.money import ZERO


@dataclass(frozen=True)
class Rejection:
    row: int | None
    field: str | None
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "reason": self.reason}


@dataclass(frozen=True)
class Duplicate:
    """A row that repeats an earlier row of the same sale field for field (read once)."""

    row: int
    same_as: int

    def as_dict(self) -> dict[str, int]:
        return {"row": self.row, "same_as": self.same_as}


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
    """One eBay order as the file states it; money as Decimal.

    ``adjustment`` is what the file's Total Price says beyond lines + shipping + seller tax (a
    volume discount eBay does not itemise, a partial refund; ``adjustment_kind`` names it), so the
    order total is what the buyer paid the store. ``closed_reason`` is 'refunded' (paid, Total
    Price $0.00) or 'cancelled' (unpaid, $0.00): such a sale commits no stock and pays nothing.
    """

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
    payment_memo: str
    sale_date: date
    paid_date: date | None
    shipping_service: str
    adjustment: Decimal = ZERO
    adjustment_kind: str | None = None
    closed_reason: str | None = None
    rows: int = 1
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
        """The store's order: lines + shipping + seller-collected tax + the adjustment."""
        return self.merchandise + self.shipping + self.seller_tax + self.adjustment

    @property
    def ebay_withheld(self) -> Decimal:
        """What Total Price holds that is eBay's (its collected tax and charges), if included;
        nothing once the sale was refunded or cancelled (eBay gave its tax back too)."""
        if self.closed_reason or not self.ebay_included:
            return ZERO
        return self.ebay_tax + self.ebay_charges

    @property
    def deposit_amount(self) -> Decimal:
        """What the buyer paid the store: Total Price minus what eBay collected for itself."""
        return self.total_price - self.ebay_withheld


@dataclass
class SalesFile:
    """A read file: its sales as Arrow tables (``sales_table``: one row per sale, money as
    DECIMAL(12,2); ``lines_table``: the sales' lines, tied by ``gkey``), and the account of its
    rows: ``rows_read`` = ``sale_rows`` + ``len(duplicates)`` + ``footer_rows`` +
    ``rejected_rows``. ``sales`` gives the same as :class:`Sale` objects (small files, tests)."""

    format: str
    file_name: str
    sha256: str
    rows_read: int
    sales_count: int
    rejections: list[Rejection]
    sales_table: pa.Table
    lines_table: pa.Table
    sale_rows: int = 0
    footer_rows: int = 0
    rejected_rows: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    # The staging's key tables for these sales, when the reader made them beside its own work
    # (``ops.sales.sale_keys.party_key_tables``; each covers every sale's values); else None.
    party_keys: dict[str, pa.Table] | None = field(default=None, compare=False, repr=False)

    @property
    def row_account(self) -> dict[str, int]:
        """Where the rows went (the four add up to ``rows_read``)."""
        return {
            "rows_read": self.rows_read,
            "sale_rows": self.sale_rows,
            "duplicate_rows": len(self.duplicates),
            "footer_rows": self.footer_rows,
            "rejected_rows": self.rejected_rows,
        }

    @cached_property
    def sales(self) -> list[Sale]:
        lines: dict[str, list[SaleLine]] = {}
        for values in self.lines_table.to_pylist():
            key = values.pop("gkey")
            lines.setdefault(key, []).append(SaleLine(**values))
        found = []
        for values in self.sales_table.to_pylist():
            key, review = values.pop("gkey"), values.pop("review")
            values.pop("merchandise")
            found.append(
                Sale(**values, lines=lines.get(key, []), review=[review] if review else [])
            )
        return found
