"""What the carrier import's time goes to: the same import without one of its writes at a time.

    flock /tmp/aimsi-bench.lock .venv/bin/python benchmarks/shipping_import_accounting.py
        [--orders 1000000] [--open 100000] [--packages 100000] [--rounds 5] [--threads 1]

The import of ``bench_shipping.py`` (100,000 packages against 1,000,000 orders), each run on a
fresh copy of the store, in four variants taken in turn (so a change in the machine's load falls
on all of them): as shipped; with the UNIQUE index on the tracking number that migration 023
dropped (the writers keep a tracking number on one order since); without the UPDATE of the orders
(status, shipping cost, shipped date); without it but with the index. The differences are what
the index and the update cost, their COMMIT included. The cut-down variants break the import's
guarantees, so they exist only here, for measuring. Also timed: the migration check a first
``Database.write()`` makes in a process (a read-only connection of its own before the writer's).

CPU seconds (all threads) and wall seconds, medians of ``--rounds``; ``--threads 1`` (the
default) makes DuckDB single-threaded, for CPU figures that move less with the load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aimsi_ebay.db import Database
from aimsi_ebay.ops.shipping import results
from benchmarks.bench_shipping import build_store, export_file

NO_ORDERS_UPDATE = results.ORDER_STATE_SQL[:results.ORDER_STATE_SQL.index("UPDATE orders SET")]
VARIANTS = {  # name: (create the old tracking-number index first, settle the orders' state)
    "as shipped": (False, results.ORDER_STATE_SQL),
    "with the old tracking-number index": (True, results.ORDER_STATE_SQL),
    "without the orders update": (False, NO_ORDERS_UPDATE),
    "with the index, without the update": (True, NO_ORDERS_UPDATE),
}


def one_import(template: Path, copy: Path, data: bytes, with_index: bool, order_state: str,
               threads: int | None) -> tuple[float, float]:
    shutil.copy(template, copy)
    if with_index:
        con = duckdb.connect(str(copy))
        con.execute("CREATE UNIQUE INDEX shipments_tracking ON shipments (tracking_number)")
        con.close()
    opened = Database._open

    def open_with_threads(self: Database, *, read_only: bool) -> duckdb.DuckDBPyConnection:
        con = opened(self, read_only=read_only)
        if threads:
            con.execute(f"SET threads = {threads}")
        return con

    with mock.patch.object(results, "ORDER_STATE_SQL", order_state), \
            mock.patch.object(Database, "_open", open_with_threads):
        db = Database(copy)
        cpu, wall = time.process_time(), time.perf_counter()
        results.import_carrier_file(db, "EXPORT.CSV", data, carrier="ups", refresh=False)
        return time.process_time() - cpu, time.perf_counter() - wall


def migration_check(template: Path, copy: Path) -> tuple[float, float]:
    shutil.copy(template, copy)
    db = Database(copy)
    cpu, wall = time.process_time(), time.perf_counter()
    db._ensure_migrated()
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--packages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1, help="0: DuckDB's default")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.environ["AIMSI_EBAY_DATA"] = str(root / "data")
        template = root / "template.duckdb"
        build_store(template, args.orders, args.open)
        data = export_file(args.orders, args.open, args.packages)
        timings: dict[str, list[tuple[float, float]]] = {name: [] for name in VARIANTS}
        timings["migration check of a first write"] = []
        warm = root / "warm.duckdb"  # the process's first import warms caches: not counted
        one_import(template, warm, data, False, results.ORDER_STATE_SQL, args.threads or None)
        warm.unlink()
        for round_ in range(args.rounds):
            # a new path each run, as in bench_shipping.py: each import's first write checks the
            # migrations (once per process and path)
            for n, (name, (with_index, order_state)) in enumerate(VARIANTS.items()):
                copy = root / f"run{round_}-{n}.duckdb"
                timings[name].append(one_import(template, copy, data, with_index, order_state,
                                                args.threads or None))
                copy.unlink()
            copy = root / f"check{round_}.duckdb"
            timings["migration check of a first write"].append(migration_check(template, copy))
            copy.unlink()
        base = statistics.median(cpu for cpu, _ in timings["as shipped"])
        for name, runs in timings.items():
            cpu = statistics.median(c for c, _ in runs)
            wall = statistics.median(w for _, w in runs)
            share = "" if name == "as shipped" else f"  ({cpu - base:+.3f} s CPU)" \
                if name.startswith(("without", "with ")) else f"  ({cpu / base:.0%} of the import's CPU)"
            print(f"{name:36s} CPU {cpu:.3f} s  wall {wall:.3f} s{share}")


if __name__ == "__main__":
    main()
