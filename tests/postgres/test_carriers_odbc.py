"""Carriers over ODBC, tested the way WorldShip / FedEx Ship Manager use it: through Debian's
PostgreSQL ODBC driver (unixODBC) and pyodbc, look an order up by number, insert a package,
void it; the rows are applied by the carrier file import's rules. Skips without the driver."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from aimsi_ebay.db import postgres
from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.carriers_odbc import apply_writebacks
from aimsi_ebay.ops.shipping.watch import apply_carrier_writebacks, watch
from tests.ops.shipping.factory import add_order

TRACKING = "1Z999AA10123456784"
FEDEX = "794612345678"


def _odbc(db):
    """A pyodbc connection as the carrier software opens one (DSN-less)."""
    # ImportError too: pyodbc installed without unixODBC's libodbc.so.2 skips, as documented
    pyodbc = pytest.importorskip(
        "pyodbc", reason="pyodbc (and unixODBC) not installed", exc_type=ImportError
    )
    driver = "PostgreSQL Unicode"  # Debian's psqlodbcw (the ANSI one cannot bind pyodbc's text)
    if driver not in pyodbc.drivers():
        pytest.skip("no PostgreSQL ODBC driver (Debian: apt-get install odbc-postgresql)")
    url = urlsplit(db.environment_value)
    return pyodbc.connect(
        f"DRIVER={{{driver}}};SERVER={url.hostname};PORT={url.port or 5432};"
        f"DATABASE={url.path.lstrip('/')};UID={url.username or ''};PWD={url.password or ''}",
        autocommit=True)


def _order(db, number: str) -> tuple:
    with db.read() as con:
        return con.execute("SELECT status, shipping_cost FROM orders WHERE order_number = ?",
                           [number]).fetchone()


def test_a_carrier_reads_an_order_ships_it_and_voids_it_over_odbc(pg_db):
    add_order(pg_db, "1001", customer={"name": "Ann Buyer", "city": "Austin", "state": "TX"})
    add_order(pg_db, "1002")
    odbc = _odbc(pg_db)
    try:
        cursor = odbc.cursor()
        row = cursor.execute("SELECT ship_to_name, city, state, service FROM"
                             " carriers.worldship_orders WHERE order_number = ?", "1001").fetchone()
        assert tuple(row) == ("Ann Buyer", "Austin", "TX", "UPS Ground")
        assert cursor.execute("SELECT count(*) FROM carriers.fedex_orders").fetchone()[0] == 2
        cursor.execute("INSERT INTO carriers.writeback (carrier, order_number, tracking_number,"
                       " published_charge, negotiated_charge, service, ship_date, weight)"
                       " VALUES ('ups', ?, ?, 21.46, 4.23, 'GND', '2026-11-20', 2.5)",
                       "1001", TRACKING)
        cursor.execute("INSERT INTO carriers.writeback (carrier, order_number, tracking_number,"
                       " negotiated_charge, service, ship_date) VALUES"
                       " ('fedex', '1002', ?, 7.10, 'FEDEX_GROUND', '2026-11-20')", FEDEX)
        report = apply_writebacks(pg_db)
        assert report.rows == 2 and [r.added for r in report.imports] == [1, 1]
        assert _order(pg_db, "1001") == ("shipped", Decimal("4.23"))
        assert _order(pg_db, "1002") == ("shipped", Decimal("7.10"))
        shipped = cursor.execute("SELECT count(*) FROM carriers.worldship_orders").fetchone()[0]
        assert shipped == 0  # shipped orders leave the keyed-import view

        cursor.execute("INSERT INTO carriers.writeback (carrier, order_number, tracking_number,"
                       " void) VALUES ('ups', '1001', ?, TRUE)", TRACKING)
        assert apply_writebacks(pg_db).imports[0].voided == 1
        assert apply_writebacks(pg_db).rows == 0  # every row applied once, and marked
        pending = cursor.execute("SELECT count(*) FROM carriers.writeback"
                                 " WHERE applied_at IS NULL OR outcome IS NULL").fetchone()[0]
        assert pending == 0
    finally:
        odbc.close()
    with pg_db.read() as con:
        assert con.execute("SELECT count(*) FROM shipments WHERE tracking_number = ?",
                           [TRACKING]).fetchone()[0] == 0
    assert _order(pg_db, "1001")[0] != "shipped"


def test_write_back_needs_the_shared_database(fresh_db, backend):
    if backend == "postgres":
        pytest.skip("about the DuckDB file")
    with pytest.raises(InputError, match="PostgreSQL database only"):
        apply_writebacks(fresh_db)


def _write_back(db, *values: tuple) -> None:
    """Rows as the carrier software inserts them (natively here: the wiring is under test)."""
    with postgres.native(db.postgres) as native:
        for carrier, order, tracking, service in values:
            native.execute("INSERT INTO carriers.writeback (carrier, order_number,"
                           " tracking_number, negotiated_charge, service, ship_date) VALUES"
                           " (%s, %s, %s, 5.00, %s, '2026-11-20')",
                           [carrier, order, tracking, service])


def _one_pass(db, folder, seen: list) -> int:
    passes = []
    return watch(db, folder, interval=0.01, stop=lambda: passes.append(1) or len(passes) > 1,
                 on_writeback=seen.append)


def test_the_watcher_applies_the_write_backs_on_every_pass(pg_db, tmp_path):
    add_order(pg_db, "1001")
    folder = tmp_path / "watch"
    folder.mkdir()
    _write_back(pg_db, ("ups", "1001", TRACKING, "GND"))
    seen: list = []
    assert _one_pass(pg_db, folder, seen) == 0  # no file; the write-back applied all the same
    assert [report.rows for report in seen] == [1] and seen[0].imports[0].added == 1
    assert _order(pg_db, "1001") == ("shipped", Decimal("5.00"))
    _one_pass(pg_db, folder, seen)
    assert len(seen) == 1  # nothing new: nothing reported


def test_a_failed_write_back_pass_is_reported_and_the_watcher_goes_on(pg_db, tmp_path):
    add_order(pg_db, "1001")
    _write_back(pg_db, ("ups", "1001", TRACKING, "GND, 2nd day"))
    seen: list = []
    _one_pass(pg_db, tmp_path, seen)
    assert len(seen) == 1 and isinstance(seen[0], InputError) and "comma" in str(seen[0])
    with postgres.native(pg_db.postgres) as native:
        pending = native.execute("SELECT count(*) FROM carriers.writeback"
                                 " WHERE applied_at IS NULL").fetchone()[0]
    assert pending == 1  # left for the next pass, not lost


def test_apply_writebacks_from_the_command_line(pg_db, run_cli, tmp_path):
    add_order(pg_db, "1001")
    add_order(pg_db, "1002")
    _write_back(pg_db, ("ups", "1001", TRACKING, "GND"))
    applied = run_cli("--db", pg_db.environment_value, "shipping", "apply-writebacks", "--json")
    assert applied.code == 0, applied.stderr
    assert applied.json["rows"] == 1 and applied.json["imports"][0]["added"] == 1
    _write_back(pg_db, ("fedex", "1002", FEDEX, "FEDEX_GROUND"))
    watched = run_cli("--db", pg_db.environment_value, "shipping", "watch", "--once",
                      str(tmp_path))
    assert watched.code == 0, watched.stderr
    assert "carrier write-back: 1 row(s)" in watched.stdout
    assert "0 file(s) taken" in watched.stdout and "1 carrier write-back row(s)" in watched.stdout
    assert _order(pg_db, "1002")[0] == "shipped"


def test_a_duckdb_file_has_no_write_backs(fresh_db, backend, run_cli, tmp_path):
    if backend == "postgres":
        pytest.skip("about the DuckDB file")
    assert apply_carrier_writebacks(fresh_db) is None  # the watcher's pass: nothing to do
    refused = run_cli("--db", fresh_db.path, "shipping", "apply-writebacks")
    assert refused.code == 2 and "PostgreSQL database only" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_a_pass_with_nothing_pending_does_not_attach(pg_db, monkeypatch):
    attached = []
    real = postgres.attach
    monkeypatch.setattr(postgres, "attach", lambda *a: attached.append(1) or real(*a))
    assert apply_writebacks(pg_db).rows == 0 and attached == []  # one plain query, no attach
    add_order(pg_db, "1001")
    _write_back(pg_db, ("ups", "1001", TRACKING, "GND"))
    attached.clear()
    assert apply_writebacks(pg_db).rows == 1 and attached
