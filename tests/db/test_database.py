"""The database layer: location, migrations, transactions, and many processes at once."""

import fcntl
import os
import subprocess
import sys
import textwrap
from decimal import Decimal

import duckdb
import pytest

from aimsi_ebay.config import DEFAULT_DATABASE as DEFAULT_LOCATION
from aimsi_ebay.db import Database, database_location
from aimsi_ebay.db.migrations import apply_migrations, available_migrations
from aimsi_ebay.errors import DatabaseBusyError
from aimsi_ebay.ops.export.record_checks import refresh_record_checks


def test_location_comes_from_the_flag_then_the_environment_then_the_default(monkeypatch):
    monkeypatch.setenv("AIMSI_EBAY_DB", "/tmp/from-env.duckdb")
    assert database_location("/tmp/flag.duckdb") == "/tmp/flag.duckdb"
    assert database_location() == "/tmp/from-env.duckdb"
    monkeypatch.delenv("AIMSI_EBAY_DB")
    assert database_location() == str(DEFAULT_LOCATION)


def test_migrations_are_recorded_and_applied_once(tmp_path):
    db = Database(tmp_path / "m.duckdb")
    versions = [version for version, _, _ in available_migrations()]
    assert db.migrate() == versions
    assert db.migrate() == []
    with db.read() as con:
        recorded = [row[0] for row in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
    assert recorded == versions


def test_the_schema_has_the_whole_domain(fresh_db):
    with fresh_db.read() as con:
        tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert tables >= {
        "seller_accounts", "items", "skus", "ebay_records", "ebay_categories",
        "export_batches", "export_lines", "customers", "ship_to_addresses", "customer_aliases",
        "import_batches", "staged_sales", "orders", "order_lines", "deposits", "shipments",
        "invoices", "invoice_lines", "invoice_payments", "audit_log",
    }


def test_money_columns_are_decimal_12_2(fresh_db):
    with fresh_db.read() as con:
        types = dict(con.execute(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"
        ).fetchall())
    for column in ("orders.total", "deposits.amount", "skus.price", "invoice_payments.amount",
                   "ebay_records.start_price", "shipments.carrier_charge"):
        assert types[column] == "DECIMAL(12,2)", column


def test_a_failed_write_is_rolled_back_whole(fresh_db):
    with pytest.raises(RuntimeError), fresh_db.write() as con:
        con.execute("INSERT INTO items (style_code, description) VALUES ('A', 'first')")
        raise RuntimeError("boom")
    with fresh_db.read() as con:
        assert con.execute("SELECT count(*) FROM items").fetchone()[0] == 0


def test_a_second_connection_in_the_same_thread_is_refused(fresh_db):
    with fresh_db.read(), pytest.raises(RuntimeError, match="already open"), fresh_db.read():
        pass


@pytest.mark.duckdb_only
def test_a_held_lock_gives_a_clear_busy_message_after_the_wait(fresh_db):
    db = Database(fresh_db.path, lock_timeout=0.3)
    fd = os.open(db.lock_path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(DatabaseBusyError, match=r"stayed busy for 0\.3 s"), db.write():
            pass
    finally:
        os.close(fd)


@pytest.mark.duckdb_only
def test_duckdbs_own_lock_from_a_foreign_process_is_retried_then_reported(fresh_db):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(fresh_db.path)!r})
            print("held", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(DatabaseBusyError), Database(fresh_db.path, lock_timeout=0.5).read():
            pass
    finally:
        holder.communicate("done\n", timeout=10)
    with Database(fresh_db.path).read() as con:  # free again
        assert con.execute("SELECT 1").fetchone() == (1,)


WRITER = textwrap.dedent("""
    import sys
    from aimsi_ebay.db import Database
    db = Database(sys.argv[1])
    for n in range(int(sys.argv[3])):
        with db.write() as con:
            value = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
            con.execute(
                "INSERT INTO audit_log (who, action, entity, entity_key) VALUES (?, 'test', 'writer', ?)",
                [sys.argv[2], str(value)],
            )
        with db.read() as con:
            con.execute("SELECT count(*) FROM audit_log").fetchone()
""")


def test_two_processes_write_the_same_file_at_once_and_nothing_is_lost(fresh_db):
    runs = 40
    processes = [
        subprocess.Popen([sys.executable, "-c", WRITER, fresh_db.environment_value, name, str(runs)],
                         stderr=subprocess.PIPE, text=True)
        for name in ("first", "second")
    ]
    for process in processes:
        _, error = process.communicate(timeout=120)
        assert process.returncode == 0, error
    with fresh_db.read() as con:
        per_writer = dict(con.execute("SELECT who, count(*) FROM audit_log GROUP BY who").fetchall())
        seen = [row[0] for row in con.execute("SELECT entity_key FROM audit_log").fetchall()]
    assert per_writer == {"first": runs, "second": runs}
    # Each write saw every earlier one: the counts it read are 0 … 2·runs-1, none repeated.
    assert sorted(map(int, seen)) == list(range(2 * runs))


def test_readers_do_not_block_each_other(fresh_db):
    with fresh_db.read():
        other = subprocess.run(
            [sys.executable, "-c",
             f"from aimsi_ebay.db import Database\n"
             f"with Database({fresh_db.environment_value!r}, lock_timeout=5).read() as con: print(con.execute('SELECT 42').fetchone()[0])"],
            capture_output=True, text=True, timeout=60,
        )
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip() == "42"


@pytest.mark.duckdb_only
def test_the_file_is_a_plain_duckdb_database(fresh_db):
    con = duckdb.connect(str(fresh_db.path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] >= 1
    finally:
        con.close()


def test_migration_5_moves_pictures_into_the_record_in_position_order():
    con = duckdb.connect()
    for version, _, sql in available_migrations():
        if version == 5:
            con.execute("INSERT INTO ebay_records (sku, title) VALUES ('A', 'a'), ('B', 'b')")
            con.execute("INSERT INTO ebay_images VALUES ('A', 2, 'https://x/2.jpg'),"
                        " ('A', 1, 'https://x/1.jpg'), ('A', 3, 'https://x/3.jpg')")
        con.execute(sql)
    assert dict(con.execute("SELECT sku, image_urls FROM ebay_records").fetchall()) == {
        "A": ["https://x/1.jpg", "https://x/2.jpg", "https://x/3.jpg"], "B": []}
    assert con.execute("SELECT count(*) FROM information_schema.tables"
                       " WHERE table_name = 'ebay_images'").fetchone() == (0,)


def test_migration_8_rebuilds_the_import_tables_with_their_rows_keys_and_compression(tmp_path):
    con = duckdb.connect(str(tmp_path / "m8.duckdb"))
    for version, _, sql in available_migrations():
        if version == 8:
            con.execute(
                "INSERT INTO customers (name, email, email_norm, source)"
                " SELECT 'Customer ' || i, 'c' || i || '@x.com', 'c' || i || '@x.com', 'ebay'"
                " FROM range(3000) t(i)"
            )
            con.execute(
                "INSERT INTO orders (order_number, account_id, sale_key, customer_id, order_date)"
                " VALUES ('100001', 1, '12-345', 1, DATE '2026-10-01')"
            )
        con.execute(sql)
    assert con.execute("SELECT count(*), max(customer_id) FROM customers").fetchone() == (3000, 3000)
    assert con.execute("SELECT nextval('seq_customer_id')").fetchone() == (3001,)
    with pytest.raises(duckdb.ConstraintException):  # the keys came along
        con.execute(
            "INSERT INTO orders (order_number, account_id, sale_key, customer_id, order_date)"
            " VALUES ('100002', 1, '12-345', 1, DATE '2026-10-02')"
        )
    con.execute("CHECKPOINT")
    methods = dict(
        con.execute(
            "SELECT DISTINCT column_name, compression FROM pragma_storage_info('customers')"
            " WHERE segment_type = 'VARCHAR' AND column_name IN ('email', 'source')"
        ).fetchall()
    )
    assert methods == {"email": "FSST", "source": "Dictionary"}


def test_migration_7_drops_raw_and_keeps_the_staged_sales():
    con = duckdb.connect()
    for version, _, sql in available_migrations():
        if version == 7:
            con.execute(
                "INSERT INTO staged_sales (batch_id, account_id, sale_key, raw, row_number)"
                " VALUES (1, 1, '12-345', '{\"first_row\": 5, \"rows\": [5, 6]}', 5)"
            )
        con.execute(sql)
    assert con.execute("SELECT sale_key, row_number FROM staged_sales").fetchall() == [
        ("12-345", 5)
    ]
    columns = [row[0] for row in con.execute("DESCRIBE staged_sales").fetchall()]
    assert "raw" not in columns


def _migrated_with(tmp_path, name, before_version, fill, through=None):
    """A database file migrated in full (or up to ``through``), ``fill(con)`` run just before
    ``before_version``."""
    con = duckdb.connect(str(tmp_path / name))
    for version, _, sql in available_migrations():
        if through is not None and version > through:
            break
        if version == before_version:
            fill(con)
        con.execute(sql)
    return con


def _storage(con, table, columns):
    con.execute("CHECKPOINT")
    return dict(con.execute(
        f"SELECT DISTINCT column_name, compression FROM pragma_storage_info('{table}')"
        f" WHERE segment_type = 'VARCHAR' AND column_name IN ({', '.join('?' * len(columns))})",
        list(columns)).fetchall())


def test_migration_18_rebuilds_the_invoice_tables_with_their_rows_keys_and_compression(tmp_path):
    def fill(con):
        con.execute(
            "INSERT INTO invoices (invoice_id, invoice_number, order_id, customer_id, invoice_date,"
            " merchandise, shipping, tax, total, created_by, tracking_numbers)"
            " SELECT nextval('seq_invoice_id'), 'INV' || nextval('seq_invoice_number'), n, 1,"
            " DATE '2026-10-01', 10, 0, 0, 10, 'me', '1Z' || lpad(n::VARCHAR, 16, '0')"
            " FROM range(1, 3001) t(n)")
        con.execute("INSERT INTO invoice_lines (invoice_id, line_no, sku, description, quantity,"
                    " unit_price, amount, order_line_no) VALUES (1, 1, 'A', 'a', 1, 10, 10, 1)")
        con.execute("INSERT INTO invoice_payments (invoice_id, deposit_id, method, amount,"
                    " paid_date, reference) VALUES (1, 7, 'deposit', 10, DATE '2026-10-01', 'P')")

    con = _migrated_with(tmp_path, "m18.duckdb", 18, fill)
    assert con.execute("SELECT count(*), max(invoice_id), min(status) FROM invoices").fetchone() == (
        3000, 3000, "posted")
    assert con.execute("SELECT sku, order_line_no FROM invoice_lines").fetchall() == [("A", 1)]
    assert con.execute("SELECT payment_id, deposit_id, created_by FROM invoice_payments"
                       ).fetchall() == [(1, 7, "system")]
    # the sequences go on where they were
    assert con.execute("SELECT nextval('seq_invoice_id'), nextval('seq_payment_id')").fetchone() \
        == (3001, 2)
    assert con.execute("SELECT invoice_number FROM invoices WHERE invoice_id = 3000").fetchone() \
        == ("INV503000",)
    # The invoices' keys came along (022 then drops the lines' and payments' derived keys).
    with pytest.raises(duckdb.ConstraintException):
        con.execute(
            "INSERT INTO invoices (invoice_number, order_id, customer_id, invoice_date, merchandise,"
            " shipping, tax, total, created_by) VALUES ('INV500001', 9, 1, DATE '2026-10-01', 0,"
            " 0, 0, 0, 'me')")
    with pytest.raises(duckdb.ConstraintException):  # NOT NULL stays where the key went
        con.execute("INSERT INTO invoice_lines VALUES (NULL, 1, 'B', 'b', 1, 1, 1, 1)")
    with pytest.raises(duckdb.ConstraintException):  # the CHECK too
        con.execute("INSERT INTO invoice_payments (invoice_id, method, amount, paid_date)"
                    " VALUES (2, 'cash', 0, DATE '2026-10-01')")
    assert con.execute("SELECT count(*) FROM duckdb_indexes()"
                       " WHERE index_name = 'invoice_payments_deposit'").fetchone() == (0,)
    assert con.execute("SELECT open FROM deposit_balances").fetchall() == []  # the view still reads
    assert _storage(con, "invoices", ("invoice_number", "created_by")) == {
        "invoice_number": "FSST", "created_by": "Dictionary"}


def test_migration_19_rebuilds_shipments_with_their_rows_keys_and_compression(tmp_path):
    def fill(con):
        con.execute(
            "INSERT INTO shipments (order_id, carrier, service, tracking_number, carrier_charge,"
            " source_file) SELECT n, 'ups', 'GND', '1Z' || lpad(n::VARCHAR, 16, '0'), 9.80,"
            " 'EXPORT.CSV' FROM range(1, 3001) t(n)")

    con = _migrated_with(tmp_path, "m19.duckdb", 19, fill, through=19)
    assert con.execute("SELECT count(*), max(shipment_id), sum(carrier_charge), bool_or(void)"
                       " FROM shipments").fetchone() == (3000, 3000, Decimal("29400.00"), False)
    assert con.execute("SELECT nextval('seq_shipment_id')").fetchone() == (3001,)
    with pytest.raises(duckdb.ConstraintException):  # a tracking number is never on two orders
        con.execute("INSERT INTO shipments (order_id, carrier, tracking_number)"
                    " VALUES (5, 'ups', '1Z0000000000000001')")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO shipments (shipment_id, order_id, carrier, tracking_number)"
                    " VALUES (1, 5, 'ups', '1Z9999999999999999')")
    assert sorted(row[0] for row in con.execute(
        "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'shipments'").fetchall()) == [
        "shipments_tracking"]
    assert _storage(con, "shipments", ("tracking_number", "carrier")) == {
        "tracking_number": "FSST", "carrier": "Dictionary"}


def test_migration_23_rebuilds_shipments_without_indexes_and_with_every_package(tmp_path):
    """023: the writers keep a tracking number on one order (tests/ops/shipping) and draw ids
    from the sequence; the table keeps its rows, defaults and compression."""
    def fill(con):
        con.execute(
            "INSERT INTO shipments (order_id, carrier, service, tracking_number, carrier_charge,"
            " source_file) SELECT n, 'ups', 'GND', '1Z' || lpad(n::VARCHAR, 16, '0'), 9.80,"
            " 'EXPORT.CSV' FROM range(1, 3001) t(n)")

    con = _migrated_with(tmp_path, "m23.duckdb", 23, fill)
    assert con.execute("SELECT count(*), count(DISTINCT tracking_number), sum(carrier_charge)"
                       " FROM shipments").fetchone() == (3000, 3000, Decimal("29400.00"))
    assert con.execute("SELECT count(*) FROM duckdb_indexes()"
                       " WHERE table_name = 'shipments'").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'shipments'"
                       " AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')").fetchone() == (0,)
    con.execute("INSERT INTO shipments (order_id, carrier, tracking_number)"
                " VALUES (5, 'ups', '1Z9999999999999999')")
    assert con.execute("SELECT shipment_id, void, imported_at IS NOT NULL FROM shipments"
                       " WHERE tracking_number = '1Z9999999999999999'").fetchone() == (
        3001, False, True)  # the sequence and the defaults go on
    assert _storage(con, "shipments", ("tracking_number", "carrier")) == {
        "tracking_number": "FSST", "carrier": "Dictionary"}


def test_migration_26_records_gain_their_listing_facts_decided_by_the_running_rules(tmp_path):
    con = duckdb.connect(str(tmp_path / "m26.duckdb"))
    apply_migrations(con, until=25)
    con.execute("INSERT INTO ebay_records (sku, title, description, description_is_html)"
                " VALUES ('A', 'a', '<p>fine</p>', TRUE), ('B', 'b', 'plain', FALSE),"
                " ('C', 'c', '<script>x</script>', TRUE)")
    assert apply_migrations(con) == [v for v, _, _ in available_migrations() if v > 25]
    warmed = con.execute("SELECT sku, checks_key, checks_clean, description_placeable"
                         " FROM ebay_records ORDER BY sku").fetchall()
    assert all(key is not None for _, key, _, _ in warmed)
    refresh_record_checks(con)  # what the writers' rebuild decides
    assert con.execute("SELECT sku, checks_key, checks_clean, description_placeable"
                       " FROM ebay_records ORDER BY sku").fetchall() == warmed
