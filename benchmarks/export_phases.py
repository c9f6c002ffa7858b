"""Where the templated export's time goes, step by step: CPU (all threads) and wall per call.

    flock /tmp/aimsi-bench.lock .venv/bin/python benchmarks/export_phases.py
        [--skus 1000000] [--flagged 100000] [--rounds 3] [--threads 1] [--plain] [--code DIR]

The export of ``bench_export.py --templated`` on a fresh copy of the built store per round.
Every call on the connection ``Database`` opens is timed (``process_time`` and wall), and so is
the file's sha256 and flush (``publishing.seal``; in older code ``write_upload``, which also
assembled the file) and the copy for ``--out`` (``publishing.prepare``, where the code has it),
run on threads beside the snapshot: their CPU shows inside the snapshot's step.
``--threads 1`` (the default) makes DuckDB single-threaded: CPU figures that move less with the
machine's load; ``--threads 0`` keeps DuckDB's default.
``--code DIR`` measures another checkout's package beside this one's store builder.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skus", type=int, default=1_000_000)
    parser.add_argument("--flagged", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="0: DuckDB's default")
    parser.add_argument("--plain", action="store_true", help="no description template")
    parser.add_argument("--code", type=Path, help="a checkout whose aimsi_ebay is measured")
    return parser.parse_args()


ARGS = _arguments() if __name__ == "__main__" else None
sys.path.insert(0, str(ROOT))
if ARGS is not None and ARGS.code:
    sys.path.insert(0, str(ARGS.code.resolve()))

from unittest import mock  # noqa: E402

from aimsi_ebay.db import Database  # noqa: E402
from aimsi_ebay.formats.ebay import listing_upload  # noqa: E402
from aimsi_ebay.ops.export import batch, publishing  # noqa: E402
from aimsi_ebay.ops.export.batch import export_records  # noqa: E402
from benchmarks import bench_export, statement_profile  # noqa: E402


def one_export(template: Path, copy: Path, out: Path, threads: int | None) -> list:
    shutil.copy(template, copy)
    steps: list = []

    def on_thread(label, function):
        def call(*args, **kwargs):
            cpu, wall = time.thread_time(), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                steps.append((label, time.thread_time() - cpu, time.perf_counter() - wall))
        return call

    def timed(label, function):
        def call(*args, **kwargs):
            cpu, wall = time.process_time(), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                steps.append((label, time.process_time() - cpu, time.perf_counter() - wall))
        return call

    # The file's hashing and flush run on a thread beside the snapshot (its CPU shows inside
    # the snapshot's step too): ``publishing.seal``, or in older code ``write_upload``, which
    # also assembled the file from the rows COPY wrote.
    finishing = []
    if hasattr(listing_upload, "write_upload"):
        finishing.append(mock.patch.object(listing_upload, "write_upload", on_thread(
            "(thread) write_upload: assembly + sha256 + fsync", listing_upload.write_upload)))
    if hasattr(publishing, "seal"):
        finishing.append(mock.patch.object(publishing, "seal", on_thread(
            "(thread) seal: sha256 + fsync", publishing.seal)))
    if hasattr(publishing, "prepare"):
        finishing.append(mock.patch.object(publishing, "prepare", on_thread(
            "(thread) prepare: the copy for --out + fsync", publishing.prepare)))
    with statement_profile.timed_opens(steps, threads), contextlib.ExitStack() as patches, \
            mock.patch.object(publishing, "publish", timed("publish (after COMMIT)",
                                                           publishing.publish)), \
            mock.patch.object(batch, "render_descriptions", timed(
                "render_descriptions (all of it, SQL included)", batch.render_descriptions)):
        for patch in finishing:
            patches.enter_context(patch)
        db = Database(copy)
        cpu, wall = time.process_time(), time.perf_counter()
        report = export_records(db, "bench", out=out)
        steps.append(("TOTAL export_records", time.process_time() - cpu,
                      time.perf_counter() - wall))
    assert report.exported and not report.skipped, report
    copy.unlink()
    return steps


def main() -> None:
    args = ARGS
    with tempfile.TemporaryDirectory(prefix="aimsi-phases-") as folder:
        root = Path(folder)
        os.environ["AIMSI_EBAY_DATA"] = str(root / "data")
        template = root / "template.duckdb"
        db = Database(template)
        bench_export.build(db, args.skus, args.flagged)
        if not args.plain:
            bench_export.use_template(db)
        import duckdb
        con = duckdb.connect(str(template))
        con.execute("CHECKPOINT")
        con.close()
        one_export(template, root / "warm.duckdb", root / "warm.csv", args.threads or None)
        runs = [one_export(template, root / f"run{n}.duckdb", root / f"out{n}.csv",
                           args.threads or None) for n in range(args.rounds)]
    print(f"code: {args.code or ROOT}; threads: {args.threads or 'default'};"
          f" medians of {args.rounds}")
    statement_profile.print_step_medians(runs, small=lambda cpu, wall: wall < 0.004)


if __name__ == "__main__":
    main()
