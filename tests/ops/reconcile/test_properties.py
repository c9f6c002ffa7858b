"""Properties: open deposit = deposit − refunds − applications for every order; Σ row nets of a
payout = the payout amount (a Payout row's net is its negation); gross + fees = net (gross − |fees|)
for every order's rows, as stored."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimsi_ebay.ops.reconcile import money_summary
from aimsi_ebay.ops.reconcile.payouts import import_payouts
from aimsi_ebay.ops.reconcile.views import run_view
from tests.ops.reconcile.books import make_books

CENTS = st.integers(min_value=1, max_value=500_000).map(lambda c: Decimal(c) / 100)
SETTINGS = settings(max_examples=8, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

HEADER = ["Transaction creation date", "Type", "Order number", "Net amount", "Payout date",
          "Payout ID", "Item subtotal", "Shipping and handling", "Final Value Fee - fixed",
          "Final Value Fee - variable", "Gross transaction amount", "Reference ID"]


@st.composite
def order_money(draw):
    deposit = draw(CENTS)
    applied = draw(st.integers(0, int(deposit * 100))) / Decimal(100)
    refunds = draw(st.lists(st.integers(1, 10_000), max_size=3))
    room = deposit - applied
    taken = []
    for cents in refunds:
        amount = Decimal(cents) / 100
        if amount <= room:
            taken.append(amount)
            room -= amount
    return deposit, applied, taken


@SETTINGS
@given(orders=st.lists(order_money(), min_size=1, max_size=6))
def test_open_deposit_is_deposit_less_refunds_less_applications(databases, orders):
    with databases.fresh() as db:
        make_books(db, [{"ebay": f"9-{n}", "deposit": str(d)} for n, (d, _, _) in enumerate(orders)])
        with db.write() as con:
            for n, (_, applied, refunds) in enumerate(orders, start=1):
                if applied:
                    con.execute("INSERT INTO invoices (invoice_number, order_id, customer_id,"
                                " invoice_date, merchandise, shipping, tax, total, created_by) VALUES"
                                " (?, ?, 1, DATE '2026-03-02', ?, 0, 0, ?, 't')",
                                [f"I{n}", n, str(applied), str(applied)])
                    con.execute("INSERT INTO invoice_payments (invoice_id, deposit_id, method, amount,"
                                " paid_date) SELECT invoice_id, ?, 'deposit', ?, DATE '2026-03-02'"
                                " FROM invoices WHERE order_id = ?", [n, str(applied), n])
                for k, amount in enumerate(refunds):
                    con.execute("INSERT INTO deposit_refunds (refund_id, deposit_id, order_id, amount,"
                                " refund_date, source, created_by) VALUES (?, ?, ?, ?, DATE"
                                " '2026-03-03', 'manual', 't')", [n * 10 + k, n, n, str(amount)])
            money_summary.rebuild(con)  # plain SQL: the figures the writers would have kept
        result = run_view(db, "deposits", limit=None)
        opened = {r["order_number"]: r for r in result.tables["open"].dicts()}
        for n, (deposit, applied, refunds) in enumerate(orders, start=1):
            expected = deposit - applied - sum(refunds, Decimal(0))
            row = opened.get(str(100000 + n))
            assert (row["open"] if row else Decimal(0)) == expected
        assert result.problems == []
        assert result.totals["open"] == sum(d - a - sum(r, Decimal(0)) for d, a, r in orders)


@st.composite
def report(draw):
    """Orders with fees, paid out in payouts; each Payout row's net = −Σ its rows' nets."""
    rows, payouts = [], []
    for p in range(draw(st.integers(1, 3))):
        nets = []
        for _ in range(draw(st.integers(1, 4))):
            n = len(rows) + 1
            subtotal, shipping = draw(CENTS), draw(st.sampled_from(["0.00", "8.50", "12.00"]))
            gross = subtotal + Decimal(shipping)
            variable = -(draw(st.integers(0, int(gross * 100) // 5)) / Decimal(100))
            net = gross + Decimal("-0.30") + variable
            nets.append(net)
            rows.append(["Mar 2, 2026", "Order", f"7-{n}", net, "Mar 4, 2026", f"P{p}",
                         subtotal, shipping, "-0.30", variable, gross, "--"])
        payouts.append(["Mar 4, 2026", "Payout", "--", -sum(nets), "--", f"P{p}", "--", "--",
                        "--", "--", -sum(nets), "--"])
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows, *payouts])
    return out.getvalue(), len(rows)


@SETTINGS
@given(generated=report())
def test_payouts_equal_their_rows_and_order_rows_net_is_gross_less_fees(databases, generated):
    text, orders = generated
    with databases.fresh() as db:
        make_books(db, [])
        imported = import_payouts(db, text.encode(), account="main", file_name="gen.csv")
        assert imported.rejected == [] and imported.violations == []
        result = run_view(db, "payouts", limit=None)
        for payout in result.tables["payouts"].dicts():
            assert payout["state"] == "balanced" and payout["amount"] == payout["rows_net"]
        with db.read() as con:
            stored = con.execute(
                "SELECT order_number, sum(gross_amount), sum(fees), sum(net_amount),"
                " (SELECT sum(amount) FROM order_fees f WHERE f.row_key IN (SELECT row_key FROM"
                "  ebay_transactions x WHERE x.order_number = t.order_number))"
                " FROM ebay_transactions t WHERE type = 'Order' GROUP BY order_number").fetchall()
        assert len(stored) == orders
        for _, gross, fees, net, booked in stored:
            assert gross + fees == net and gross - abs(fees) == net and booked == fees
