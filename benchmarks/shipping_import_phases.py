"""Where the carrier import's wall clock goes, step by step: lock and connect, migration check,
each SQL stage, COMMIT, and the close (DuckDB checkpoints a large WAL when the last connection to
a file closes).

    flock /tmp/aimsi-bench.lock .venv/bin/python benchmarks/shipping_import_phases.py
        [--orders 1000000] [--open 100000] [--packages 100000] [--rounds 5] [--threads 1]
        [--code DIR]

The import of ``bench_shipping.py`` (100,000 packages against 1,000,000 orders), each run on a
fresh copy of the store at a new path (so each import's first write checks the migrations, as in
the benchmark). Every call on the connection ``Database`` opens is timed, CPU (``process_time``,
all threads) and wall, and the medians over ``--rounds`` are printed per step with the whole
``import_carrier_file`` call. ``--threads 1`` (the default) makes DuckDB single-threaded: CPU
figures that move less with the machine's load. ``--code DIR`` measures another checkout's
package (e.g. the previous commit's, unpacked with ``git archive``) beside this one's store
builder, for before/after figures in the same hour.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--packages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1, help="0: DuckDB's default")
    parser.add_argument("--code", type=Path, help="a checkout whose aimsi_ebay is measured")
    return parser.parse_args()


ARGS = _arguments() if __name__ == "__main__" else None
sys.path.insert(0, str(ROOT))
if ARGS is not None and ARGS.code:
    sys.path.insert(0, str(ARGS.code.resolve()))



from aimsi_ebay.db import Database  # noqa: E402
from aimsi_ebay.ops.shipping.results import import_carrier_file  # noqa: E402
from benchmarks import statement_profile  # noqa: E402
from benchmarks.bench_shipping import build_store, export_file  # noqa: E402


def one_import(template: Path, copy: Path, data: bytes, threads: int | None) -> list:
    shutil.copy(template, copy)
    steps: list = []
    with statement_profile.timed_opens(steps, threads):
        db = Database(copy)
        cpu, wall = time.process_time(), time.perf_counter()
        import_carrier_file(db, "EXPORT.CSV", data, carrier="ups", refresh=False)
        steps.append(("TOTAL import_carrier_file", time.process_time() - cpu,
                      time.perf_counter() - wall))
    copy.unlink()
    return steps


def main() -> None:
    args = ARGS
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.environ["AIMSI_EBAY_DATA"] = str(root / "data")
        template = root / "template.duckdb"
        build_store(template, args.orders, args.open)
        data = export_file(args.orders, args.open, args.packages)
        one_import(template, root / "warm.duckdb", data, args.threads or None)  # not counted
        runs = [one_import(template, root / f"run{n}.duckdb", data, args.threads or None)
                for n in range(args.rounds)]
    print(f"code: {args.code or ROOT}; threads: {args.threads or 'default'};"
          f" medians of {args.rounds}")
    statement_profile.print_step_medians(runs, small=lambda cpu, wall: wall < 0.004)


if __name__ == "__main__":
    main()
