"""Money properties of the sales import (Hypothesis)."""

from __future__ import annotations

import csv
import io
import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from aimsi_ebay.formats.ebay.sales.reader import read_sales_bytes
from aimsi_ebay.ops.sales.importer import create_orders, stage_sales

cents = st.integers(min_value=0, max_value=500_000)
HEADER = [
    "Sales Record Number",
    "Order Number",
    "Buyer Username",
    "Buyer Name",
    "Buyer Email",
    "Item Number",
    "Item Title",
    "Custom Label",
    "Quantity",
    "Sold For",
    "Shipping And Handling",
    "Seller Collected Tax",
    "eBay Collected Tax",
    "eBay Collected Charges",
    "Total Price",
    "eBay Collected Tax and Fees Included in Total",
    "Sale Date",
    "Paid On Date",
]


def money(value: int) -> str:
    return f"${value // 100:,}.{value % 100:02d}"


_batches = itertools.count(10)


def report(orders: list[tuple]) -> bytes:
    """A Seller Hub report; each call uses new order numbers (prefix from a counter)."""
    prefix = next(_batches)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for n, (prices, shipping, tax, ebay_tax, charges, included) in enumerate(orders, start=1):
        subtotal = sum(prices)
        total = subtotal + shipping + tax + (ebay_tax + charges if included else 0)
        head = [str(n), f"{prefix}-{n:05d}-00001", f"user{n}", f"Buyer {n}", f"b{n}@example.com"]
        order = [
            money(shipping),
            money(tax),
            money(ebay_tax),
            money(charges),
            money(total),
            "Yes" if included else "No",
            "Nov-01-26",
            "Nov-01-26",
        ]
        if len(prices) == 1:
            writer.writerow([*head, "39001", "Thing", "STR-EB2221", "1", money(prices[0]), *order])
        else:
            writer.writerow([*head, "", "", "", str(len(prices)), money(subtotal), *order])
            for k, price in enumerate(prices):
                writer.writerow(
                    [
                        str(n),
                        f"{prefix}-{n:05d}-00001",
                        f"user{n}",
                        "",
                        "",
                        f"3900{k}",
                        "Thing",
                        "STR-EB2221",
                        "1",
                        money(price),
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "Nov-01-26",
                        "",
                    ]
                )
    return out.getvalue().encode()


order_strategy = st.tuples(
    st.lists(cents.filter(bool), min_size=1, max_size=3), cents, cents, cents, cents, st.booleans()
)


@settings(max_examples=150, deadline=None)
@given(st.lists(order_strategy, min_size=1, max_size=5))
def test_deposit_plus_ebay_collected_equals_total_price(orders):
    result = read_sales_bytes(report(orders), "r.csv")
    assert result.rejections == []
    for sale in result.sales:
        withheld = sale.ebay_tax + sale.ebay_charges if sale.ebay_included else Decimal(0)
        assert sale.deposit_amount + withheld == sale.total_price
        assert sale.order_total == sale.merchandise + sale.shipping + sale.seller_tax
        assert sale.deposit_amount == sale.order_total  # totals reconcile: no review needed
        assert sale.review == []


@settings(max_examples=8, deadline=None)
@given(st.lists(order_strategy, min_size=1, max_size=4))
def test_orders_written_keep_the_books_balanced(fresh_store, orders):
    staged = stage_sales(
        fresh_store, report(orders), "r.csv", account="demo-store", unmatched="create"
    )
    create_orders(fresh_store, staged.batch_id)
    with fresh_store.read() as con:
        rows = con.execute(
            "SELECT o.sales_record_number, o.total, o.merchandise, o.shipping, o.seller_tax,"
            " o.ebay_tax_memo,"
            " (SELECT sum(amount) FROM order_lines l WHERE l.order_id = o.order_id),"
            " coalesce((SELECT sum(amount) FROM deposits d WHERE d.order_id = o.order_id), 0),"
            " s.total_price FROM orders o JOIN staged_sales s ON s.order_id = o.order_id"
            " WHERE o.import_batch_id = ?",
            [staged.batch_id],
        ).fetchall()
    assert len(rows) == len(orders)
    for record, total, merch, shipping, tax, memo, lines, deposit, total_price in rows:
        _, _, _, ebay_tax, charges, included = orders[int(record) - 1]
        assert total == lines + shipping + tax and merch == lines
        assert memo == Decimal(ebay_tax + charges) / 100
        assert deposit + (memo if included else 0) == total_price
        assert deposit == total  # what the buyer paid the store is the store's order total
