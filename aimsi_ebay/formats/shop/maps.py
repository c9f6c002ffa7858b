"""Built-in column maps: shops whose exports are common enough to ship a map for."""

from __future__ import annotations

from aimsi_ebay.formats.shop.column_map import ColumnMap
from aimsi_ebay.formats.shop.shopify import SHOPIFY_MAP

WOOCOMMERCE = ColumnMap(
    name="woocommerce",
    fields={
        "Order Number": "name",
        "Order Date": "created_at",
        "Paid Date": "paid_at",
        "Order Status": "financial_status",
        "Order Currency": "currency",
        "Billing Email": "email",
        "Billing First Name": "billing.name",
        "Billing Last Name": "billing.name",
        "Billing Company": "billing.company",
        "Billing Address 1": "billing.address1",
        "Billing Address 2": "billing.address2",
        "Billing City": "billing.city",
        "Billing State": "billing.province_code",
        "Billing Postcode": "billing.zip",
        "Billing Country": "billing.country_code",
        "Billing Phone": "billing.phone",
        "Shipping First Name": "shipping_address.name",
        "Shipping Last Name": "shipping_address.name",
        "Shipping Company": "shipping_address.company",
        "Shipping Address 1": "shipping_address.address1",
        "Shipping Address 2": "shipping_address.address2",
        "Shipping City": "shipping_address.city",
        "Shipping State": "shipping_address.province_code",
        "Shipping Postcode": "shipping_address.zip",
        "Shipping Country": "shipping_address.country_code",
        "Shipping Method Title": "shipping_method",
        "Payment Method Title": "payment_method",
        "Transaction ID": "payment_reference",
        "Cart Discount Amount": "discount_amount",
        "Coupon Code": "discount_code",
        "Order Shipping Amount": "shipping",
        "Order Total Tax Amount": "tax",
        "Order Total Amount": "total",
        "Order Refund Amount": "refunded_amount",
        "SKU": "line.sku",
        "Item Name": "line.title",
        "Quantity": "line.quantity",
        "Item Cost": "line.unit_price",
    },
    date_format="%Y-%m-%d %H:%M",
    statuses={
        "completed": "paid",
        "processing": "paid",
        "on-hold": "pending",
        "pending payment": "pending",
        "pending": "pending",
        "refunded": "refunded",
        "cancelled": "voided",
        "failed": "voided",
    },
)
"""A WooCommerce-style export ("Order Export" plugins: one row per item, order values repeated).
Its "Order Subtotal Amount" is before the cart discount (unlike Shopify's Subtotal), so the map
leaves it out and the subtotal is lines − discount; the total is still checked against it."""

BUILT_IN_MAPS = {column_map.name: column_map for column_map in (SHOPIFY_MAP, WOOCOMMERCE)}
"""The maps a shop account can choose by name (``--format map:NAME``)."""
