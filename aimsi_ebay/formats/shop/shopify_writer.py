"""Write :class:`ShopOrder` records as a Shopify orders export (FORMATS.md §6).

For the demo store's inbox, the benchmark's large files and the property tests: one row per line
item, order values on the first row only, dates as Shopify writes them. Reading the text back
with ``read_shopify`` gives the same orders (a round trip the tests check).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime

from aimsi_ebay.formats.shop.orders import ShopAddress, ShopOrder
from aimsi_ebay.rules.money import money_str

_ADDRESS = (
    "Name",
    "Company",
    "Address1",
    "Address2",
    "City",
    "Zip",
    "Province",
    "Country",
    "Phone",
)
HEADER = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Currency", "Subtotal",
    "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method",
    "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku",
    *(f"Billing {column}" for column in _ADDRESS), *(f"Shipping {column}" for column in _ADDRESS),
    "Cancelled at", "Payment Method", "Payment Reference", "Refunded Amount",
    "Outstanding Balance", "Lineitem discount", "Tax 1 Name", "Tax 1 Value", "Duties",
]  # fmt: skip


def _when(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z").strip()
    return value.isoformat()


def _address(prefix: str, address: ShopAddress) -> dict[str, str]:
    values = (address.name, address.company, address.address1, address.address2, address.city,
              address.zip, address.province_code, address.country_code, address.phone)  # fmt: skip
    return {f"{prefix} {c}": v for c, v in zip(_ADDRESS, values, strict=True)}


def order_rows(order: ShopOrder) -> list[list[str]]:
    """The export's rows of one order."""
    rows = []
    for index, line in enumerate(order.lines):
        row = {
            "Name": order.name,
            "Email": order.email,
            "Currency": order.currency,
            "Created at": _when(order.created_at),
            "Lineitem quantity": str(line.quantity),
            "Lineitem name": line.title,
            "Lineitem price": money_str(line.unit_price),
            "Lineitem sku": line.sku,
            "Lineitem discount": money_str(line.discount),
        }
        if index == 0:
            tax_name, tax_value = order.tax_lines[0] if order.tax_lines else ("", None)
            row |= {
                "Financial Status": order.financial_status,
                "Paid at": _when(order.paid_at),
                "Fulfillment Status": order.fulfillment_status,
                "Subtotal": money_str(order.subtotal),
                "Shipping": money_str(order.shipping),
                "Taxes": money_str(order.tax),
                "Total": money_str(order.total),
                "Discount Code": order.discount_code,
                "Discount Amount": money_str(order.discount_amount),
                "Shipping Method": order.shipping_method,
                **_address("Billing", order.billing),
                **_address("Shipping", order.shipping_address),
                "Cancelled at": _when(order.cancelled_at),
                "Payment Method": order.payment_method,
                "Payment Reference": order.payment_reference,
                "Refunded Amount": money_str(order.refunded_amount),
                "Outstanding Balance": "" if order.outstanding_balance is None
                else money_str(order.outstanding_balance),
                "Tax 1 Name": tax_name,
                "Tax 1 Value": "" if tax_value is None else money_str(tax_value),
                "Duties": money_str(order.duties),
            }  # fmt: skip
        rows.append([row.get(column, "") for column in HEADER])
    return rows


def write_shopify(orders: Iterable[ShopOrder]) -> str:
    """A Shopify orders export's text (CSV with a header)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for order in orders:
        writer.writerows(order_rows(order))
    return out.getvalue()
