"""Kill -9 at random moments of an import, a push and an export; then check files and database.

A few kills each, bounded in time. After every kill the database opens, holds each operation
fully or not at all, and the next run of the same command finishes the work without doubling
anything: no upload file at ``--out`` that no batch recorded, no scratch or partial files left
once the next export has run.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ops.listings import bulk_edit

ROOT = Path(__file__).resolve().parents[2]
KILLS = 3
pytestmark = pytest.mark.slow


def start(db: Database, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "aimsi_ebay", "--db", db.environment_value,
                             *args],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_at_random(process: subprocess.Popen, rng: random.Random, longest: float) -> bool:
    """SIGKILL after a random delay; True when the process was still running."""
    time.sleep(rng.uniform(0.2, longest))
    alive = process.poll() is None
    if alive:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return alive


def run(db: Database, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "aimsi_ebay", "--db", db.environment_value,
                           *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_killed_imports_leave_each_import_whole_or_absent(demo_db, samples):
    rng = random.Random(12)
    sales = samples / "sales" / "ebay_orders_report.csv"
    command = ("import-sales", str(sales), "--account", "demo-store", "--unmatched", "create")
    with demo_db.read() as con:
        orders_before = con.execute("SELECT count(*) FROM orders").fetchone()[0]
    for _ in range(KILLS):
        kill_at_random(start(demo_db, *command), rng, 3.0)
        with demo_db.read() as con:
            # A finished import stages all 8 sales (a repeat finds them imported already).
            orders, partial = con.execute(
                "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM import_batches b"
                " WHERE file_name = ? AND (SELECT count(*) FROM staged_sales s"
                " WHERE s.batch_id = b.batch_id) <> 8)", [sales.name]).fetchone()
        assert orders - orders_before in (0, 8) and partial == 0
    finished = run(demo_db, *command)
    assert finished.returncode in (0, 4), finished.stderr
    with demo_db.read() as con:
        assert con.execute("SELECT count(*) FROM orders").fetchone()[0] == orders_before + 8


def test_killed_pushes_write_all_rows_or_none(demo_db, tmp_path):
    rng = random.Random(34)
    frame = bulk_edit.pull_frame(demo_db)
    before = dict(zip(frame["sku"], frame["start_price"], strict=True))
    frame = frame[frame["start_price"].notna()].head(200).copy()
    frame["start_price"] = [f"{float(p) + 1:.2f}" for p in frame["start_price"]]  # test data
    path = bulk_edit.write_frame(frame, tmp_path / "prices.csv")
    preview = bulk_edit.push_frame(demo_db, frame, dry_run=True)
    expected = set(frame["sku"]) - {r.sku for r in preview.rejected}  # what a whole push writes
    assert expected
    for _ in range(KILLS):
        kill_at_random(start(demo_db, "listings", "push", str(path)), rng, 3.0)
        changed = {sku for sku, price in zip(*_prices(demo_db), strict=True)
                   if price != before[sku]}
        assert changed in (set(), expected), len(changed)
    finished = run(demo_db, "listings", "push", str(path))
    assert finished.returncode in (0, 2, 4), finished.stderr
    changed = {sku for sku, price in zip(*_prices(demo_db), strict=True) if price != before[sku]}
    assert changed == expected


def _prices(db: Database) -> tuple[list[str], list[str]]:
    with db.read() as con:
        rows = con.execute("SELECT sku, CAST(start_price AS VARCHAR) FROM ebay_records").fetchall()
    return [r[0] for r in rows], [r[1] for r in rows]


def test_killed_exports_never_leave_an_unrecorded_file(demo_db, tmp_path):
    rng = random.Random(56)
    operator = tmp_path / "operator"
    for attempt in range(KILLS):
        out = operator / f"upload{attempt}.csv"
        kill_at_random(start(demo_db, "export", "--account", "demo-store", "--out", str(out)),
                       rng, 3.5)
        recorded = _recorded(demo_db)
        for file in operator.glob("upload*.csv"):
            assert hashlib.sha256(file.read_bytes()).hexdigest() in recorded, file
    final = operator / "final.csv"
    finished = run(demo_db, "export", "--account", "demo-store", "--out", str(final))
    assert finished.returncode in (0, 2, 4), finished.stderr
    with demo_db.read() as con:
        flagged_exported = con.execute(
            "SELECT count(*) FROM ebay_records r JOIN export_lines l USING (sku)"
            " WHERE r.update_ebay AND l.batch_id = r.last_export_batch_id").fetchone()[0]
        archives = [row[0] for row in con.execute(
            "SELECT file_path FROM export_batches").fetchall()]
    assert flagged_exported == 0 and all(Path(a).exists() for a in archives)
    leftovers = [p.name for p in operator.iterdir() if not p.name.startswith("upload")
                 and p.name != "final.csv"]
    assert leftovers == []  # no .part, no half-published temporary
    assert list((demo_db.path.parent / "exports" / ".scratch").iterdir()) == []
    for file in operator.iterdir():
        assert hashlib.sha256(file.read_bytes()).hexdigest() in _recorded(demo_db)


def _recorded(db: Database) -> set[str]:
    with db.read() as con:
        return {r[0] for r in con.execute(
            "SELECT file_sha256 FROM export_batches WHERE file_sha256 IS NOT NULL").fetchall()}
