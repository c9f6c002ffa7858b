"""Many machines, simulated: 8 processes at once on one PostgreSQL (issue 19).

Two importers of overlapping sales files, two invoicers of the same orders, two carrier
write-backs of the same packages and two dashboard saves of the same description template (as
read at version 1), all started
together. Afterwards no customer, order, invoice or tracking number exists twice, exactly one of
the two saves won (the other was refused, not lost), and every process ended cleanly: its work
done, or one clear line saying why not (never a traceback).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ops.listings.templates import save_template
from tests.ops.shipping.factory import add_order

SALES = Path(__file__).resolve().parents[1] / "fixtures" / "sales" / "ebay_orders_report.csv"
INVOICED = [f"{n}" for n in range(5001, 5007)]
SHIPPED = [f"{n}" for n in range(5007, 5011)]

WORKER = textwrap.dedent("""
    import sys
    from aimsi_ebay.db import Database
    from aimsi_ebay.errors import AimsiError

    kind, url, argument = sys.argv[1], sys.argv[2], sys.argv[3]
    db = Database(url, lock_timeout=120)
    try:
        if kind == "import":
            from aimsi_ebay.ops.sales.importer import import_sales
            report = import_sales(db, argument, account="counter", unmatched="create")
            print("OK", report.summary())
        elif kind == "invoice":
            from aimsi_ebay.ops.invoicing.posting import invoice_orders
            print("OK", invoice_orders(db, argument.split(",")).summary())
        elif kind == "carrier":
            from pathlib import Path
            from aimsi_ebay.ops.shipping.results import import_carrier_file
            path = Path(argument)
            print("OK", import_carrier_file(db, path.name, path.read_bytes()).summary())
        elif kind == "save":
            from aimsi_ebay.ops.listings.templates import save_template
            change = save_template(db, "counter", "Main", argument, version=1)
            print("OK saved version", change.template.version)
    except AimsiError as error:  # refused with one clear line: a clean end
        print("REFUSED", error)
""")


def _slice(lines: list[str], rows: range, count: int) -> str:
    """A download with the file's header and footer around ``rows`` (line numbers)."""
    footer = f'"{count}","record(s) downloaded,from Oct-01-26 to Oct-31-26"\r\n'
    return "".join(lines[:2] + [lines[i] for i in rows] + [lines[17], footer, lines[19]])


def _seed(db: Database, folder: Path) -> list[list[str]]:
    """The account, orders to invoice and to ship, a record to edit; the workers' arguments."""
    with db.write() as con:
        con.execute("INSERT INTO seller_accounts (name, ebay_user_id) VALUES ('counter', 'c')")
    save_template(db, "counter", "Main", "<p>Before</p>")  # a dashboard's record, version 1
    for number in INVOICED + SHIPPED:
        add_order(db, number)
    lines = SALES.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = folder / "sales_a.csv", folder / "sales_b.csv"  # 2204-2206 in both
    first.write_text(_slice(lines, range(2, 11), 6), encoding="utf-8")
    second.write_text(_slice(lines, range(5, 17), 5), encoding="utf-8")
    carrier = folder / "eod.csv"
    carrier.write_bytes("".join(
        f"N,{number},1Z999AA1012345{number},12.00,9.00,GND,20261120,2.5\r\n"
        for number in SHIPPED).encode())
    invoice = ",".join(INVOICED)
    return [["import", str(first)], ["import", str(second)], ["invoice", invoice],
            ["invoice", invoice], ["carrier", str(carrier)], ["carrier", str(carrier)],
            ["save", "<p>From counter 1</p>"], ["save", "<p>From counter 2</p>"]]


@pytest.mark.slow
def test_eight_processes_at_once_duplicate_nothing_and_lose_nothing(pg_db, tmp_path):
    jobs = _seed(pg_db, tmp_path)
    runs = [subprocess.Popen([sys.executable, "-c", WORKER, kind, pg_db.environment_value, arg],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for kind, arg in jobs]
    outcomes = []
    for (kind, _), run in zip(jobs, runs, strict=True):
        out, error = run.communicate(timeout=300)
        assert run.returncode == 0 and "Traceback" not in error, f"{kind}: {error}"
        assert out.startswith(("OK", "REFUSED")) and "\n" not in out.strip(), f"{kind}: {out}"
        outcomes.append((kind, out.strip()))

    by_kind: dict[str, list[str]] = {}
    for kind, out in outcomes:
        by_kind.setdefault(kind, []).append(out)
    assert all(out.startswith("OK") for out in by_kind["import"] + by_kind["carrier"]), outcomes
    assert sorted(out.split()[0] for out in by_kind["invoice"]) == ["OK", "REFUSED"], outcomes
    assert "already invoiced" in next(o for o in by_kind["invoice"] if o.startswith("REFUSED"))
    saves = sorted(by_kind["save"])
    assert [out.split()[0] for out in saves] == ["OK", "REFUSED"], saves
    assert "reload" in saves[1]

    with pg_db.read() as con:
        for columns, table in [
            ("account_id, sale_key", "orders WHERE sale_key IS NOT NULL"),
            ("order_number", "orders"),
            ("email_norm", "customers WHERE source = 'ebay' AND email_norm IS NOT NULL"),
            ("invoice_number", "invoices"),
            ("order_id", "invoices WHERE status = 'posted'"),
            ("tracking_number", "shipments"),
        ]:
            twice = con.execute(f"SELECT count(*) - count(DISTINCT ({columns})) FROM {table}")
            assert twice.fetchone()[0] == 0, f"{columns} twice in {table}"
        imported = con.execute("SELECT count(*) FROM orders WHERE sale_key IS NOT NULL"
                               " AND account_id = (SELECT account_id FROM seller_accounts"
                               " WHERE name = 'counter')").fetchone()[0]
        invoiced = con.execute(
            "SELECT count(*) FROM invoices i JOIN orders o USING (order_id)"
            " WHERE o.order_number IN (SELECT unnest(?))", [INVOICED]).fetchone()[0]
        shipped = con.execute(
            "SELECT count(*) FROM shipments s JOIN orders o USING (order_id)"
            " WHERE o.order_number IN (SELECT unnest(?))", [SHIPPED]).fetchone()[0]
        source, version = con.execute(
            "SELECT source, version FROM description_templates WHERE name = 'Main'").fetchone()
    assert imported == 8  # 2201-2208, the three in both files once
    assert invoiced == len(INVOICED) and shipped == len(SHIPPED)
    winner = next(arg for (kind, arg), (_, out) in zip(jobs, outcomes, strict=True)
                  if kind == "save" and out.startswith("OK"))
    assert (source, version) == (winner, 2)  # the refused save lost nothing: it changed nothing
