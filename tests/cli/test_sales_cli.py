"""``import-sales`` from the command line, and two processes importing at once."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_import_sales_json(run_cli, demo_db, samples):
    result = run_cli(
        "--db",
        demo_db.environment_value,
        "import-sales",
        samples / "sales" / "ebay_sold_legacy.csv",
        "--account",
        "demo-store",
        "--unmatched",
        "create",
        "--json",
    )
    assert result.code == 0, result.stderr
    data = result.json
    assert data["orders_created"] == 8 and data["already_imported"] == 0
    assert data["customers_linked"] == 1 and data["customers_created"] == 1
    assert data["ship_tos_created"] == 0 and data["deposits_total"] == "5508.72"
    assert data["rejected"] == []
    again = run_cli(
        "--db",
        demo_db.environment_value,
        "import-sales",
        samples / "sales" / "ebay_sold_legacy.csv",
        "--account",
        "demo-store",
        "--json",
    ).json
    assert (again["orders_created"], again["already_imported"]) == (0, 8)


def test_dry_run_and_rejected_rows_in_json(run_cli, demo_db, samples):
    nasty = ROOT / "tests" / "formats" / "golden" / "orders_report_nasty.csv"
    data = run_cli(
        "--db",
        demo_db.environment_value,
        "import-sales",
        nasty,
        "--account",
        "demo-store",
        "--dry-run",
        "--json",
    ).json
    assert data["dry_run"] is True
    assert data["rejected"] == [
        {
            "row": 7,
            "field": "Shipping And Handling",
            "reason": "'12,3x' is not an amount like 12.30",
        }
    ]


def test_bad_input_exits_2_with_one_line(run_cli, demo_db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Sales Record Number,Order Number,Buyer Username,Sold For,Quantity\n1,1-2,u,$1,1\n"
    )
    result = run_cli("--db", demo_db.environment_value, "import-sales", bad, "--account", "demo-store")
    assert result.code == 2
    assert (
        result.stderr.strip() == 'aimsi-ebay: bad.csv row 1 "Total Price": required column missing'
    )
    assert (
        run_cli(
            "--db", demo_db.environment_value, "import-sales", bad, "--account", "x", "--format", "nope"
        ).code
        == 2
    )


def test_two_processes_importing_overlapping_files_at_once(demo_db, samples, tmp_path):
    lines = (samples / "sales" / "ebay_sold_legacy.csv").read_text(encoding="utf-8").splitlines()
    part = tmp_path / "part.csv"
    part.write_text("\n".join([lines[0], *lines[5:]]) + "\n", encoding="utf-8")  # overlaps
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aimsi_ebay",
                "--db",
                demo_db.environment_value,
                "import-sales",
                str(path),
                "--account",
                "demo-store",
                "--unmatched",
                "create",
                "--json",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for path in (samples / "sales" / "ebay_sold_legacy.csv", part)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    # The part file cuts a multi-line sale: its remaining rows are rejected while the rest are
    # written (exit 4, partial success).
    assert [p.returncode for p in processes] == [0, 4], outputs
    with demo_db.read() as con:
        duplicates = con.execute(
            "SELECT count(*) FROM (SELECT account_id, sale_key FROM orders"
            " GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()[0]
        chloe = con.execute(
            "SELECT count(*) FROM customers WHERE email_norm = 'chloe.fontaine606@example.com'"
        ).fetchone()[0]
        imported = con.execute(
            "SELECT count(*) FROM orders WHERE sale_key IN"
            " ('24-74987-82464', '10-60290-77174', '27-36193-76154')"
        ).fetchone()[0]
        deposits = con.execute("SELECT count(*), count(DISTINCT order_id) FROM deposits").fetchone()
    assert duplicates == 0 and chloe == 1 and imported == 3
    assert deposits[0] == deposits[1]
