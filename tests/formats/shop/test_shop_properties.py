"""Property tests: generated shop files read back with every order's amounts adding up."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from aimsi_ebay.formats.shop.column_map import read_mapped
from aimsi_ebay.formats.shop.maps import WOOCOMMERCE
from aimsi_ebay.formats.shop.shopify import read_shopify

CENTS = st.integers(min_value=0, max_value=500_000).map(lambda c: Decimal(c).scaleb(-2))

line_st = st.tuples(
    st.integers(min_value=1, max_value=9), CENTS, st.sampled_from(["STR-1", "ACC-2", ""])
)


@st.composite
def orders(draw):
    lines = draw(st.lists(line_st, min_size=1, max_size=4))
    merchandise = sum((qty * price for qty, price, _ in lines), Decimal("0.00"))
    discount = draw(st.integers(0, int(merchandise * 100)).map(lambda c: Decimal(c).scaleb(-2)))
    shipping, tax = draw(CENTS), draw(CENTS)
    total = merchandise - discount + shipping + tax
    refunded = draw(st.integers(0, int(total * 100)).map(lambda c: Decimal(c).scaleb(-2)))
    status = draw(st.sampled_from(["paid", "pending", "partially_refunded", "refunded"]))
    return {
        "lines": lines,
        "discount": discount,
        "shipping": shipping,
        "tax": tax,
        "total": total,
        "refunded": refunded,
        "status": status,
    }


def _shopify_text(generated: list[dict]) -> str:
    header = [
        "Name", "Email", "Financial Status", "Subtotal", "Shipping", "Taxes", "Total",
        "Discount Amount", "Refunded Amount", "Lineitem quantity", "Lineitem name",
        "Lineitem price", "Lineitem sku",
    ]  # fmt: skip
    rows = []
    for number, order in enumerate(generated, 1):
        merchandise = sum((q * p for q, p, _ in order["lines"]), Decimal("0.00"))
        for index, (qty, price, sku) in enumerate(order["lines"]):
            money = ("shipping", "tax", "total", "discount", "refunded")
            head = (
                [f"b{number}@example.com", order["status"], merchandise - order["discount"]]
                if index == 0
                else ["", "", ""]
            )
            head.extend(order[name] if index == 0 else "" for name in money)
            rows.append([f"#{1000 + number}", *head, qty, f"Item {sku}", price, sku])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _woo_text(generated: list[dict]) -> str:
    header = [
        "Order Number", "Order Status", "Billing Email", "Cart Discount Amount",
        "Order Shipping Amount", "Order Total Tax Amount", "Order Total Amount",
        "Order Refund Amount", "SKU", "Item Name", "Quantity", "Item Cost",
    ]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for number, order in enumerate(generated, 1):
        for qty, price, sku in order["lines"]:
            writer.writerow(
                [
                    number,
                    "completed",
                    f"b{number}@example.com",
                    order["discount"],
                    order["shipping"],
                    order["tax"],
                    order["total"],
                    order["refunded"],
                    sku,
                    f"Item {sku}",
                    qty,
                    price,
                ]
            )
    return out.getvalue()


def _check(shop_file, generated):
    assert shop_file.rejections == ()
    assert len(shop_file.orders) == len(generated)
    for order in shop_file.orders:
        lines = sum((line.quantity * line.unit_price for line in order.lines), Decimal("0.00"))
        assert order.total == lines + order.shipping + order.tax - order.discount_amount
        assert order.refunded_amount <= order.total
        assert order.review == ()


@settings(max_examples=60, deadline=None)
@given(st.lists(orders(), min_size=1, max_size=6), st.data())
def test_generated_shopify_files_add_up_whatever_the_row_order(generated, data):
    # Rows of one order need not be adjacent; the first row of an order must stay its first.
    header, *rows = _shopify_text(generated).splitlines()
    firsts = [row for row in rows if row.split(",")[1]]
    others = data.draw(st.permutations([row for row in rows if not row.split(",")[1]]))
    shop_file = read_shopify("gen.csv", "\n".join([header, *firsts, *others]) + "\n")
    _check(shop_file, generated)
    by_name = {order.name: order for order in shop_file.orders}
    for number, order in enumerate(generated, 1):
        read = by_name[f"#{1000 + number}"]
        assert (read.total, read.refunded_amount) == (order["total"], order["refunded"])
        assert sorted((ln.quantity, ln.unit_price) for ln in read.lines) == sorted(
            (q, p) for q, p, _ in order["lines"]
        )


@settings(max_examples=60, deadline=None)
@given(st.lists(orders(), min_size=1, max_size=6))
def test_generated_mapped_files_add_up_and_agree_with_shopify(generated):
    woo = read_mapped("gen.csv", _woo_text(generated), WOOCOMMERCE)
    _check(woo, generated)
    shopify = read_shopify("gen.csv", _shopify_text(generated))
    for mapped, native in zip(woo.orders, shopify.orders, strict=True):
        assert (mapped.subtotal, mapped.total, mapped.discount_amount) == (
            native.subtotal,
            native.total,
            native.discount_amount,
        )


@settings(max_examples=40, deadline=None)
@given(orders(), st.integers(min_value=1, max_value=999).map(lambda c: Decimal(c).scaleb(-2)))
def test_a_total_that_does_not_add_up_is_flagged_not_changed(order, error):
    order = {**order, "total": order["total"] + error, "refunded": Decimal("0.00")}
    (read,) = read_shopify("gen.csv", _shopify_text([order])).orders
    assert read.total == order["total"]
    assert read.review and read.review[0].startswith(f"Total {order['total']}")
