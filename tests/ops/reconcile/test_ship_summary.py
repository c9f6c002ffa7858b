"""The shipping figures orders keep (migration 024) equal a recomputation from their shipments
after any sequence of the writers' operations — carrier imports (new packages, voids of live
ones, re-exports of an earlier file, rows for unknown orders, unpriced packages), eBay labels from
the payouts import, packages' lines marked — and ``rebuild`` repairs figures that drifted."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimsi_ebay.ops.accounts import create_account
from aimsi_ebay.ops.reconcile import payouts, ship_summary
from aimsi_ebay.ops.reconcile.payouts import import_payouts
from aimsi_ebay.ops.reconcile.views import run_view
from aimsi_ebay.ops.shipping.results import import_carrier_file, mark_package_lines
from tests.ops.shipping.factory import add_order

ORDERS = ("1001", "1002", "1003", "1004")
TRACKING = tuple(f"1Z999AA1012345{n:04d}" for n in range(8))
LABELS = tuple(f"94001000000000000{n:05d}" for n in range(4))
SERVICES = ("GND", "2DA", "")
HEADER = ["Transaction creation date", "Type", "Order number", "Net amount", "Payout date",
          "Payout ID", "Gross transaction amount", "Reference ID", "Description"]

charge = st.one_of(st.just(""), st.integers(0, 3000).map(lambda c: f"{Decimal(c) / 100:.2f}"))
package = st.tuples(st.sampled_from(("N", "N", "Y")), st.sampled_from((*ORDERS, "9999")),
                    st.sampled_from(TRACKING), charge, charge, st.sampled_from(SERVICES))
operation = st.one_of(
    st.tuples(st.just("import"), st.lists(package, min_size=1, max_size=5)),
    st.tuples(st.just("again"), st.integers(0, 5)),  # an earlier file exported again
    st.tuples(st.just("label"), st.sampled_from(ORDERS), st.sampled_from(LABELS),
              st.integers(1, 2500), st.sampled_from(("USPS Ground Advantage", "USPS Priority")),
              st.sampled_from((*ORDERS, None))),  # a second label in the same report
    st.tuples(st.just("lines"), st.sampled_from(TRACKING), st.booleans()),
)
SETTINGS = settings(max_examples=10, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _carrier_file(packages: list[tuple]) -> bytes:
    return "".join(f"{v},{o},{t},{p},{n},{s},20261120,1\r\n"
                   for v, o, t, p, n, s in packages).encode()


def _label_report(labels: list[tuple[str, str, int, str]]) -> bytes:
    out = io.StringIO()
    rows = [["Mar 2, 2026", "Shipping label", f"EB-{order}", f"-{Decimal(cents) / 100:.2f}",
             "--", "--", f"-{Decimal(cents) / 100:.2f}", f"Tracking no. {tracking}", service]
            for order, tracking, cents, service in labels]
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode()


def _recomputed(db) -> dict[int, tuple]:
    """Every order's figures from its shipments, in Python (independent of the SQL)."""
    with db.read() as con:
        orders = [row[0] for row in con.execute("SELECT order_id FROM orders").fetchall()]
        shipments = con.execute("SELECT order_id, carrier, service, carrier_charge,"
                                " negotiated_charge FROM shipments WHERE NOT void").fetchall()
    per_order: dict[int, list] = defaultdict(list)
    for order_id, carrier, service, published, negotiated in shipments:
        per_order[order_id].append((carrier, service, negotiated if negotiated is not None
                                    else published))
    figures = {}
    for order_id in orders:
        packages = per_order.get(order_id, [])
        carrier = [c for k, _, c in packages if k != "ebay" and c is not None]
        label = [c for k, _, c in packages if k == "ebay" and c is not None]
        services = [s for _, s, _ in packages if s is not None]
        figures[order_id] = (len(packages), sum(1 for *_, c in packages if c is not None),
                             sum(carrier) if carrier else None, sum(label) if label else None,
                             min(services) if services else None)
    return figures


def _kept(db) -> dict[int, tuple]:
    with db.read() as con:
        rows = con.execute(f"SELECT order_id, {', '.join(ship_summary.COLUMNS)} FROM orders"
                           ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


@SETTINGS
@given(operations=st.lists(operation, min_size=1, max_size=7))
def test_kept_figures_equal_a_recomputation_after_any_writes(databases, operations):
    with databases.fresh() as db:
        create_account(db, name="main", ebay_user_id="main", item_location="Springfield, IL",
                       postal_code="62701", shipping_profile="Ground", return_profile="30 days")
        for number in ORDERS:
            add_order(db, number, account="main")
        files: list[bytes] = []
        for step, op in enumerate(operations):
            if op[0] == "import":
                files.append(_carrier_file(op[1]))
                import_carrier_file(db, f"f{step}.csv", files[-1], carrier="ups", refresh=False)
            elif op[0] == "again" and files:
                import_carrier_file(db, f"again{step}.csv", files[op[1] % len(files)],
                                    carrier="ups", refresh=False)
            elif op[0] == "label":
                _, order, tracking, cents, service, second = op
                labels = [(order, tracking, cents, service)]
                if second is not None:
                    labels.append((second, f"9405{step:018d}", cents + 1, service))
                import_payouts(db, _label_report(labels), account="main", file_name=f"t{step}.csv")
            elif op[0] == "lines":
                with db.read() as con:
                    live = con.execute("SELECT count(*) FROM shipments WHERE tracking_number = ?",
                                       [op[1]]).fetchone()[0]
                if live:
                    mark_package_lines(db, op[1], [1] if op[2] else None)
            assert _kept(db) == _recomputed(db), op
        with db.read() as con:
            assert ship_summary.drift(con) == []
        with db.write() as con:
            assert ship_summary.rebuild(con) == 0


def test_rebuild_repairs_drifted_figures_and_the_view_follows(databases):
    with databases.fresh() as db:
        for number in ORDERS[:3]:
            add_order(db, number)
        packages = [("N", "1001", TRACKING[0], "9.00", "7.50", "GND"),
                    ("N", "1001", TRACKING[1], "", "", "2DA"),
                    ("N", "1002", TRACKING[2], "4.00", "", "GND")]
        import_carrier_file(db, "f.csv", _carrier_file(packages), carrier="ups", refresh=False)
        right = _kept(db)
        assert right == _recomputed(db)
        before = run_view(db, "shipping", limit=None).as_json()
        with db.write() as con:
            con.execute("UPDATE orders SET live_shipments = 0, carrier_cost = 99,"
                        " shipment_service = 'X' WHERE order_number IN ('1001', '1003')")
            assert len(ship_summary.drift(con)) == 2
        assert run_view(db, "shipping", limit=None).as_json() != before
        with db.write() as con:
            assert ship_summary.rebuild(con) == 2
            assert ship_summary.drift(con) == []
        assert _kept(db) == right
        assert run_view(db, "shipping", limit=None).as_json() == before


def test_the_label_carrier_is_the_payouts_import_s():
    assert ship_summary.LABEL_CARRIER == payouts.LABEL_CARRIER
