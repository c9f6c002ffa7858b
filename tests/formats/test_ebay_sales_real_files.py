"""The sales reader on real eBay downloads (../shared/real, skipped when absent) and on the small
committed fixtures that reproduce each of their quirks, plus the row-account property."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.ebay.sales.reader import read_sales, read_sales_bytes

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "real"
GOLDEN = Path(__file__).parent / "golden"
ORDERS_REPORT = REAL / "ebay_orders_report_2023_vvoltagea_redacted.csv"
LEGACY = REAL / "ebay_legacy_saleshistory_2016.csv"


def real(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path.name} is not in ../shared/real")
    return path


def adds_up(result) -> bool:
    account = result.row_account
    return account["rows_read"] == sum(v for k, v in account.items() if k != "rows_read")


def paid_deposits(result) -> tuple[int, Decimal]:
    paid = [s for s in result.sales if s.paid_date and s.deposit_amount > 0]
    return len(paid), sum((s.deposit_amount for s in paid), Decimal("0"))


def masked(result) -> list[str]:
    return [s.sale_key for s in result.sales for v in vars(s).values() if v == "--"]


def test_real_orders_report_every_row_accounted_for():
    result = read_sales(real(ORDERS_REPORT))
    assert result.sales_count == 357 and result.rejections == []
    assert result.row_account == {
        "rows_read": 360, "sale_rows": 357, "duplicate_rows": 1, "footer_rows": 2,
        "rejected_rows": 0,
    }  # fmt: skip
    assert [d.as_dict() for d in result.duplicates] == [{"row": 358, "same_as": 357}]
    assert paid_deposits(result) == (342, Decimal("13565.11"))
    assert masked(result) == []
    by_record = {s.sales_record_number: s for s in result.sales}
    volume = by_record["165"]  # qty 5 × 13.20: eBay's unit price kept, the discount named
    assert (volume.lines[0].quantity, volume.lines[0].unit_price) == (5, Decimal("13.20"))
    assert (volume.adjustment, volume.adjustment_kind) == (Decimal("-9.27"), "discount")
    assert volume.order_total == volume.deposit_amount == Decimal("71.03") and volume.review
    assert by_record["448"].lines[0].amount == Decimal("69.50")  # 2 × 34.75
    refunded = [s for s in result.sales if s.closed_reason == "refunded"]
    assert len(refunded) == 9 and all(s.paid_date and s.deposit_amount == 0 for s in refunded)
    assert by_record["225"].closed_reason == "cancelled"
    references = [s.payment_reference for s in result.sales if s.paid_date]
    assert len(references) == len(set(references))
    assert by_record["448"].payment_reference == by_record["448"].ebay_order_number


def test_real_legacy_sales_history():
    result = read_sales(real(LEGACY))
    assert result.sales_count == 4 and result.rejections == [] and adds_up(result)
    assert result.footer_rows == 2
    assert paid_deposits(result) == (4, Decimal("46.30"))


@pytest.mark.parametrize(
    "name",
    ["ebay_transaction_report_named_OrdersReport_redacted.csv",
     "ebay_transaction_report_2023-12_redacted.csv"],
)  # fmt: skip
def test_a_transaction_report_is_named_and_sent_to_reconciliation(name):
    with pytest.raises(InputError) as caught:
        read_sales(real(REAL / name))
    assert "eBay Transaction report" in caught.value.message
    assert "aimsi-ebay payouts import" in caught.value.message


def test_fixture_reproduces_the_real_report_quirks():
    result = read_sales(GOLDEN / "orders_report_real_quirks.csv")
    assert result.rejections == [] and adds_up(result)
    assert (len(result.duplicates), result.footer_rows, result.sales_count) == (1, 2, 6)
    assert masked(result) == []
    by_record = {s.sales_record_number: s for s in result.sales}
    assert by_record["503"].buyer_name == "" and by_record["503"].ship_address1 == ""
    assert by_record["503"].adjustment_kind == "discount"
    assert by_record["503"].lines[0].unit_price == Decimal("13.20")
    assert by_record["504"].closed_reason == "refunded" and by_record["504"].deposit_amount == 0
    assert by_record["505"].closed_reason == "cancelled"
    assert {s.payment_memo for s in result.sales if s.payment_memo} == {"420004_S"}
    assert len({s.payment_reference for s in result.sales}) == 6


def test_fixture_reproduces_the_legacy_quirks():
    result = read_sales(GOLDEN / "sold_legacy_real_quirks.csv")
    assert result.rejections == [] and adds_up(result) and result.footer_rows == 2
    assert [s.deposit_amount for s in result.sales] == [Decimal("19.50"), Decimal("12.00")]
    assert result.sales[1].lines[0].unit_price == Decimal("3.00")


# -- property: every row is accounted for; deposit + eBay's part = Total Price -------------------

HEADER = (
    "Sales Record Number,Order Number,Buyer Username,Buyer Email,Item Number,Custom Label,"
    "Quantity,Sold For,Shipping And Handling,eBay Collected Tax,Total Price,"
    "eBay Collected Tax and Fees Included in Total,Sale Date,Paid On Date,Transaction ID"
)
cents = st.integers(min_value=0, max_value=50_000)


def money(value: int) -> str:
    return f"${value // 100}.{value % 100:02d}"


@st.composite
def sale_rows(draw, number: int) -> list[str]:
    order = f"10-{number:05d}-00001"
    user = draw(st.sampled_from(["u1", "u2", "u3"]))
    paid = draw(st.sampled_from(["Oct-05-23", ""]))
    kind = draw(st.sampled_from(["single", "combined", "bad", "zero", "discount"]))
    units, price = draw(st.integers(1, 4)), draw(cents)
    shipping, tax = draw(cents), draw(st.integers(0, 900))
    if kind == "combined":
        items = [(draw(st.integers(1, 3)), draw(cents)) for _ in range(draw(st.integers(2, 3)))]
        subtotal = sum(q * p for q, p in items)
        total = subtotal + shipping + tax
        rows = [
            f"{number},{order},{user},,,,{sum(q for q, _ in items)},{money(subtotal)},"
            f"{money(shipping)},{money(tax)},{money(total)},Yes,Oct-05-23,{paid},"
        ]
        rows += [
            f"{number},{order},{user},,9{number}{i},SKU{i},{q},{money(p)},,,,,Oct-05-23,,"
            f"7{number}{i}"
            for i, (q, p) in enumerate(items)
        ]
        return rows
    total = units * price + shipping + tax
    if kind == "zero":
        total = 0
    elif kind == "discount":
        total = max(total - draw(st.integers(1, 500)), 0)
    text = "12,3x" if kind == "bad" else money(total)
    return [
        f"{number},{order},{user},{user}@example.com,9{number},SKU,{units},{money(price)},"
        f'{money(shipping)},{money(tax)},"{text}",Yes,Oct-05-23,{paid},7{number}'
    ]


@st.composite
def files(draw) -> str:
    rows: list[str] = []
    for number in range(1, draw(st.integers(1, 8)) + 1):
        sale = draw(sale_rows(number))
        if draw(st.booleans()) and len(sale) == 1:
            sale = sale * 2  # eBay's repeated row
        rows += sale
    footers = draw(
        st.sampled_from(
            [[], ['"3","record(s) downloaded"'], ['"3","record(s) downloaded"', '"Seller ID : me"']]
        )
    )
    return "\n".join(["", HEADER, *rows, "", *footers]) + "\n"


@given(files())
@settings(max_examples=25, deadline=None)
def test_every_row_is_accounted_for_and_deposits_add_up(text):
    result = read_sales_bytes(text.encode(), "generated.csv")
    assert adds_up(result), result.row_account
    for sale in result.sales:
        assert sale.order_total == sale.deposit_amount  # the order is what the store was paid
        if sale.paid_date is not None:  # a closed sale: 0 + 0 = 0
            assert sale.deposit_amount + sale.ebay_withheld == sale.total_price
