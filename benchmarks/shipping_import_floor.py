"""The floor under the carrier import's figure: DuckDB alone making the writes the import must make.

    flock /tmp/aimsi-bench.lock .venv/bin/python benchmarks/shipping_import_floor.py [--rounds 5]

On the store and file of ``bench_shipping.py`` (100,000 packages against 1,000,000 orders), in
turn with DuckDB's read_csv of the file (the issue's baseline): connect to a fresh copy of the
store, read_csv the file, keep the first non-void row of each tracking number, find its order by
number, insert the packages into shipments and mark their orders shipped with a cost, COMMIT,
close. No checks, voids, rejections, audit or migration check: none of the import's own work,
only the rows it must write. Once more with the UNIQUE tracking-number index migration 023
dropped, and once more setting every column of ``orders`` the import keeps (status, shipped date,
shipping cost and the five shipping figures of migration 024 that the reconciliation reads): the
floor of the writes as the schema stands. Medians; CPU is the process's (all threads).
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

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_shipping import build_store, export_file

COLUMNS = ("{'void': 'VARCHAR', 'ord': 'VARCHAR', 'trk': 'VARCHAR', 'pub': 'DECIMAL(12,2)',"
           " 'neg': 'DECIMAL(12,2)', 'svc': 'VARCHAR', 'dt': 'VARCHAR', 'w': 'DECIMAL(10,2)'}")


def writes(csv: Path, summary: bool = False) -> list[str]:
    figures = (", live_shipments = s.n, priced_shipments = s.n, carrier_cost = s.cost,"
               " label_cost = NULL, shipment_service = s.svc") if summary else ""
    return [
        f"CREATE TEMP TABLE f AS SELECT * FROM read_csv('{csv}', header=false,"
        f" columns={COLUMNS})",
        "CREATE TEMP TABLE a AS SELECT o.order_id, f.* FROM (SELECT * FROM f WHERE void = 'N'"
        " QUALIFY row_number() OVER (PARTITION BY trk) = 1) f"
        " JOIN orders o ON o.order_number = f.ord",
        "INSERT INTO shipments (shipment_id, order_id, carrier, service, tracking_number,"
        " carrier_charge, negotiated_charge, weight, ship_date, import_id, source_file,"
        " source_row) SELECT nextval('seq_shipment_id'), order_id, 'ups', svc, trk, pub, neg, w,"
        " DATE '2026-11-20', 1, 'EXPORT.CSV', 1 FROM a",
        "UPDATE orders SET status = 'shipped', shipping_cost = s.cost,"
        f" shipped_date = DATE '2026-11-20'{figures} FROM (SELECT order_id, sum(neg) AS cost,"
        " count(*) AS n, min(svc) AS svc FROM a GROUP BY order_id) s"
        " WHERE s.order_id = orders.order_id",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--packages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.environ["AIMSI_EBAY_DATA"] = str(root / "data")
        template, copy, csv = root / "template.duckdb", root / "run.duckdb", root / "EXPORT.CSV"
        build_store(template, args.orders, args.open)
        csv.write_bytes(export_file(args.orders, args.open, args.packages))
        timings: dict[str, list[tuple[float, float]]] = {
            "floor": [], "floor with the old index": [], "floor, every column kept": [],
            "read_csv (baseline)": []}
        for _ in range(args.rounds):
            for name, runs in timings.items():
                shutil.copy(template, copy)
                if name == "floor with the old index":
                    con = duckdb.connect(str(copy))
                    con.execute("CREATE UNIQUE INDEX shipments_tracking ON shipments"
                                " (tracking_number)")
                    con.close()
                wall, cpu = time.perf_counter(), time.process_time()
                if name.startswith("read_csv"):
                    con = duckdb.connect()
                    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{csv}',"
                                " header=false)")
                    runs.append((time.perf_counter() - wall, time.process_time() - cpu))
                    con.close()
                    continue
                con = duckdb.connect(str(copy))
                con.execute("BEGIN TRANSACTION")
                for statement in writes(csv, summary=name == "floor, every column kept"):
                    con.execute(statement)
                con.execute("COMMIT")
                con.close()
                runs.append((time.perf_counter() - wall, time.process_time() - cpu))
        baseline = statistics.median(w for w, _ in timings["read_csv (baseline)"])
        for name, runs in timings.items():
            wall = statistics.median(w for w, _ in runs)
            print(f"{name:24s} wall {wall:.3f} s  CPU {statistics.median(c for _, c in runs):.3f}"
                  f" s  {wall / baseline:.2f}x read_csv")


if __name__ == "__main__":
    main()
