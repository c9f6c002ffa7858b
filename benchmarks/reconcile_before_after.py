"""The reconciliation views' output before and after a change, case by case (issue 18).

    .venv/bin/python benchmarks/reconcile_before_after.py [--rev main] [--views shipping]
        [--orders 20000]

The view modules named by ``--views`` are loaded as they are at git revision ``--rev`` (the
"before"; the rest of the package is the working tree's) and as they are now (the "after"), and
both run over three stores — the demo store, the tests' small books (an orphan charge, a label,
a loss, an order shipped with no charge) and the benchmark's generated store at ``--orders``
with orphans, eBay labels, unpriced packages and mixed services added — with every filter
combination below, capped and not, each view alone and all four together. Every case's JSON must
be identical; the script prints the number of cases and exits 1 at the first difference.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aimsi_ebay.db import Database  # noqa: E402
from aimsi_ebay.demo.store import build_demo  # noqa: E402
from aimsi_ebay.ops.reconcile import ship_summary, views  # noqa: E402
from aimsi_ebay.ops.reconcile.payouts import import_payouts  # noqa: E402
from aimsi_ebay.ops.reconcile.views import VIEW_NAMES, Filters, run_view, run_views  # noqa: E402
from benchmarks.bench_reconcile import build  # noqa: E402

FILTERS = [
    Filters(as_of=date(2026, 6, 1)),
    Filters(account="main", as_of=date(2026, 6, 1)),
    Filters(account="bench-2", as_of=date(2026, 6, 1)),
    Filters(carrier="ups", as_of=date(2026, 6, 1)),
    Filters(carrier="FedEx", as_of=date(2026, 6, 1)),
    Filters(carrier="ebay", as_of=date(2026, 6, 1)),
    Filters(carrier="dhl", as_of=date(2026, 6, 1)),
    Filters(date_from=date(2025, 3, 1), date_to=date(2025, 9, 30), as_of=date(2026, 6, 1)),
    Filters(date_from=date(2026, 3, 1), as_of=date(2026, 6, 1)),
    Filters(account="bench", carrier="ups", date_to=date(2025, 12, 31), as_of=date(2026, 6, 1)),
]
LIMITS = (None, 500, 3, 1)


def old_planners(rev: str, names: list[str]) -> dict[str, object]:
    """The ``plan`` of each named view module as it is at ``rev``."""
    planners = {}
    for name in names:
        text = subprocess.run(
            ["git", "show", f"{rev}:aimsi_ebay/ops/reconcile/{name}_view.py"], cwd=ROOT,
            check=True, capture_output=True, text=True).stdout
        now = (ROOT / "aimsi_ebay" / "ops" / "reconcile" / f"{name}_view.py").read_text()
        if text == now:
            sys.exit(f"{name}_view.py is the same at {rev}: nothing to compare")
        path = Path(tempfile.mkdtemp()) / f"before_{name}_view.py"
        path.write_text(text)
        spec = importlib.util.spec_from_file_location(f"before_{name}_view", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        planners[name] = module.plan
    return planners


def outputs(db: Database, filters: Filters, limit: int | None) -> list[object]:
    each = [run_view(db, view, filters, limit=limit).as_json() for view in VIEW_NAMES]
    together = [r.as_json() for r in run_views(db, filters, limit=limit)]
    return [each, together]


def compare(label: str, db: Database, before: dict[str, object]) -> int:
    current = views._planner
    cases = 0
    for filters in FILTERS:
        for limit in LIMITS:
            after = outputs(db, filters, limit)

            def patched(view: str, _current=current):
                return before.get(view) or _current(view)

            with mock.patch.object(views, "_planner", patched):
                old = outputs(db, filters, limit)
            if old != after:
                print(f"DIFFERENT: {label} {filters} limit={limit}")
                sys.exit(1)
            cases += len(VIEW_NAMES) + 1  # each view alone, and all together
    print(f"{label}: {cases} cases identical")
    return cases


def books_store(folder: Path) -> Database:
    from tests.ops.reconcile.books import make_books
    from tests.ops.reconcile.test_statement import CONSTRUCTED

    db = Database(folder / "books.duckdb")
    db.migrate()
    make_books(db, [
        {"ebay": "21-14000-00001", "deposit": "62.47", "shipping": "8.50", "invoiced": True,
         "shipped": "7.10", "status": "invoiced"},
        {"ebay": "22-14000-00002", "deposit": "100.00", "status": "open"},
        {"ebay": "23-14000-00003", "deposit": "40.00", "status": "open", "sku": "CAN", "qty": 2},
        {"ebay": "25-1", "deposit": "30.00", "status": "shipped", "shipped": "31.00",
         "shipping": "5.00"},
        {"ebay": "26-1", "deposit": "20.00", "status": "shipped"},
    ])  # fmt: skip
    import_payouts(db, CONSTRUCTED, account="main")
    with db.write() as con:
        con.execute("INSERT INTO shipments (order_id, carrier, service, tracking_number,"
                    " carrier_charge, ship_date) VALUES (999, 'fedex', 'FX', 'T999', 4.00,"
                    " DATE '2026-03-05')")
    return db


def bench_store(folder: Path, n: int) -> Database:
    db = Database(folder / "bench.duckdb")
    db.migrate()
    build(db, n)
    with db.write() as con:  # what the generator lacks: orphans, labels, unpriced, services
        con.execute(f"""INSERT INTO shipments (shipment_id, order_id, carrier, service,
                tracking_number, carrier_charge, negotiated_charge, ship_date)
            SELECT 10000000 + j, CASE WHEN j % 5 = 0 THEN {n} + j ELSE (j * 7) % {n} + 1 END,
                CASE j % 3 WHEN 0 THEN 'ebay' WHEN 1 THEN 'UPS' ELSE 'fedex' END,
                CASE j % 4 WHEN 0 THEN NULL WHEN 1 THEN 'USPS Priority' ELSE 'AIR' END,
                'X' || j, CASE WHEN j % 6 <> 0 THEN CAST(j % 4000 / 100 AS DECIMAL(12,2)) END,
                NULL, DATE '2025-01-02' + CAST(j % 600 AS INTEGER)
            FROM range(1, {n // 5}) t(j)""")
        con.execute("DELETE FROM shipments WHERE order_id % 97 = 0 AND shipment_id < 10000000")
        con.execute("UPDATE orders SET shipping_service = NULL WHERE order_id % 89 = 0")
        ship_summary.rebuild(con)
    return db


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rev", default="main")
    parser.add_argument("--views", default="shipping", help="comma-separated view modules")
    parser.add_argument("--orders", type=int, default=20_000)
    args = parser.parse_args()
    before = old_planners(args.rev, args.views.split(","))
    total = 0
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        demo = Database(folder / "demo.duckdb")
        with mock.patch.dict("os.environ", {"AIMSI_EBAY_DATA": str(folder / "data")}):
            build_demo(demo)
        total += compare("demo store", demo, before)
        total += compare("test books", books_store(folder), before)
        total += compare(f"bench store ({args.orders} orders)", bench_store(folder, args.orders),
                         before)
    print(f"{total} cases identical before ({args.rev}) and after")


if __name__ == "__main__":
    main()
