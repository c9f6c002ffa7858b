"""The money figures kept for the views (migration 025) equal a recomputation from their source
rows after any sequence of the writers' operations: invoicing, payments and deposits applied by
hand, deposit refunds, voids, refunds made outside eBay, and eBay Transaction reports (orders
matched, refunds, rows paid out later). ``rebuild`` repairs figures written around the writers."""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimsi_ebay.errors import ConflictError, InputError, NotFoundError
from aimsi_ebay.ops.invoicing.payments import (
    apply_deposit,
    pay_invoice,
    refund_deposit,
    void_invoice,
)
from aimsi_ebay.ops.invoicing.posting import invoice_orders
from aimsi_ebay.ops.reconcile import money_summary
from aimsi_ebay.ops.reconcile.payouts import import_payouts
from aimsi_ebay.ops.reconcile.refunds import record_manual_refund
from aimsi_ebay.ops.reconcile.views import run_view
from tests.ops.invoicing.factory import add_order, seed_store

ORDERS = 3
HEADER = ["Transaction creation date", "Type", "Order number", "Net amount", "Payout date",
          "Payout ID", "Item subtotal", "Shipping and handling", "Final Value Fee - fixed",
          "Final Value Fee - variable", "Gross transaction amount", "Reference ID"]
CENTS = st.integers(min_value=1, max_value=20_000).map(lambda c: Decimal(c) / 100)
ORDER = st.integers(1, ORDERS)
PAYOUT = st.sampled_from(["--", "P1", "P2"])
NO_DRIFT = {table: [] for table in ("deposits", "invoices", "orders", "payout_imports",
                                    "payout_totals", "fee_months")}  # fmt: skip

OPERATIONS = st.one_of(
    st.tuples(st.just("invoice"), ORDER),
    st.tuples(st.just("pay"), ORDER, CENTS),
    st.tuples(st.just("apply"), ORDER, st.integers(1, ORDERS * 2)),
    st.tuples(st.just("refund_deposit"), st.integers(1, ORDERS * 2), CENTS),
    st.tuples(st.just("void"), ORDER),
    st.tuples(st.just("manual_refund"), ORDER, CENTS),
    st.tuples(st.just("report"), st.lists(st.tuples(ORDER, CENTS, PAYOUT, st.booleans()),
                                          min_size=1, max_size=4)),
)


def _report(rows: list[tuple[int, Decimal, str, bool]]) -> bytes:
    """Order rows (one per order drawn: gross, fees), a refund where drawn, each paid out in the
    payout drawn (or not yet), and the Payout rows whose net is −Σ their rows' nets."""
    lines, nets = [], {}
    for order, gross, payout, refund in {r[0]: r for r in rows}.values():
        number = f"11-{order}-00001"
        net = gross - Decimal("0.30")
        paid = "--" if payout == "--" else "Mar 4, 2026"
        lines.append(["Mar 2, 2026", "Order", number, net, paid, payout, gross, "0", "-0.30", "0",
                      gross, "--"])
        nets[payout] = nets.get(payout, Decimal(0)) + net
        if refund:
            amount = min(gross, Decimal("5.00"))
            lines.append(["Mar 3, 2026", "Refund", number, -amount, paid, payout, "--", "--", "--",
                          "--", -amount, f"Refund {order}"])
            nets[payout] -= amount
    for payout, net in nets.items():
        if payout != "--":
            lines.append(["Mar 4, 2026", "Payout", "--", -net, "--", payout, "--", "--", "--",
                          "--", -net, "--"])
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *lines])
    return out.getvalue().encode()


def _invoice_number(db, order: int) -> str | None:
    with db.read() as con:
        row = con.execute("SELECT invoice_number FROM invoices WHERE order_id = ?"
                          " AND status = 'posted'", [order]).fetchone()
    return row[0] if row else None


def _apply(db, operation: tuple) -> None:
    kind, *args = operation
    if kind == "invoice":
        invoice_orders(db, [str(args[0])])
    elif kind == "report":
        import_payouts(db, _report(args[0]), account="acct", file_name="report.csv")
    elif kind == "refund_deposit":
        refund_deposit(db, args[0], args[1])
    elif kind == "manual_refund":
        record_manual_refund(db, str(args[0]), args[1])
    else:
        number = _invoice_number(db, args[0])
        if number is None:
            return
        if kind == "pay":
            pay_invoice(db, number, args[1], "cash")
        elif kind == "apply":
            apply_deposit(db, number, args[1])
        else:
            void_invoice(db, number, "test")


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(deposits=st.lists(st.lists(st.sampled_from(["20.00", "45.50", "130.00"]), min_size=1,
                                  max_size=2), min_size=ORDERS, max_size=ORDERS),
       operations=st.lists(OPERATIONS, min_size=1, max_size=8))
def test_kept_figures_equal_their_source_rows_after_any_writes(databases, deposits, operations):
    with databases.fresh() as db:
        seed_store(db)
        for n, amounts in enumerate(deposits, start=1):
            add_order(db, str(n), [("AMP-1", 1, "120.00")], shipping="10.00", deposits=amounts)
        for operation in operations:
            with contextlib.suppress(InputError, NotFoundError, ConflictError):
                _apply(db, operation)  # a refused operation writes nothing
            with db.read() as con:
                assert money_summary.drift(con) == NO_DRIFT, operation
        # the property over what the view reads: open = deposit − refunds − applications
        # (payouts = Σ their rows: test_properties; a payout id drawn again here is not one)
        with db.read() as con:
            expected = con.execute(
                "SELECT coalesce(sum(d.amount - coalesce((SELECT sum(amount) FROM invoice_payments p"
                " WHERE p.deposit_id = d.deposit_id), 0) - coalesce((SELECT sum(amount) FROM"
                " deposit_refunds r WHERE r.deposit_id = d.deposit_id), 0)), 0) FROM deposits d"
            ).fetchone()[0]
        assert run_view(db, "deposits", limit=None).totals["open"] == expected


def test_rebuild_repairs_figures_written_around_the_writers(databases):
    with databases.fresh() as db:
        seed_store(db)
        add_order(db, "1", [("AMP-1", 1, "120.00")], shipping="10.00", deposits=["130.00"])
        invoice_orders(db, ["1"])
        import_payouts(db, _report([(1, Decimal("130.00"), "P1", True)]), account="acct",
                       file_name="report.csv")
        with db.write() as con:  # plain SQL, as a repair or an old tool might write
            con.execute("UPDATE deposits SET applied = 0, refunded = 7")
            con.execute("UPDATE invoices SET paid = 1, credited = 2")
            con.execute("UPDATE orders SET deposit_total = 0, ebay_order_rows = 0")
            con.execute("DELETE FROM payout_totals")
            con.execute("UPDATE fee_months SET fees = 0")
            con.execute("UPDATE payout_imports SET row_count = 0")
            assert money_summary.drift(con) == {
                "deposits": [1], "invoices": [1], "orders": [1], "payout_imports": [1],
                "payout_totals": [(1, "P1")], "fee_months": [(1, date(2026, 3, 1))]}
        assert money_summary.rebuild_store(db) == 6
        with db.read() as con:
            assert money_summary.drift(con) == NO_DRIFT
        assert money_summary.rebuild_store(db) == 0  # nothing left to repair
