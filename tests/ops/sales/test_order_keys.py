"""One order per account and sale key, and one order number per order, kept by the writers
before the orders' UNIQUE indexes would refuse the whole import. Create Order checks the
keys under the write lock (a key with an order is already imported; of the sales it orders
together that share a key, the first is ordered and the others are already imported by it), and
the file's exclusive lock lets one writer in at a time (two processes importing overlapping
files)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pyarrow as pa
import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.formats.ebay.sales.reader import read_sales
from aimsi_ebay.ops.sales.importer import account_id, create_orders
from aimsi_ebay.ops.sales.order_creation import create_orders_in_scope
from aimsi_ebay.ops.sales.staging import stage_file
from tests.conftest import ROOT


def _sharing_a_key(samples):
    """The legacy sample (8 sales) with its second sale's eBay order number set to the first's:
    two sales of one file with one sale key (a file can say so: an order's rows with and
    without its order number fall into two sales)."""
    sales_file = read_sales(samples / "sales" / "ebay_sold_legacy.csv")
    table = sales_file.sales_table
    numbers = table["ebay_order_number"].to_pylist()
    numbers[1] = numbers[0]
    column = table.schema.get_field_index("ebay_order_number")
    table = table.set_column(column, "ebay_order_number", pa.array(numbers, pa.string()))
    return dataclasses.replace(sales_file, sales_table=table), numbers[0]


def _orders_and_staged(db, key):
    with db.read() as con:
        orders = con.execute(
            "SELECT count(*), count(DISTINCT (account_id, sale_key)), count(DISTINCT order_number)"
            " FROM orders WHERE import_batch_id IS NOT NULL"
        ).fetchone()
        staged = con.execute(
            "SELECT s.status, o.sale_key FROM staged_sales s JOIN orders o USING (order_id)"
            " WHERE s.sale_key = ? ORDER BY s.staged_sale_id",
            [key],
        ).fetchall()
    return orders, staged


def test_two_sales_of_one_import_sharing_a_key_make_one_order(demo_db, samples):
    sales_file, key = _sharing_a_key(samples)
    with demo_db.write() as con:  # import_sales' path: staged and ordered in one transaction
        stage_file(con, sales_file, account_id(con, "demo-store"), unmatched="create", defer=True)
        counts = create_orders_in_scope(con, pending=True)
    assert (counts.orders_created, counts.already_imported, counts.not_ready) == (7, 1, 0)
    orders, staged = _orders_and_staged(demo_db, key)
    assert orders == (7, 7, 7)
    assert staged == [("ordered", key), ("already_imported", key)]


def test_the_dashboards_create_order_makes_one_order_per_key(demo_db, samples):
    sales_file, key = _sharing_a_key(samples)
    with demo_db.write() as con:  # the dashboard's path: staged, then ordered later
        batch = stage_file(con, sales_file, account_id(con, "demo-store"), unmatched="create")
    counts = create_orders(demo_db, batch)
    assert (counts.orders_created, counts.already_imported) == (7, 1)
    orders, staged = _orders_and_staged(demo_db, key)
    assert orders == (7, 7, 7)
    assert staged == [("ordered", key), ("already_imported", key)]


_IMPORTER = """
import sys
from aimsi_ebay.db import Database
from aimsi_ebay.ops.sales.importer import import_sales
db = Database(sys.argv[1], lock_timeout=120)
sys.stdin.readline()  # start together
print(import_sales(db, sys.argv[2], account="demo-store", unmatched="create").orders_created)
"""


def test_two_processes_importing_overlapping_files_make_each_order_once(demo_db, samples,
                                                                         tmp_path):
    if demo_db.postgres:
        pytest.skip("the DuckDB file's lock; PostgreSQL keeps its UNIQUE indexes")
    lines = (samples / "sales" / "ebay_sold_legacy.csv").read_text(encoding="utf-8").splitlines()
    first = tmp_path / "first.csv"
    first.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")  # header + 3 sales
    whole = samples / "sales" / "ebay_sold_legacy.csv"
    runs = [subprocess.Popen([sys.executable, "-c", _IMPORTER, str(demo_db.path), str(path)],
                             cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            for path in (first, whole)]
    for run in runs:
        run.stdin.write("go\n")
        run.stdin.flush()
    created = sorted(int(run.communicate(timeout=300)[0].strip().splitlines()[-1])
                     for run in runs)
    assert created in ([0, 8], [3, 5])  # either order of the two: 8 orders in all
    with Database(demo_db.path).read() as con:
        assert con.execute(
            "SELECT count(*), count(DISTINCT (account_id, sale_key)),"
            " count(DISTINCT order_number) FROM orders WHERE import_batch_id IS NOT NULL"
        ).fetchone() == (8, 8, 8)
