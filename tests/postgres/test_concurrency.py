"""Many machines at once on one PostgreSQL, without the DuckDB file lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SALES = Path(__file__).resolve().parents[1] / "fixtures" / "sales"  # committed: runs in CI

IMPORTER = textwrap.dedent("""
    import sys
    from aimsi_ebay.db import Database
    from aimsi_ebay.ops.sales.importer import import_sales
    report = import_sales(Database(sys.argv[1]), sys.argv[2], account="counter",
                          unmatched="create")
    print(report.orders_created if hasattr(report, "orders_created") else report)
""")


@pytest.mark.slow
def test_four_processes_importing_the_same_file_at_once_create_each_order_once(pg_db):
    sales_file = SALES / "ebay_orders_report.csv"
    if not sales_file.exists():
        pytest.skip(f"{sales_file} not found")
    with pg_db.write() as con:
        con.execute("INSERT INTO seller_accounts (name, ebay_user_id) VALUES ('counter', 'c')")
    runs = [subprocess.Popen([sys.executable, "-c", IMPORTER, pg_db.environment_value,
                              str(sales_file)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    for run in runs:
        _, error = run.communicate(timeout=300)
        assert run.returncode == 0, error
    with pg_db.read() as con:
        orders, keys = con.execute(
            "SELECT count(*), count(DISTINCT (account_id, sale_key)) FROM orders").fetchone()
        emails, distinct_emails = con.execute(
            "SELECT count(email_norm), count(DISTINCT email_norm) FROM customers").fetchone()
        batches = con.execute("SELECT count(*) FROM import_batches").fetchone()[0]
    assert orders > 0 and orders == keys
    assert emails > 0 and emails == distinct_emails
    assert batches == 4  # every run recorded its batch; only the first created orders
