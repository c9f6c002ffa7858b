"""eBay Transaction report: the two real reports, a constructed one (golden), keys and checks."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.ebay.transactions import (
    TRANSACTION_REPORT,
    identify,
    read_transactions,
)

GOLDEN = Path(__file__).parent / "golden"
REAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "real"
DEC_2023 = "ebay_transaction_report_2023-12_redacted.csv"
NOV_2022 = "ebay_transaction_report_named_OrdersReport_redacted.csv"


def _real(name: str) -> bytes:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"real file {name} is not here (../shared/real)")
    return path.read_bytes()


def _constructed():
    name = "transaction_report_constructed.csv"
    return read_transactions(name, (GOLDEN / name).read_bytes())


def test_constructed_report_golden():
    result = _constructed().as_dict()
    expected_path = GOLDEN / "transaction_report_constructed.expected.json"
    if os.environ.get("REGENERATE_GOLDEN"):
        expected_path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    assert result == json.loads(expected_path.read_text())


def test_real_december_2023_report():
    report = read_transactions(DEC_2023, _real(DEC_2023))
    assert (report.seller, str(report.start_date), str(report.end_date)) == (
        "foundedinfilm",
        "2023-12-27",
        "2024-01-07",
    )
    assert report.counts_by_type == {"Order": 14, "Payout": 8, "Refund": 2}
    assert report.rejections == () and report.unknown_types == []
    balanced = {p.payout_id: p.amount for p in report.payouts if p.balanced}
    assert len(balanced) == 7 and sum(balanced.values()) == Decimal("573.12")
    (open_payout,) = [p for p in report.payouts if not p.balanced]
    assert (open_payout.payout_id, open_payout.amount, open_payout.row_count) == (
        "6176780342",
        Decimal("88.41"),
        0,
    )
    (violation,) = report.violations
    assert violation.kind == "payout" and "near the report's start" in violation.reason
    assert [r.is_cancellation for r in report.rows if r.type == "Refund"] == [False, True]
    first = report.rows[0]
    assert first.fees == {
        "Final Value Fee - fixed": Decimal("-0.30"),
        "Final Value Fee - variable": Decimal("-18.30"),
    }
    assert (first.gross_amount, first.total_fees, first.net_amount) == (
        Decimal("129.55"),
        Decimal("-18.60"),
        Decimal("110.95"),
    )
    assert first.ebay_collected_tax == Decimal("8.58") and first.payout_id == ""


def test_real_report_saved_as_orders_report():
    data = _real(NOV_2022)
    report = read_transactions(NOV_2022, data)
    assert identify(data) == TRANSACTION_REPORT
    assert report.counts_by_type == {
        "Order": 24,
        "Shipping label": 19,
        "Payout": 6,
        "Refund": 1,
        "Purchase": 1,
    }
    assert report.rejections == ()
    balanced = {p.payout_id: (p.amount, p.row_count) for p in report.payouts if p.balanced}
    assert balanced == {
        "5663680203": (Decimal("19.17"), 2),
        "5669499675": (Decimal("224.77"), 22),
        "5677737555": (Decimal("64.12"), 7),
        "5685564291": (Decimal("131.62"), 8),
    }
    assert sorted(v.key for v in report.violations) == ["5657575611", "5658643323"]
    assert all(v.kind == "payout" for v in report.violations)
    # the multi-item order: a summary row with gross and net, item rows with the fees
    multi = [r for r in report.rows if r.order_number == "18-09321-98168" and r.type == "Order"]
    assert [(r.gross_amount, r.net_amount, r.total_fees) for r in multi] == [
        (Decimal("80.00"), Decimal("68.64"), Decimal("0.00")),
        (None, None, Decimal("-5.53")),
        (None, None, Decimal("-5.83")),
    ]
    assert report.fee_columns == (
        "Final Value Fee - fixed",
        "Final Value Fee - variable",
        'Very high "item not as described" fee',
        "Below standard performance fee",
        "International fee",
        "Deposit processing fee",
    )


def test_every_real_row_has_its_own_key_and_a_reread_gives_the_same_keys():
    for name in (DEC_2023, NOV_2022):
        data = _real(name)
        keys = [row.key for row in read_transactions(name, data).rows]
        assert len(set(keys)) == len(keys)
        assert [row.key for row in read_transactions(name, data).rows] == keys


def test_keys_survive_an_overlapping_range_and_a_later_payout():
    """A row downloaded again after it was paid out (payout columns filled) or in a report that
    starts later keeps its key."""
    text = _real(DEC_2023).decode("utf-8-sig")
    lines = text.splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith("Transaction creation"))
    full = read_transactions(DEC_2023, text)
    unpaid = next(r for r in full.rows if r.type == "Order" and not r.payout_id)
    later = lines[unpaid.row - 1].replace(
        ",USD,--,--,--,--,", ',USD,"Jan 9, 2024",6199999999,Bank,Funds sent,', 1
    )
    assert later != lines[unpaid.row - 1]
    overlap = [*lines[: header_at + 1], later, *lines[unpaid.row + 5 :]]
    again = read_transactions(DEC_2023, "\n".join(overlap))
    assert again.rows[0].payout_id == "6199999999"
    assert {r.key for r in again.rows} <= {r.key for r in full.rows}


def test_constructed_report_refund_cancellation_label_unknown_type():
    report = _constructed()
    assert report.unknown_types == ["Sparkle credit"]
    by_type = report.counts_by_type
    assert (by_type["Refund"], by_type["Shipping label"], by_type["Sparkle credit"]) == (2, 2, 1)
    refund, cancel = [r for r in report.rows if r.type == "Refund"]
    assert not refund.is_cancellation and cancel.is_cancellation
    assert refund.net_amount == refund.gross_amount + refund.total_fees == Decimal("-8.62")
    label = next(r for r in report.rows if r.type == "Shipping label" and r.order_number)
    assert (label.net_amount, label.reference_id) == (
        Decimal("-9.45"),
        "Tracking no. 9400100000000000000001",
    )
    regulatory = next(r for r in report.rows if r.transaction_id == "2000349119566")
    assert regulatory.fees["Regulatory operating fee"] == Decimal("-0.22")
    assert str(regulatory.fees["International fee"]) == "0.00"  # "-0" in the file
    adjustments = [r.key for r in report.rows if r.type == "Adjustment"]
    assert adjustments[1] == adjustments[0] + "#2"
    assert [(v.kind, v.key) for v in report.violations] == [
        ("net", "Order 24-14000-00004"),
        ("payout", "7100000002"),
    ]
    assert "near" not in report.violations[1].reason
    assert [(r.row, r.field) for r in report.rejections] == [(28, "Net amount")]


def test_gross_must_be_subtotal_plus_shipping_plus_seller_tax():
    header = "Transaction creation date,Type,Order number,Net amount,Item subtotal,"
    header += "Shipping and handling,Final Value Fee - variable,Gross transaction amount"
    text = f'{header}\n"Jan 2, 2024",Order,1-2-3,17.00,10.00,5.00,-3.00,20.00\n'
    (violation,) = read_transactions("t.csv", text).violations
    assert (violation.kind, violation.expected, violation.actual) == (
        "gross",
        Decimal("15.00"),
        Decimal("20.00"),
    )


def test_identify_and_wrong_files():
    assert identify(["Transaction creation date", "Type", "Net amount"]) == TRANSACTION_REPORT
    assert identify(["Sales Record Number", "Order Number", "Total Price"]) is None
    assert identify(b"Sales Record Number,Order Number\n1,2\n") is None
    with pytest.raises(InputError, match="no Transaction report header"):
        read_transactions("sales.csv", "Sales Record Number,Order Number\n1,2\n")


def test_real_orders_report_is_not_a_transaction_report():
    assert identify(_real("ebay_orders_report_2023_vvoltagea_redacted.csv")) is None
