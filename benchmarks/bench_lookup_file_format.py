"""Write the keyed-import lookup file for 100,000 orders, side by side with DuckDB's COPY.

    .venv/bin/python benchmarks/bench_lookup_file_format.py [--rows 100000] [--runs 5]

Target (issue 15): ≤ 3x DuckDB's COPY of the same rows to CSV. The format layer alone: the
orders are an Arrow table already (as the operation will fetch them); our time covers fitting
every value to WorldShip's rules, the CSV in Windows-1252 and the atomic, fsynced write. 3% of
the names and cities are non-Latin or accented and 2% of the address lines are too long, so the
slow path (fitting in Python) is exercised. DuckDB's COPY writes the same table's rows.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aimsi_ebay.formats.carriers.worldship_keyed import UPS_KEYED, write_lookup_file

TARGET_RATIO = 3.0
NAMES = ["Jane Doe", "Łucja Wójcik", "山田太郎", "José Núñez", "Bob Smith", "Ann Lee"]


def orders(rows: int) -> pa.Table:
    """Generated open orders: mostly plain ASCII, a few to transliterate or wrap."""
    def pick(i: int, plain: str, odd: str, every: int) -> str:
        return odd if i % every == 0 else plain

    return pa.table({
        "order_number": [f"A-{i:07d}" for i in range(rows)],
        "ebay_order_number": [f"{i % 100:02d}-{i:05d}-{i * 7 % 100000:05d}" for i in range(rows)],
        "name": [pick(i, f"Customer {i}", NAMES[i % len(NAMES)], 33) for i in range(rows)],
        "attention": [""] * rows,
        "company": [pick(i, "", "Springfield Music Company", 10) for i in range(rows)],
        "address1": [pick(i, f"{i % 9999} Main Street",
                          f"{i % 9999} Very Long Boulevard Name Northwest Suite 100", 50)
                     for i in range(rows)],
        "address2": [pick(i, "", f"Apt {i % 300}", 4) for i in range(rows)],
        "address3": [""] * rows,
        "city": [pick(i, "Springfield", "Łódź", 40) for i in range(rows)],
        "state": ["IL"] * rows,
        "postal_code": [f"{i % 99999:05d}" for i in range(rows)],
        "country": ["US"] * rows,
        "phone": [f"217-555-{i % 10000:04d}" for i in range(rows)],
        "email": [f"buyer{i}@example.com" for i in range(rows)],
        "residential": [i % 3 != 0 for i in range(rows)],
        "service_code": ["GND"] * rows,
        "weight_lbs": pa.array([Decimal(i % 50) / 2 if i % 20 else None for i in range(rows)],
                               pa.decimal128(12, 3)),
    })


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    table = orders(args.rows)
    with tempfile.TemporaryDirectory() as folder:
        ours, theirs = [], []
        con = duckdb.connect()
        con.register("orders", table)
        con.execute("CREATE TABLE open_orders AS SELECT * FROM orders")
        for run in range(args.runs):
            start = time.perf_counter()
            report = write_lookup_file(Path(folder) / "UPSORDERS.CSV", table, UPS_KEYED)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            con.execute(f"COPY open_orders TO '{folder}/copy_{run}.csv' (HEADER)")
            theirs.append(time.perf_counter() - start)
        size = (Path(folder) / "UPSORDERS.CSV").stat().st_size
    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    ratio = ours_median / theirs_median
    print(f"rows {args.rows:,}  file {size / 1e6:.1f} MB  values fitted {len(report.notes):,}")
    print(f"lookup file   median {ours_median * 1000:7.1f} ms  runs "
          + " ".join(f"{t * 1000:.0f}" for t in ours))
    print(f"duckdb COPY   median {theirs_median * 1000:7.1f} ms  runs "
          + " ".join(f"{t * 1000:.0f}" for t in theirs))
    print(f"ratio {ratio:.2f}x (target ≤ {TARGET_RATIO}x): {'OK' if ratio <= TARGET_RATIO else 'MISSED'}")


if __name__ == "__main__":
    main()
