"""The eBay sales readers against golden files (regenerate on purpose: REGENERATE_GOLDEN=1)."""

from __future__ import annotations

import dataclasses
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.ebay.sales.layouts import LEGACY, ORDERS_REPORT, identify
from aimsi_ebay.formats.ebay.sales.reader import read_sales, read_sales_bytes

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.csv") if not p.stem.endswith(".expected"))


def as_plain(sales_file) -> dict:
    def plain(value):
        if isinstance(value, Decimal):
            return str(value)
        if dataclasses.is_dataclass(value):
            return {k: plain(v) for k, v in dataclasses.asdict(value).items()}
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value if value is None or isinstance(value, (str, int, bool)) else str(value)

    data = {
        name: plain(getattr(sales_file, name))
        for name in ("format", "file_name", "sha256", "rows_read", "sales", "rejections")
    }
    for sale, original in zip(data["sales"], sales_file.sales, strict=True):
        sale["sale_key"] = original.sale_key
        sale["deposit_amount"] = str(original.deposit_amount)
        sale["order_total"] = str(original.order_total)
    return data


@pytest.mark.parametrize("case", CASES)
def test_golden(case):
    result = as_plain(read_sales(GOLDEN / f"{case}.csv"))
    expected_path = GOLDEN / f"{case}.expected.json"
    if os.environ.get("REGENERATE_GOLDEN"):
        expected_path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    assert result == json.loads(expected_path.read_text())


def test_layouts_are_identified_by_header(samples):
    assert identify(samples / "sales" / "ebay_orders_report.csv") == ORDERS_REPORT
    assert identify(samples / "sales" / "ebay_sold_legacy.csv") == LEGACY
    assert identify(GOLDEN / "orders_report_nasty.csv") == ORDERS_REPORT
    assert identify(GOLDEN / "sold_legacy_cp1252.csv") == LEGACY


def test_nasty_report_details():
    result = read_sales(GOLDEN / "orders_report_nasty.csv")
    by_key = {sale.sale_key: sale for sale in result.sales}
    big = by_key["11-11111-11111"]
    assert big.lines[0].amount == Decimal("1234.56") and big.buyer_name == "Ana Núñez"
    assert big.deposit_amount == Decimal("1279.56")  # 1,381.41 less eBay's 101.85
    combined = by_key["22-22222-22222"]
    assert [(ln.sku, ln.quantity, ln.amount) for ln in combined.lines] == [
        ("TSH-LOGO-M", 2, Decimal("39.90")),
        ("NO-SUCH-SKU", 1, Decimal("19.95")),
    ]
    assert combined.lines[0].unit_price == Decimal("19.95")
    assert by_key["44-44444-44444"].paid_date is None
    # the malformed amount is rejected with its own file row (BOM + blank line + header = 2)
    assert [r.as_dict() for r in result.rejections] == [
        {
            "row": 7,
            "field": "Shipping And Handling",
            "reason": "'12,3x' is not an amount like 12.30",
        }
    ]
    assert "33-33333-33333" not in by_key and len(result.sales) == 3


def test_cp1252_legacy_with_uk_wording_and_unit_prices():
    result = read_sales(GOLDEN / "sold_legacy_cp1252.csv")
    assert result.rejections == []
    zoe, jo = result.sales
    assert zoe.buyer_name == "Zoë Müller" and zoe.sale_key == "SRN:501"
    assert zoe.shipping == Decimal("65.00")  # postage 50 + insurance 10 + COD fee 5
    assert jo.merchandise == Decimal("63.93") and jo.lines[0].amount == Decimal("24.98")
    assert jo.seller_tax == Decimal("4.16") and jo.order_total == jo.total_price


def test_missing_required_column_names_file_row_and_field():
    data = b"Sales Record Number,User Id,Sale Price,Quantity\r\n1,x,$1.00,1\r\n"
    with pytest.raises(InputError) as caught:
        read_sales_bytes(data, "sold.csv")
    assert "sold.csv" in caught.value.message


def test_required_total_missing_is_named():
    data = (
        b"Sales Record Number,Order Number,Buyer Username,Sold For,Quantity\r\n1,1-2-3,u,$1,1\r\n"
    )
    with pytest.raises(InputError) as caught:
        read_sales_bytes(data, "orders.csv")
    assert caught.value.message == 'orders.csv row 1 "Total Price": required column missing'


def test_not_an_ebay_file_and_wrong_format():
    with pytest.raises(InputError, match="no eBay sales header"):
        read_sales_bytes(b"a,b,c\r\n1,2,3\r\n", "x.csv")
    with pytest.raises(InputError, match="not ebay_sold_legacy"):
        read_sales(GOLDEN / "orders_report_sample.csv", "ebay_sold_legacy")


def test_short_row_in_the_middle_is_rejected_but_footer_is_not(samples):
    text = (samples / "sales" / "ebay_sold_legacy.csv").read_text(encoding="utf-8").splitlines()
    text.insert(3, "1099,junk")
    result = read_sales_bytes("\r\n".join([*text, "Footer line"]).encode(), "s.csv")
    assert [r.row for r in result.rejections] == [4]
    assert len(result.sales) == 8
