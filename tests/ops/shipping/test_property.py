"""After any sequence of carrier imports (voids and repeats included): each live tracking number
belongs to exactly one order, an order's shipping cost is the sum of its live packages, the
figures the orders keep for the reconciliation equal a recomputation from shipments (the import
takes them from the file for orders new to shipping and sums the others), and each report counts
the orders that became shipped."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimsi_ebay.ops.reconcile.ship_summary import drift
from aimsi_ebay.ops.shipping.results import import_carrier_file
from tests.ops.shipping.factory import add_order, rows

ORDERS = ("1001", "1002", "1003")
TRACKING = tuple(f"1Z999AA101234567{n:02d}" for n in range(6))

row = st.tuples(st.booleans().map(lambda v: "Y" if v else "N") | st.just("N"),
                st.sampled_from((*ORDERS, "9999")), st.sampled_from(TRACKING),
                st.integers(0, 3000).map(lambda c: f"{Decimal(c) / 100:.2f}"))
files = st.lists(st.lists(row, min_size=1, max_size=6), min_size=1, max_size=4)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=files, repeat=st.booleans())
def test_live_packages_and_costs_stay_consistent(ship_db, files, repeat):
    with ship_db.write() as con:  # each example starts from an empty store
        for table in ("shipments", "shipment_voids", "shipment_lines", "order_lines", "orders",
                      "customers"):
            con.execute(f"DELETE FROM {table}")
    for number in ORDERS:
        add_order(ship_db, number)
    voided, owner = set(), {}
    for n, lines in enumerate(files + (files[:1] if repeat else [])):
        data = "".join(f"{v},{o},{t},{c},{c},GND,20261120,1\r\n" for v, o, t, c in lines)
        before = dict(rows(ship_db, "SELECT order_number, status FROM orders"))
        report = import_carrier_file(ship_db, f"f{n}.csv", data.encode(), carrier="ups",
                                     refresh=False)
        after = dict(rows(ship_db, "SELECT order_number, status FROM orders"))
        assert report.orders_shipped == sum(
            before[o] in ("open", "picked") and after[o] == "shipped" for o in ORDERS)
        with ship_db.read() as con:
            assert drift(con) == []
        voided |= {t for v, _, t, _ in lines if v == "Y"}
        for v, o, t, _ in lines:  # the first order a tracking number reached keeps it
            if v == "N" and o != "9999" and t not in voided:
                owner.setdefault(t, o)
    live = rows(ship_db, "SELECT s.tracking_number, o.order_number FROM shipments s"
                         " JOIN orders o USING (order_id)")
    assert len({t for t, _ in live}) == len(live)
    assert {t for t, _ in live}.isdisjoint(voided)
    assert dict(live) == {t: o for t, o in owner.items() if t not in voided}
    costs = rows(ship_db, "SELECT o.order_number, o.shipping_cost, o.status,"
                          " (SELECT sum(negotiated_charge) FROM shipments s"
                          "  WHERE s.order_id = o.order_id) FROM orders o")
    for number, cost, status, total in costs:
        assert cost == total, number
        assert (status == "shipped") == (total is not None), number
