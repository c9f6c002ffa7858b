"""Where the sales import's time goes, step by step: every statement of the reader's in-memory
DuckDB connection and of the store's write connection (COMMIT, with its checkpoint, included),
CPU (``process_time``) and wall, and the Python between them.

    flock /tmp/aimsi-bench.lock .venv/bin/python benchmarks/sales_import_phases.py
        [--orders 100000] [--customers 1000000] [--rounds 3] [--threads 1] [--gaps]
        [--code DIR]

The import of ``bench_sales_import.py`` (its store builder and report), each round into a fresh
copy of the store. ``--threads 1`` (the default) runs every statement on one DuckDB thread, the
reader's scans of the file included: CPU figures that move less with the machine's load;
``--threads 0`` leaves the threads as the product sets them. ``--gaps``: the Python time between
two statements is listed before the second ("gap before …"). ``--code DIR`` measures another
checkout's package (e.g. the previous commit's, unpacked with ``git archive``) beside this one's
store builder, for before/after figures in the same hour.
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
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="0: as the product sets them")
    parser.add_argument("--gaps", action="store_true", help="list the Python between statements")
    parser.add_argument("--code", type=Path, help="a checkout whose aimsi_ebay is measured")
    return parser.parse_args()


ARGS = _arguments() if __name__ == "__main__" else None
sys.path.insert(0, str(ROOT))
if ARGS is not None and ARGS.code:
    sys.path.insert(0, str(ARGS.code.resolve()))

from unittest import mock  # noqa: E402

import duckdb  # noqa: E402

import aimsi_ebay.formats.ebay.sales.reader as sales_reader  # noqa: E402
from aimsi_ebay.db import Database  # noqa: E402
from aimsi_ebay.ops.sales.importer import import_sales  # noqa: E402
from benchmarks import statement_profile  # noqa: E402
from benchmarks.bench_sales_import import build_database, write_report  # noqa: E402


class _Timed(statement_profile.PhaseSteps):
    """The phase benchmarks' timed connection (``--gaps``, ``--threads``)."""

    gaps = bool(ARGS and ARGS.gaps)
    threads = ARGS.threads if ARGS else 0


def one_import(template: Path, copy: Path, report: Path) -> list:
    shutil.copy(template, copy)
    steps: list = []
    with statement_profile.timed_opens(steps, ARGS.threads, _Timed), \
            mock.patch.object(sales_reader, "duckdb",
                              statement_profile.TimedModule(duckdb, steps, _Timed)):
        db = Database(copy)
        cpu, wall = time.process_time(), time.perf_counter()
        statement_profile.PhaseSteps.mark()
        result = import_sales(db, report, account="bench", unmatched="create")
        steps.append(("TOTAL import_sales", time.process_time() - cpu,
                      time.perf_counter() - wall))
    print(f"  {result.orders_created:,} orders, {result.customers_created:,} customers created,"
          f" deposits {result.deposits_total}, {result.needs_review} for review")
    copy.unlink()
    copy.with_name(copy.name + ".wal").unlink(missing_ok=True)
    return steps


def main() -> None:
    args = ARGS
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.environ["AIMSI_EBAY_DATA"] = str(root / "data")
        template, report = root / "template.duckdb", root / "orders_report.csv"
        build_database(template, args.customers)  # (migrated by the measured code)
        write_report(report, args.orders, args.customers)
        runs = [one_import(template, root / f"run{n}.duckdb", report)
                for n in range(args.rounds)]
    print(f"code: {args.code or ROOT}; threads: {args.threads or 'as the product sets them'};"
          f" medians of {args.rounds}")
    statement_profile.print_step_medians(
        runs, small=lambda cpu, wall: max(cpu, wall) < 0.02, width=110)


if __name__ == "__main__":
    main()
