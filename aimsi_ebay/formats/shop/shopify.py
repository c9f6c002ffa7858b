"""Shopify's orders export CSV (FORMATS.md §6): the column-map engine with Shopify's own map.

One row per line item; order-level values on the order's first row only; rows of one order share
its ``Name`` (``#1001``). Dates like ``2026-05-01 10:00:00 -0400``; postal codes and phones may
carry a spreadsheet's ``'``; ``Tax N Name``/``Tax N Value`` pairs become ``tax_lines``. Older
exports stop before the later columns and newer ones add more: columns are found by name, any
case, and missing optional ones read as blank.
"""

from __future__ import annotations

from aimsi_ebay.formats.shop.column_map import ColumnMap, read_mapped
from aimsi_ebay.formats.shop.orders import ShopFile, header_key

SHOPIFY = "shopify"

_ADDRESS = {
    "Name": "name",
    "Company": "company",
    "Address1": "address1",
    "Address2": "address2",
    "City": "city",
    "Province": "province_code",
    "Zip": "zip",
    "Country": "country_code",
    "Phone": "phone",
}

SHOPIFY_MAP = ColumnMap(
    name=SHOPIFY,
    fields={
        "Name": "name",
        "Email": "email",
        "Financial Status": "financial_status",
        "Paid at": "paid_at",
        "Fulfillment Status": "fulfillment_status",
        "Currency": "currency",
        "Subtotal": "subtotal",
        "Shipping": "shipping",
        "Taxes": "tax",
        "Duties": "duties",
        "Total": "total",
        "Discount Code": "discount_code",
        "Discount Amount": "discount_amount",
        "Shipping Method": "shipping_method",
        "Created at": "created_at",
        "Cancelled at": "cancelled_at",
        "Payment Method": "payment_method",
        "Payment Reference": "payment_reference",
        "Refunded Amount": "refunded_amount",
        "Outstanding Balance": "outstanding_balance",
        "Lineitem quantity": "line.quantity",
        "Lineitem name": "line.title",
        "Lineitem price": "line.unit_price",
        "Lineitem sku": "line.sku",
        "Lineitem discount": "line.discount",
        **{f"Billing {column}": f"billing.{target}" for column, target in _ADDRESS.items()},
        **{
            f"Shipping {column}": f"shipping_address.{target}"
            for column, target in _ADDRESS.items()
        },
    },
    date_format="%Y-%m-%d %H:%M:%S %z",
)

# Columns whose presence says "this is a Shopify orders export".
SIGNATURE = ("Name", "Financial Status", "Lineitem quantity", "Lineitem name", "Lineitem price")


def identify(header: list[str]) -> str | None:
    """``"shopify"`` when the header is a Shopify orders export's, else None."""
    present = {header_key(name) for name in header}
    return SHOPIFY if all(header_key(name) in present for name in SIGNATURE) else None


def read_shopify(name: str, data: bytes | str) -> ShopFile:
    """Read a Shopify orders export: orders, and rejected rows with their reasons."""
    return read_mapped(name, data, SHOPIFY_MAP, fmt=SHOPIFY)
