"""Two processes importing overlapping carrier files into one DuckDB file at once.

Since migration 023 no index refuses a tracking number on a second order: the import's own
set-based check does, inside its transaction, while the file's exclusive lock lets one writer
in at a time. Two processes released together import files that share tracking numbers (some
for the same order, some for another one, one voided by the other file); afterwards each live
tracking number is on exactly one order, and the store is what one of the two serial orders of
the imports leaves. PostgreSQL keeps its UNIQUE index; its writers race in tests/postgres/
test_mixed.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ops.shipping.results import import_carrier_path
from tests.conftest import ROOT
from tests.ops.shipping.factory import add_order, rows

ORDERS = [str(n) for n in range(2001, 2007)]

_IMPORTER = """
import sys
from aimsi_ebay.db import Database
from aimsi_ebay.ops.shipping.results import import_carrier_path
db = Database(sys.argv[1], lock_timeout=120)
sys.stdin.readline()  # start together
print(import_carrier_path(db, sys.argv[2], carrier="ups", refresh=False).summary())
"""


def _file(path: Path, packages: list[tuple[str, str, str, str]]) -> Path:
    """A post-ship export (ups-default layout): (void, order, tracking, charge) per row."""
    path.write_bytes("".join(f"{void},{order},{tracking},{charge},{charge},GND,20261120,2.5\r\n"
                             for void, order, tracking, charge in packages).encode())
    return path


def _files(folder: Path) -> tuple[Path, Path]:
    """Overlapping files: 1Z..03-05 in both (03 and 04 for another order in the second), 06
    voided by the second, 07 in the second twice for two orders."""
    first = [("N", ORDERS[n % 3], f"1ZCONC00000000{n:02d}", f"{10 + n}.00") for n in range(7)]
    second = [("N", ORDERS[3 + n % 3] if n in (3, 4) else ORDERS[n % 3],
               f"1ZCONC00000000{n:02d}", f"{10 + n}.00") for n in range(3, 6)]
    second += [("Y", ORDERS[0], "1ZCONC0000000006", "16.00"),
               ("N", ORDERS[4], "1ZCONC0000000007", "17.00"),
               ("N", ORDERS[5], "1ZCONC0000000007", "17.00"),
               ("N", ORDERS[5], "1ZCONC0000000008", "18.00")]
    return _file(folder / "A.CSV", first), _file(folder / "B.CSV", second)


def _state(db: Database) -> tuple[list, list]:
    live = rows(db, "SELECT s.tracking_number, o.order_number, s.negotiated_charge"
                    " FROM shipments s JOIN orders o USING (order_id) ORDER BY 1")
    orders = rows(db, "SELECT order_number, shipping_cost, status FROM orders ORDER BY 1")
    return live, orders


def _serial(seeded: Path, folder: Path, files: tuple[Path, Path]) -> tuple[list, list]:
    copy = folder / f"serial-{files[0].stem}.duckdb"
    shutil.copy(seeded, copy)
    db = Database(copy)
    for path in files:
        import_carrier_path(db, path, carrier="ups", refresh=False)
    return _state(db)


@pytest.mark.duckdb_only  # a file path for the processes; PostgreSQL: tests/postgres/test_mixed
@pytest.mark.parametrize("round_", range(2))
def test_two_processes_importing_overlapping_files_keep_each_tracking_number_on_one_order(
        ship_db, tmp_path, round_):
    for number in ORDERS:
        add_order(ship_db, number)
    files = _files(tmp_path)
    seeded = tmp_path / "seeded.duckdb"
    shutil.copy(ship_db.path, seeded)
    either = [_serial(seeded, tmp_path, files), _serial(seeded, tmp_path, files[::-1])]
    assert either[0] != either[1]  # the order of the two imports shows in the store

    processes = [
        subprocess.Popen([sys.executable, "-c", _IMPORTER, str(ship_db.path), str(path)],
                         cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for path in files
    ]
    for process in processes:  # both have imported everything and wait on stdin: release them
        process.stdin.write("go\n")
    for process in processes:
        process.stdin.flush()
    for process in processes:
        out, error = process.communicate(timeout=180)
        assert process.returncode == 0 and "Traceback" not in error, error
        assert "package(s) added" in out, out

    live, orders = _state(ship_db)
    tracking = [number for number, _, _ in live]
    assert len(tracking) == len(set(tracking))  # each live tracking number on one order
    assert "1ZCONC0000000006" not in tracking  # the void holds whichever came first
    assert (live, orders) in either
    costs = {number: cost for number, cost, _ in orders}
    for number in ORDERS:
        charges = [charge for _, order, charge in live if order == number]
        assert costs[number] == (sum(charges) if charges else None), number
