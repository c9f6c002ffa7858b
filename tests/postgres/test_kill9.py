"""Kill -9 of an importer in the middle of its write on PostgreSQL: nothing half-written, no
stale lock, and the re-run completes.

``tests/robustness/test_kill9.py`` kills at random moments (run on PostgreSQL in the tier too);
here each kill is aimed inside the importer's one write transaction: once just after PostgreSQL
shows it holding the writers' advisory lock, and once while it waits on a row lock the test holds
on a SKU — after its customers, orders and lines went to the server, before its stock update and
COMMIT. The server must roll the dead client's transaction back and release its session lock,
there even while the dead client's backend still waits on the row lock.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aimsi_ebay.db import postgres
from aimsi_ebay.db.ids import next_id

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sales" / "ebay_orders_report.csv"  # committed
ORDERS = 1500
SKU = "STR-EB2221"  # the sample's first order's

pytestmark = pytest.mark.slow


def write_orders_report(path: Path, orders: int) -> None:
    """A Seller Hub Orders report of ``orders`` one-line orders, each a new buyer: the sample's
    first order, renumbered (order, record and transaction numbers, buyer)."""
    with SAMPLE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, first = rows[1], rows[2]
    at = {name: i for i, name in enumerate(header)}
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write("\r\n")
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        for n in range(1, orders + 1):
            row = list(first)
            row[at["Sales Record Number"]] = str(10_000 + n)
            row[at["Order Number"]] = f"30-{n:05d}-{n * 7 % 100_000:05d}"
            row[at["Buyer Username"]] = f"killbuyer{n}"
            row[at["Buyer Email"]] = f"kill.buyer{n}@example.com"
            row[at["Item Number"]] = f"39{n:010d}"
            row[at["Transaction ID"]] = f"20{n:011d}"
            writer.writerow(row)
        writer.writerow([str(orders), "record(s) downloaded,from Oct-01-26 to Oct-31-26"])
        writer.writerow(["Seller ID : killstore"])


def writer_lock_holders(native) -> int:
    """Sessions holding the writers' advisory lock (a bigint key: classid is its high half)."""
    return native.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        " AND ((classid::bigint << 32) | objid::bigint) = %s",
        [postgres.WRITER_LOCK_KEY]).fetchone()[0]


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def others(native, mine: int) -> int:
    """Sessions on the test's database other than the test's two (a killed client's, until
    the server has ended them)."""
    return native.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND pid NOT IN (pg_backend_pid(), %s)", [mine]).fetchone()[0]


def blocked(native) -> int:
    return native.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()[0]


def counts(native) -> tuple[int, ...]:
    return native.execute(
        "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM customers),"
        " (SELECT count(*) FROM import_batches), (SELECT count(*) FROM staged_sales),"
        " (SELECT count(*) FROM deposits), (SELECT count(*) FROM customer_aliases)").fetchone()


def test_an_importer_killed_inside_its_write_leaves_nothing_and_the_rerun_completes(
        pg_db, tmp_path):
    report = tmp_path / "orders.csv"
    write_orders_report(report, ORDERS)
    with pg_db.write() as con:
        con.execute("INSERT INTO seller_accounts (name, ebay_user_id) VALUES ('kill', 'killstore')")
        item = next_id(con, "seq_item_id")
        con.execute("INSERT INTO items (item_id, style_code, description) VALUES (?, 'K', 'k')",
                    [item])
        con.execute("INSERT INTO skus (sku, item_id, price, qty_on_hand) VALUES (?, ?, 17.99, 9)",
                    [SKU, item])
    command = [sys.executable, "-m", "aimsi_ebay", "--db", pg_db.environment_value,
               "import-sales", str(report), "--account", "kill", "--unmatched", "create"]
    with postgres.native(pg_db.postgres) as native, \
            postgres.native(pg_db.postgres, autocommit=False) as blocker:
        for moment in ("the lock taken", "orders written, stock waiting"):
            if moment.startswith("orders"):  # the import's stock update waits on this row
                blocker.execute("SELECT 1 FROM skus WHERE sku = %s FOR UPDATE", [SKU])
            importer = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
            try:
                reached = (lambda: blocked(native) > 0) if moment.startswith("orders") else (
                    lambda: writer_lock_holders(native) == 1)
                if not wait_for(reached, 120):
                    pytest.fail(f"never saw {moment}: " + (
                        importer.stderr.read().decode() if importer.poll() is not None else ""))
                assert importer.poll() is None, f"the import ended at {moment}"
                os.kill(importer.pid, signal.SIGKILL)
                importer.wait(timeout=60)
                # The server notices the dead client: its lock goes, its transaction is undone,
                # even while its backend still waits on the row lock (postgres.CLIENT_CHECK_MS).
                assert wait_for(lambda: writer_lock_holders(native) == 0
                                and others(native, blocker.info.backend_pid) == 0,
                                30), f"a stale lock or session after the kill at {moment}"
            finally:
                importer.kill()
                importer.wait(timeout=60)
                blocker.rollback()
            assert counts(native) == (0, 0, 0, 0, 0, 0), moment
        finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                  timeout=300)
        assert finished.returncode in (0, 4), finished.stderr  # 4: written, some for review
        orders, customers, batches, staged, deposits, aliases = counts(native)
    assert (orders, customers, batches, staged) == (ORDERS, ORDERS, 1, ORDERS)
    assert deposits == ORDERS and aliases == ORDERS
