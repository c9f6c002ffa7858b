"""Where the shop import's time goes, step by step: every statement of the shop reader's
in-memory DuckDB connection and of the store's connections (COMMIT, with its checkpoint,
included), CPU (``process_time``) and wall, the Python between them, and the reader as a whole.

    flock /tmp/aimsi-bench.lock .venv/bin/python benchmarks/shop_import_phases.py
        [--orders 100000] [--customers 1000000] [--rounds 3] [--threads 1] [--gaps]
        [--code DIR]

The import of ``bench_shop_import.py`` (its store and export), each round into a fresh copy of
the store. ``--threads 1`` (the default) runs every statement on one DuckDB thread: CPU figures
that move less with the machine's load; ``--threads 0`` leaves the threads as the product sets
them. ``--gaps``: the Python time between two statements is listed before the second ("gap
before …"). The reader's steps run beside another on a cursor are marked "(beside)". ``--code
DIR`` measures another checkout's package (e.g. main's, in a worktree) beside this one's store
builder, for before/after figures in the same minutes.
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
    parser.add_argument(
        "--reader-only",
        action="store_true",
        help="list the reader's steps alone (the import's are summed)",
    )
    return parser.parse_args()


ARGS = _arguments() if __name__ == "__main__" else None
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
if ARGS is not None and ARGS.code:
    sys.path.insert(0, str(ARGS.code.resolve()))

from unittest import mock  # noqa: E402

import duckdb  # noqa: E402

import aimsi_ebay.formats.shop.sql_reader as shop_reader  # noqa: E402
import aimsi_ebay.ops.shop.importing as shop_importing  # noqa: E402
from aimsi_ebay.db import Database  # noqa: E402
from aimsi_ebay.ops.sales.importer import import_sales  # noqa: E402
from benchmarks import statement_profile  # noqa: E402
from benchmarks.bench_sales_import import build_database  # noqa: E402
from benchmarks.bench_shop_import import write_export  # noqa: E402

_READER = "reader: "


class _Timed(statement_profile.PhaseSteps):
    """A timed connection (``--gaps``, ``--threads``)."""

    gaps = bool(ARGS and ARGS.gaps)
    threads = ARGS.threads if ARGS else 0


class _ReaderTimed(_Timed):
    prefix = _READER

    def cursor(self):
        """The reader's cursors (its steps side by side) are timed too: steps that overlap
        each count the process's CPU while they run, so their CPU adds up to more than it took."""
        return _SideTimed(self._con.cursor(), self._timings)


class _SideTimed(_ReaderTimed):
    prefix = _READER + "(beside) "


def one_import(template: Path, copy: Path, export: Path) -> list:
    shutil.copy(template, copy)
    steps: list = []
    reading = shop_importing.read_shop_sales

    def read_timed(*args, **kwargs):
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return reading(*args, **kwargs)
        finally:
            steps.append(
                ("TOTAL read_shop_sales", time.process_time() - cpu, time.perf_counter() - wall)
            )

    with (
        statement_profile.timed_opens(steps, ARGS.threads, _Timed),
        mock.patch.object(
            shop_reader, "duckdb", statement_profile.TimedModule(duckdb, steps, _ReaderTimed)
        ),
        mock.patch.object(shop_importing, "read_shop_sales", read_timed),
    ):
        db = Database(copy)
        cpu, wall = time.process_time(), time.perf_counter()
        statement_profile.PhaseSteps.mark()
        result = import_sales(db, export, account="shop", unmatched="create")
        steps.append(("TOTAL import_sales", time.process_time() - cpu, time.perf_counter() - wall))
    print(
        f"  {result.orders_created:,} orders, {result.customers_created:,} customers created,"
        f" {result.customers_linked:,} linked, deposits {result.deposits_total},"
        f" {result.needs_review} for review"
    )
    copy.unlink()
    copy.with_name(copy.name + ".wal").unlink(missing_ok=True)
    return steps


def main() -> None:
    args = ARGS
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.environ["AIMSI_EBAY_DATA"] = str(root / "data")
        template, export = root / "template.duckdb", root / "shopify_orders.csv"
        build_database(template, args.customers)  # (migrated by the measured code)
        con = duckdb.connect(str(template))
        con.execute(
            "INSERT INTO seller_accounts (name, ebay_user_id, kind) VALUES ('shop', 'shop', 'shop')"
        )
        con.close()
        write_export(export, args.orders, args.customers)
        runs = [one_import(template, root / f"run{n}.duckdb", export) for n in range(args.rounds)]
    print(
        f"code: {args.code or ROOT}; threads: {args.threads or 'as the product sets them'};"
        f" medians of {args.rounds}"
    )
    def relabel(label: str) -> str:
        if args.reader_only and not (
            label.startswith(_READER)
            or label.startswith("TOTAL")
            or label.startswith(f"gap before {_READER}")
        ):
            return "(the import's other steps)"
        return label

    statement_profile.print_step_medians(
        runs, small=lambda cpu, wall: max(cpu, wall) < 0.01, width=120, relabel=relabel
    )


if __name__ == "__main__":
    main()
