"""Property tests for the Transaction report: net = gross + fees, payouts, re-import keys."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from aimsi_ebay.formats.ebay.transactions import read_transactions

HEADER = [
    "Transaction creation date", "Type", "Order number", "Net amount", "Payout ID",
    "Transaction ID", "Item subtotal", "Shipping and handling", "eBay collected tax",
    "Final Value Fee - fixed", "Final Value Fee - variable", "International fee",
    "Gross transaction amount", "Reference ID",
]  # fmt: skip
PAYOUT = "8100000001"
CENTS = st.integers(min_value=0, max_value=200_000).map(lambda c: Decimal(c).scaleb(-2))
FEE = st.one_of(st.just("--"), CENTS.map(lambda d: f"-{d}"))


@st.composite
def order_rows(draw, number: int):
    subtotal, shipping, tax = draw(CENTS), draw(CENTS), draw(CENTS)
    fees = [draw(FEE) for _ in range(3)]
    gross = subtotal + shipping
    net = gross + sum((Decimal(f) for f in fees if f != "--"), Decimal("0.00"))
    day = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 27)))
    return [
        f"{day:%b} {day.day}, {day.year}", "Order", f"10-{number:05}-00001", str(net),
        PAYOUT, f"{number:013}", str(subtotal), str(shipping), str(tax), *fees, str(gross), "--",
    ]  # fmt: skip


@st.composite
def reports(draw):
    count = draw(st.integers(1, 12))
    return [draw(order_rows(number)) for number in range(1, count + 1)]


def _text(rows: list[list[str]], payout: Decimal | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([["Seller", "gen"], ["Start date", "Jan-01-2024 00:00:00 AM PST"], HEADER])
    if payout is not None:
        amount = str(-payout)
        cells = ["Feb 1, 2024", "Payout", "--", amount, PAYOUT, "--", "--", "--", "--"]
        writer.writerow([*cells, "--", "--", "--", amount, "Bank reference ID GEN"])
    writer.writerows(rows)
    return out.getvalue()


@settings(max_examples=80, deadline=None)
@given(reports())
def test_generated_order_rows_satisfy_net_equals_gross_minus_fees(rows):
    report = read_transactions("gen.csv", _text(rows))
    assert report.rejections == () and report.violations == ()
    for row in report.rows:
        # fees are negative: gross − |fees| = gross + Σ fees = net
        assert row.net_amount == row.gross_amount + row.total_fees
        assert row.gross_amount == row.item_subtotal + row.shipping_and_handling


@settings(max_examples=60, deadline=None)
@given(reports(), st.integers(min_value=1, max_value=10_000).map(lambda c: Decimal(c).scaleb(-2)))
def test_a_wrong_net_is_reported_and_kept(rows, error):
    rows[0][3] = str(Decimal(rows[0][3]) + error)
    report = read_transactions("gen.csv", _text(rows))
    assert len(report.rows) == len(rows)
    assert [v.kind for v in report.violations] == ["net"]
    assert report.violations[0].actual - report.violations[0].expected == error


@settings(max_examples=60, deadline=None)
@given(reports())
def test_a_payout_balances_with_its_rows(rows):
    total = sum((Decimal(row[3]) for row in rows), Decimal("0.00"))
    report = read_transactions("gen.csv", _text(rows, payout=total))
    (payout,) = report.payouts
    assert (payout.amount, payout.rows_net, payout.balanced) == (total, total, True)
    assert report.violations == ()


@settings(max_examples=60, deadline=None)
@given(reports(), st.integers(0, 27), st.integers(0, 27))
def test_overlapping_date_ranges_add_no_new_keys(rows, cut_a, cut_b):
    """Two downloads covering days [1, a] and [b, 28] of the same month: together they hold no
    key the whole month's report does not, and every row of the month has its key in one."""
    rows = [*rows, list(rows[0])]  # a genuinely repeated event on the same day
    full = {r.key for r in read_transactions("all.csv", _text(rows)).rows}

    def day(row):
        return datetime.strptime(row[0], "%b %d, %Y").day

    low, high = sorted((cut_a + 1, cut_b + 1))
    early = [row for row in rows if day(row) <= high]
    late = [row for row in rows if day(row) >= low]
    keys = {r.key for r in read_transactions("a.csv", _text(early)).rows}
    keys |= {r.key for r in read_transactions("b.csv", _text(late)).rows}
    assert keys == full
    assert len(full) == len(rows)
