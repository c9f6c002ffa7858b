"""Shop readers against golden files (regenerate on purpose: REGENERATE_GOLDEN=1)."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from aimsi_ebay.formats.shop.column_map import read_mapped
from aimsi_ebay.formats.shop.maps import WOOCOMMERCE
from aimsi_ebay.formats.shop.shopify import read_shopify

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.csv"))


def _read(case: str):
    data = (GOLDEN / f"{case}.csv").read_bytes()
    if case.startswith("shopify_"):
        return read_shopify(f"{case}.csv", data)
    if case.startswith("woocommerce_"):
        return read_mapped(f"{case}.csv", data, WOOCOMMERCE)
    raise AssertionError(f"no reader for golden case {case}")


@pytest.mark.parametrize("case", CASES)
def test_golden(case):
    result = _read(case).as_dict()
    expected_path = GOLDEN / f"{case}.expected.json"
    if os.environ.get("REGENERATE_GOLDEN"):
        expected_path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    assert result == json.loads(expected_path.read_text())


def test_every_row_is_an_order_line_or_a_rejection():
    for case in CASES:
        shop_file = _read(case)
        lines = sum(len(order.lines) for order in shop_file.orders)
        assert lines + len(shop_file.rejections) == shop_file.rows_read, case


def test_shopify_cases_the_issue_names():
    orders = {o.name: o for o in _read("shopify_orders").orders}
    multi = orders["#1001"]
    assert [line.sku for line in multi.lines] == ["STR-EB2221", "ACC-BTU3", "ACC-KYS1"]
    assert (multi.discount_code, multi.discount_amount) == ("SPRING10", Decimal("13.95"))
    assert multi.merchandise - multi.discount_amount == multi.subtotal
    assert multi.billing.zip == "02906" and multi.shipping_address.phone == "+1 401-555-0143"
    assert multi.tax_lines == (("RI State Tax 7%", Decimal("8.79")),)
    assert multi.paid_at.utcoffset().total_seconds() == -4 * 3600
    partial = orders["#1002"]
    assert (partial.financial_status, partial.refunded_amount) == (
        "partially_refunded",
        Decimal("15.00"),
    )
    assert orders["#1003"].cancelled and orders["#1003"].financial_status == "voided"
    assert orders["#1004"].financial_status == "pending" and orders["#1004"].paid_at is None
    assert orders["#1006"].outstanding_balance == Decimal("880.19")
    assert all(not order.review for order in orders.values())


def test_a_bad_order_is_rejected_with_its_rows_and_the_others_are_read():
    shop_file = _read("shopify_problems")
    assert [o.name for o in shop_file.orders] == ["#2001", "#2003"]
    by_row = {r.row: r for r in shop_file.rejections}
    assert by_row[3].field == "Total" and "12,3x" in by_row[3].reason
    assert by_row[4].reason == "order #2002 was rejected (row 3)"
    assert by_row[6].message == (
        "shopify_problems.csv row 6 \"Paid at\": '05/07/2026' is not a date like"
        " 2026-05-01 10:00:00 -0400"
    )


def test_amounts_that_do_not_add_up_are_read_unaltered_and_flagged():
    (flagged,) = [o for o in _read("shopify_problems").orders if o.name == "#2003"]
    assert flagged.total == Decimal("56.00")
    assert flagged.review == (
        "Total 56.00 is not subtotal + shipping + taxes + duties = 55.00",
        "Refunded Amount 60.00 exceeds the total 56.00",
    )


def test_older_shopify_exports_without_the_later_columns_are_read():
    text = (
        "Name,Email,Financial Status,Paid at,Currency,Subtotal,Shipping,Taxes,Total,"
        "Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku\n"
        "#9,a@example.com,paid,2015-03-01 10:00:00 +0000,USD,10.00,2.00,0.00,12.00,"
        "1,Strings,10.00,STR-1\n"
    )
    (order,) = read_shopify("old.csv", text).orders
    assert (order.total, order.refunded_amount, order.cancelled_at) == (
        Decimal("12.00"),
        Decimal("0.00"),
        None,
    )
    assert order.review == ()


def test_mapped_woocommerce_export():
    shop_file = _read("woocommerce_mapped")
    orders = {o.name: o for o in shop_file.orders}
    assert orders["4711"].billing.name == "Priya Shah"
    assert orders["4711"].billing.zip == "78701"
    assert orders["4712"].financial_status == "pending"
    assert orders["4712"].subtotal == Decimal("216.75")  # lines 255.00 - STUDIO15 38.25
    assert orders["4714"].financial_status == "voided"
    assert [r.field for r in shop_file.rejections] == ["Quantity"]
