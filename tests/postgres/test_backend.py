"""The shared backend: selection by URL, credentials never shown, ids drawn natively, the
writers' lock, and a unique violation reported as work already done."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from aimsi_ebay.db import Database, postgres
from aimsi_ebay.db.ids import INVOICE_NUMBER_SQL, ORDER_NUMBER_SQL, id_sql, next_id
from aimsi_ebay.errors import ConflictError, DatabaseBusyError, InputError
from tests.postgres import backend as pg
from tests.postgres.conftest import require_twins


def test_a_postgresql_url_selects_the_shared_backend(monkeypatch, tmp_path):
    monkeypatch.setenv("AIMSI_EBAY_DATA", str(tmp_path))
    db = Database("postgresql://clerk:s3cret@db.example:6543/store")
    assert db.location == "postgresql://db.example:6543/store"
    assert "s3cret" not in repr(db) and "clerk" not in repr(db)
    assert db.path.parent == tmp_path  # the store's files live in the data folder
    monkeypatch.setenv("AIMSI_EBAY_DB", "postgres://db.example/other")
    assert Database().location == "postgresql://db.example/other"


def test_the_password_is_scrubbed_from_driver_messages():
    where = postgres.PostgresLocation("postgresql://clerk:p%40ss@db.example/store")
    text = where.scrub("could not connect: postgresql://clerk:p%40ss@db.example/store (p@ss)")
    assert "p@ss" not in text and "p%40ss" not in text
    assert "postgresql://db.example/store" in text


def test_the_attach_asks_the_server_to_notice_a_dead_client():
    check = f"options=-c%20client_connection_check_interval%3D{postgres.CLIENT_CHECK_MS}"
    assert postgres.checked_url("postgresql://u@h/db", 150004) == f"postgresql://u@h/db?{check}"
    assert postgres.checked_url("postgresql://u@h/db?sslmode=require", 140000) == (
        f"postgresql://u@h/db?sslmode=require&{check}")
    own = "postgresql://u@h/db?options=-c%20search_path%3Dx"
    assert postgres.checked_url(own, 150004) == own  # the URL's own options are left alone
    assert postgres.checked_url("postgresql://u@h/db", 130011) == "postgresql://u@h/db"  # < 14


def test_an_unreachable_server_is_one_line_naming_host_and_database_only(tmp_path, monkeypatch):
    monkeypatch.setenv("AIMSI_EBAY_DATA", str(tmp_path))
    db = Database("postgresql://clerk:s3cret@127.0.0.1:1/store", lock_timeout=1)
    with pytest.raises(InputError) as caught, db.read():
        pass
    message = str(caught.value)
    assert message.startswith("postgresql://127.0.0.1:1/store: cannot connect to PostgreSQL")
    assert "s3cret" not in message and "clerk" not in message


def test_the_extension_is_loaded_under_the_name_duckdb_expects():
    path = postgres.extension_file()
    assert path.name == "postgres_scanner.duckdb_extension"
    assert path.stat().st_size > 1_000_000


def test_operations_see_the_attached_database_as_the_default_catalog(pg_db):
    with pg_db.write() as con:
        con.execute("INSERT INTO items (style_code, description) VALUES ('S1', 'Strings')")
        assert con.execute("SELECT current_database()").fetchone() == (postgres.CATALOG,)
        con.execute("CREATE TEMP TABLE scratch AS SELECT 1 AS x")  # DuckDB's own temp catalog
    with pg_db.read() as con:
        assert con.execute("SELECT style_code FROM items").fetchall() == [("S1",)]


def test_a_failed_write_leaves_nothing_on_postgresql(pg_db):
    with pytest.raises(RuntimeError), pg_db.write() as con:
        con.execute("INSERT INTO items (style_code, description) VALUES ('S1', 'Strings')")
        raise RuntimeError("boom")
    with pg_db.read() as con:
        assert con.execute("SELECT count(*) FROM items").fetchone() == (0,)


def test_ids_are_drawn_from_the_postgresql_sequences(pg_db):
    with pg_db.write() as con:
        first = next_id(con, "seq_customer_id")
        con.execute(f"CREATE TEMP TABLE ids AS SELECT {id_sql('seq_customer_id')} AS id,"
                    f" {ORDER_NUMBER_SQL} AS number, {INVOICE_NUMBER_SQL} AS invoice"
                    " FROM range(5000)")
        ids = [row[0] for row in con.execute("SELECT id FROM ids ORDER BY id").fetchall()]
        numbers = {row[0] for row in con.execute("SELECT number FROM ids").fetchall()}
        assert con.execute("SELECT min(invoice) FROM ids").fetchone() == ("INV500001",)
        # A row inserted without an id takes the column default: the same sequence.
        con.execute("INSERT INTO customers (name) VALUES ('Default')")
        default = con.execute("SELECT customer_id FROM customers").fetchone()[0]
    assert first == 1 and ids == list(range(2, 5002)) and default == 5002
    assert numbers == {str(n) for n in range(100001, 105001)}


DRAW = textwrap.dedent("""
    import sys
    from aimsi_ebay.db import Database
    from aimsi_ebay.db.ids import id_sql
    with Database(sys.argv[1]).read() as con:  # ids need no write lock
        rows = con.execute(f"SELECT {id_sql('seq_order_id')} FROM range(3000)").fetchall()
    print(" ".join(str(r[0]) for r in rows))
""")


def test_processes_drawing_ids_at_once_never_share_one(pg_db):
    runs = [subprocess.Popen([sys.executable, "-c", DRAW, pg_db.environment_value],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]
    drawn = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        drawn += [int(v) for v in out.split()]
    assert len(drawn) == 9000 and len(set(drawn)) == 9000


def test_a_writer_waits_for_another_then_reports_busy(pg_db):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from aimsi_ebay.db import Database
            with Database({pg_db.environment_value!r}).write() as con:
                print("held", flush=True)
                sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        waiting = Database(pg_db.environment_value, lock_timeout=0.4)
        with pytest.raises(DatabaseBusyError, match=r"^postgresql://.*stayed busy for 0\.4 s"), \
                waiting.write():
            pass
        with waiting.read() as con:  # readers never wait for a writer
            assert con.execute("SELECT count(*) FROM items").fetchone() == (0,)
    finally:
        holder.communicate("done\n", timeout=30)
    with Database(pg_db.environment_value, lock_timeout=5).write() as con:
        con.execute("SELECT 1")


def test_a_killed_writer_leaves_no_lock_behind(pg_db):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import time
            from aimsi_ebay.db import Database
            with Database({pg_db.environment_value!r}).write() as con:
                con.execute("INSERT INTO items (style_code, description) VALUES ('K', 'half')")
                print("held", flush=True)
                time.sleep(600)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait(timeout=30)
    with Database(pg_db.environment_value, lock_timeout=10).write() as con:
        assert con.execute("SELECT count(*) FROM items").fetchone() == (0,)


def test_a_unique_violation_is_reported_as_already_done(pg_db):
    insert = ("INSERT INTO orders (order_number, account_id, sale_key, customer_id, order_date)"
              " VALUES (?, 1, '12-345', 1, DATE '2026-10-01')")
    with pg_db.write() as con:
        con.execute(insert, ["100001"])
    with pytest.raises(ConflictError, match=r"^postgresql://[^ ]*: this sale was already "
                       r"imported .*nothing was changed"), pg_db.write() as con:
        con.execute(insert, ["100002"])
    with pg_db.read() as con:
        assert con.execute("SELECT count(*) FROM orders").fetchone() == (1,)


def test_a_second_ebay_customer_with_the_same_email_is_refused(pg_db):
    insert = ("INSERT INTO customers (name, email_norm, source) VALUES (?, 'a@b.com', ?)")
    with pg_db.write() as con:
        con.execute(insert, ["Store one", "store"])
        con.execute(insert, ["Store two", "store"])  # store customers may share an e-mail
        con.execute(insert, ["eBay one", "ebay"])
    with pytest.raises(ConflictError, match="customer with this e-mail"), pg_db.write() as con:
        con.execute(insert, ["eBay two", "ebay"])


def test_init_creates_then_migrates_a_postgresql_database(run_cli, tmp_path):
    require_twins()
    url = pg.create_database()
    try:
        env = {**__import__("os").environ, "AIMSI_EBAY_DATA": str(tmp_path)}
        first = run_cli("--db", url, "init", env=env)
        assert first.code == 0, first.stderr
        again = run_cli("--db", url, "init", env=env)
        assert again.code == 0, again.stderr
        assert "up to date" in again.stdout + again.stderr
        assert "postgres@" not in first.stdout + first.stderr + again.stdout + again.stderr
    finally:
        pg.drop_database(url)


@pytest.mark.xfail(reason="DuckDB 1.5.5's postgres extension ends a recursive CTE over an attached "
                   "table after its first step, so no operation uses one (ops/categories."
                   "category_path walks one parent at a time); strict: tells when it is fixed",
                   strict=True)
def test_a_recursive_query_over_an_attached_table_walks_the_whole_chain(pg_db):
    with pg_db.write() as con:
        con.execute("INSERT INTO ebay_categories (category_id, name, parent_id, level, is_leaf,"
                    " full_path) VALUES ('1', 'a', NULL, 1, false, 'a'),"
                    " ('2', 'b', '1', 2, false, 'a>b'), ('3', 'c', '2', 3, true, 'a>b>c')")
    with pg_db.read() as con:
        chain = con.execute(
            "WITH RECURSIVE chain(id) AS (SELECT '3' UNION ALL SELECT c.parent_id FROM chain"
            " JOIN ebay_categories c ON c.category_id = chain.id WHERE c.parent_id IS NOT NULL)"
            " SELECT id FROM chain").fetchall()
    assert sorted(chain) == [("1",), ("2",), ("3",)]


def test_a_replaced_store_is_kept_as_a_renamed_schema(pg_db):
    with pg_db.write() as con:
        con.execute("INSERT INTO items (style_code, description) VALUES ('R', 'real')")
    pg_db.move_aside(pg_db.path.with_name("store.duckdb.replaced-20261201-181500"))
    assert not pg_db.exists()  # public is empty until migrated again
    with pg_db.read() as con:
        assert con.execute("SELECT count(*) FROM items").fetchone() == (0,)
        kept = con.execute("SELECT description FROM aimsi_replaced_20261201_181500.items")
        assert kept.fetchall() == [("real",)]
