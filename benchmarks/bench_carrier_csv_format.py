"""Read a 100,000-package post-ship CSV export through a column map, side by side with DuckDB's
read_csv of the same file.

    .venv/bin/python benchmarks/bench_carrier_csv_format.py [--rows 100000] [--runs 5]

Target (issue 15): importing 100,000 packages ≤ 5x DuckDB's read_csv of the same file. This is
the format layer alone (the operation adds its matching against orders): our time covers reading
the file, checking every charge with the house money rule, weights and dates, and returning
the packages table and the rejections. The file has 2% voids, 2% re-exported rows and 0.1%
malformed charges. DuckDB's baseline reads the file into a table (all columns typed by sniffing).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aimsi_ebay.formats.carriers.post_ship_csv import UPS_DEFAULT, read_post_ship

TARGET_RATIO = 5.0


def export_file(rows: int) -> bytes:
    """WorldShip's default layout: VOID,ORDERNO,TRACKING,PUBLISHED,NEGOTIATED,SERVICE,DATE,WEIGHT."""
    lines = []
    for i in range(rows):
        tracking = f"1Z8VY05368{i % 100_000_000:08d}"
        void = "Y" if i % 50 == 7 else "N"
        charge = "12,3x" if i % 1000 == 999 else f"{10 + i % 40}.{i % 100:02d}"
        lines.append(f"{void},A-{i // 2:07d},{tracking},{charge},{4 + i % 9}.{i % 97:02d},GND,"
                     f"202407{1 + i % 28:02d},{1 + i % 30}.5")
        if i % 50 == 3:  # re-exported at end of day
            lines.append(lines[-1])
    return ("\r\n".join(lines[:rows]) + "\r\n").encode("cp1252")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = export_file(args.rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "EXPORT.CSV"
        path.write_bytes(data)
        ours, theirs = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = read_post_ship(path.name, path.read_bytes(), UPS_DEFAULT)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            con = duckdb.connect()
            con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}', header=false)")
            con.close()
            theirs.append(time.perf_counter() - start)
    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    ratio = ours_median / theirs_median
    voids = sum(result.table["void"].to_pylist())
    print(f"rows {args.rows:,}  file {len(data) / 1e6:.1f} MB  packages {result.table.num_rows:,}"
          f"  voids {voids:,}  rejections {len(result.rejections):,}")
    print(f"carrier CSV     median {ours_median * 1000:7.1f} ms  runs "
          + " ".join(f"{t * 1000:.0f}" for t in ours))
    print(f"duckdb read_csv median {theirs_median * 1000:7.1f} ms  runs "
          + " ".join(f"{t * 1000:.0f}" for t in theirs))
    print(f"ratio {ratio:.2f}x (target ≤ {TARGET_RATIO}x): {'OK' if ratio <= TARGET_RATIO else 'MISSED'}")


if __name__ == "__main__":
    main()
