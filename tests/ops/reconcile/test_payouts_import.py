"""payouts import: the real reports (counts, payout totals, idempotent), the constructed report
against books (refund, cancellation, label, unknown type), refunds by hand, credit notes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from aimsi_ebay.errors import ConflictError, InputError
from aimsi_ebay.ops.reconcile.payouts import import_payouts
from aimsi_ebay.ops.reconcile.refunds import mark_items_received, record_manual_refund
from aimsi_ebay.ops.reconcile.views import Filters, run_view
from tests.ops.reconcile.books import make_books

ROOT = Path(__file__).resolve().parents[3]
REAL = ROOT / ".." / "shared" / "real"
CONSTRUCTED = ROOT / "tests" / "formats" / "ebay" / "golden" / "transaction_report_constructed.csv"


def _real(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"real file {name} is not here (../shared/real)")
    return path


@pytest.mark.parametrize(
    ("name", "counts", "balanced_total", "payouts"),
    [
        ("ebay_transaction_report_2023-12_redacted.csv",
         {"Order": 14, "Payout": 8, "Refund": 2}, Decimal("573.12"), 8),
        ("ebay_transaction_report_named_OrdersReport_redacted.csv",
         {"Order": 24, "Shipping label": 19, "Payout": 6, "Refund": 1, "Purchase": 1},
         Decimal("439.68"), 6),
    ],
)  # fmt: skip
def test_real_reports_import_once(fresh_db, name, counts, balanced_total, payouts):
    make_books(fresh_db, [])
    first = import_payouts(fresh_db, _real(name), account="main")
    assert first.counts_by_type == counts and first.rows_new == sum(counts.values())
    assert first.payouts_new == payouts and first.rejected == []
    again = import_payouts(fresh_db, _real(name), account="main")
    assert (again.rows_new, again.rows_updated, again.payouts_new) == (0, 0, 0)
    result = run_view(fresh_db, "payouts", limit=None)
    balanced = [r for r in result.tables["payouts"].dicts() if r["state"] == "balanced"]
    assert sum(r["amount"] for r in balanced) == balanced_total
    assert all(r["amount"] == r["rows_net"] for r in balanced)
    with fresh_db.read() as con:
        assert con.execute("SELECT count(*) FROM ebay_transactions").fetchone()[0] == sum(
            counts.values())


def test_constructed_report_against_books(fresh_db):
    make_books(fresh_db, [
        {"ebay": "21-14000-00001", "deposit": "62.47", "shipping": "8.50", "invoiced": True,
         "shipped": "7.10", "status": "invoiced"},
        {"ebay": "22-14000-00002", "deposit": "100.00", "status": "open"},
        {"ebay": "23-14000-00003", "deposit": "40.00", "status": "open", "sku": "CAN", "qty": 2},
    ])  # fmt: skip
    report = import_payouts(fresh_db, CONSTRUCTED, account="main")
    assert report.unknown_types == ["Sparkle credit"]
    assert (report.orders_matched, report.orders_unmatched, report.gross_not_deposit) == (3, 1, 0)
    assert report.labels_booked == 1 and report.refunds.refunds == 2
    assert (report.refunds.cancelled_orders, report.refunds.credit_notes) == (1, 1)
    assert len(report.rejected) == 1 and "row 28" in report.rejected[0]
    with fresh_db.read() as con:
        assert con.execute("SELECT status FROM orders WHERE order_id = 3").fetchone()[0] == "cancelled"
        assert con.execute("SELECT qty_committed FROM skus WHERE sku = 'CAN'").fetchone()[0] == 0
        assert con.execute("SELECT type FROM ebay_transactions WHERE NOT known_type"
                           ).fetchall() == [("Sparkle credit",)]
        label = con.execute("SELECT carrier, tracking_number, carrier_charge FROM shipments"
                            " WHERE order_id = 1 AND carrier = 'ebay'").fetchone()
        assert label == ("ebay", "9400100000000000000001", Decimal("9.45"))
        note = con.execute("SELECT amount, (SELECT count(*) FROM credit_note_lines)"
                           " FROM credit_notes").fetchone()
        assert note == (Decimal("10.00"), 0)  # a partial refund carries no goods
        fees = con.execute("SELECT order_id, sum(amount) FROM order_fees WHERE order_id"
                           " IS NOT NULL GROUP BY 1 ORDER BY 1").fetchall()
    assert fees == [(1, Decimal("-7.52")), (2, Decimal("-11.51")), (3, Decimal("0.00"))]
    deposits = run_view(fresh_db, "deposits", Filters(as_of=None), limit=None)
    assert deposits.totals["refunded"] == Decimal("40.00")  # the invoiced refund is a credit
    assert deposits.tables["cancelled_to_refund"].rows == []
    shipping = run_view(fresh_db, "shipping", limit=None)
    (row,) = [r for r in shipping.tables["orders"].dicts() if r["order_number"] == "100001"]
    assert (row["carrier_cost"], row["label_cost"], row["margin"]) == (
        Decimal("7.10"), Decimal("9.45"), Decimal("-8.05"))
    assert row["loss"] is True
    assert shipping.totals["orphan_charges"] == 1  # the bulk label purchase
    payouts = run_view(fresh_db, "payouts", limit=None)
    assert payouts.totals["missing_from_books"] == 1  # 24-14000-00004
    again = import_payouts(fresh_db, CONSTRUCTED, account="main")
    assert (again.rows_new, again.labels_booked, again.refunds.refunds) == (0, 0, 0)


def test_refund_by_hand_credit_note_and_items_received(fresh_db):
    make_books(fresh_db, [
        {"ebay": "1-1", "deposit": "50.00", "status": "invoiced", "invoiced": True, "shipped": "5.00",
         "sku": "RET", "qty": 2},
        {"ebay": "1-2", "deposit": "30.00", "status": "picked", "sku": "PCK", "qty": 3},
    ])  # fmt: skip
    with pytest.raises(InputError, match=r"more than the 30\.00 left"):
        record_manual_refund(fresh_db, "100002", "30.01")
    counts = record_manual_refund(fresh_db, "1-2", "30.00", reason="cash")
    assert (counts.refunds, counts.cancelled_orders) == (1, 1)
    counts = record_manual_refund(fresh_db, "100001", "50.00", reason="returned")
    assert (counts.credit_notes, counts.cancelled_orders) == (1, 0)
    with fresh_db.read() as con:
        number = con.execute("SELECT credit_note_number FROM credit_notes").fetchone()[0]
        assert con.execute("SELECT qty_committed FROM skus WHERE sku = 'PCK'").fetchone()[0] == 0
    assert mark_items_received(fresh_db, number) == 1
    with fresh_db.read() as con:
        assert con.execute("SELECT qty_on_hand FROM skus WHERE sku = 'RET'").fetchone()[0] == 12
    with pytest.raises(ConflictError):
        mark_items_received(fresh_db, number)
    deposits = run_view(fresh_db, "deposits", limit=None)
    assert deposits.totals["open"] == 0 and deposits.problems == []
    assert deposits.totals["invoices_due"] == 0
