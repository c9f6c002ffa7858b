"""The shared PostgreSQL backend: DuckDB's engine over an attached PostgreSQL database.

Operations keep one dialect: every connection is a DuckDB connection whose default catalog is
the attached PostgreSQL database (``USE``), so DuckDB's functions, lambdas, ``UPDATE … FROM`` and
temp tables work unchanged, and a DuckDB transaction is one PostgreSQL transaction.

What the attach cannot do is done natively, over a plain libpq connection (psycopg) per
DuckDB connection: drawing ids (``nextval`` on a PostgreSQL sequence fails through the attach),
DDL (migrations), and the writers' lock (a session advisory lock: released by PostgreSQL itself
when a process dies, so no stale lock is ever left behind).

Credentials come from the URL, ``~/.pgpass`` or the ``PG*`` variables (libpq reads them); they are
never printed: messages name ``postgresql://host:port/db`` only, and a driver message is
scrubbed of the URL and password before it is shown.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

import duckdb

from aimsi_ebay.errors import DatabaseBusyError, InputError

SCHEMES = ("postgresql://", "postgres://")
CATALOG = "pg"
# The one advisory lock key writers take (``pg_advisory_lock`` takes a bigint): "aimsiebW".
WRITER_LOCK_KEY = int.from_bytes(b"aimsiebW", "big") >> 1
MIGRATION_LOCK_KEY = WRITER_LOCK_KEY - 1
# How often (ms) a server backend of ours checks that its client is still there while it runs a
# statement or waits for a lock: a process killed (kill -9) in the middle of a long statement
# then has its transaction rolled back and its row locks freed within this time, not only once
# the statement ends (PostgreSQL 14+; 0, the server's default, checks only between statements).
CLIENT_CHECK_MS = 1000


def is_postgres(location: str) -> bool:
    return location.startswith(SCHEMES)


@dataclass(frozen=True)
class PostgresLocation:
    """A PostgreSQL URL and what may be shown of it."""

    url: str

    @property
    def display(self) -> str:
        """``postgresql://host:port/db``: no user, no password, no options."""
        parts = urlsplit(self.url)
        host = parts.hostname or os.environ.get("PGHOST") or "localhost"
        port = f":{parts.port}" if parts.port else ""
        name = parts.path.lstrip("/") or os.environ.get("PGDATABASE") or "(default database)"
        return f"postgresql://{host}{port}/{unquote(name)}"

    def scrub(self, text: str) -> str:
        """``text`` without the URL or the password in it."""
        text = text.replace(self.url, self.display)
        password = urlsplit(self.url).password
        if password:
            text = text.replace(password, "***").replace(unquote(password), "***")
        return text


def extension_file() -> Path:
    """The postgres extension of PyPI's ``duckdb-extension-postgres``, named as DuckDB loads it.

    The package ships ``postgres.duckdb_extension``; DuckDB derives the entry point from the file
    name, which must be ``postgres_scanner``. The file is linked (or copied) once into the user's
    cache folder (not a shared temp folder: an unsigned extension is code that gets run)."""
    try:
        package = resources.files("duckdb_extension_postgres")
    except ModuleNotFoundError:
        raise InputError(
            "the PostgreSQL backend needs the package duckdb-extension-postgres "
            f"=={duckdb.__version__} (pip install 'duckdb-extension-postgres=={duckdb.__version__}')"
        ) from None
    source = Path(str(package / "extensions" / f"v{duckdb.__version__}" / "postgres.duckdb_extension"))
    if not source.is_file():
        raise InputError(
            f"{source}: missing; duckdb-extension-postgres must match DuckDB {duckdb.__version__}"
        )
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "aimsi-ebay"
    target = cache / f"duckdb-{duckdb.__version__}" / "postgres_scanner.duckdb_extension"
    stat = source.stat()
    if not target.is_file() or target.stat().st_size != stat.st_size or (
        target.stat().st_mtime_ns < stat.st_mtime_ns
    ):
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
        try:
            os.link(source, partial)
        except OSError:
            shutil.copy2(source, partial)
        os.replace(partial, target)
    return target


def native(location: PostgresLocation, *, autocommit: bool = True):  # -> psycopg.Connection
    """A plain libpq connection (psycopg), for what the attach cannot do."""
    import psycopg

    try:
        return psycopg.connect(location.url, autocommit=autocommit, connect_timeout=10)
    except psycopg.Error as error:
        raise InputError(f"{location.display}: cannot connect to PostgreSQL: "
                         f"{location.scrub(str(error)).strip()}") from None


def attach(location: PostgresLocation, side) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the PostgreSQL database attached and in use.

    ``side`` is the native connection that ids are drawn on (``aimsi_next_id``)."""
    con = duckdb.connect(config={"allow_unsigned_extensions": "true"})
    url = checked_url(location.url, side.info.server_version)
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"LOAD '{extension_file()}'")
        con.execute(f"ATTACH '{_quote(url)}' AS {CATALOG} (TYPE postgres)")
    except duckdb.Error as error:
        con.close()
        text = str(error).replace(url, location.display)
        raise InputError(f"{location.display}: cannot attach PostgreSQL: "
                         f"{location.scrub(text).strip()}") from None
    con.execute(f"USE {CATALOG}")
    register_next_id(con, side)
    return con


def checked_url(url: str, server_version: int) -> str:
    """``url`` with ``client_connection_check_interval`` (:data:`CLIENT_CHECK_MS`) for the
    attach's sessions, on a server that has it (14+) and when the URL sets no ``options`` of its
    own (those are left as they are)."""
    if server_version < 140000 or "options=" in urlsplit(url).query:
        return url
    separator = "&" if urlsplit(url).query else "?"
    return f"{url}{separator}options=-c%20client_connection_check_interval%3D{CLIENT_CHECK_MS}"


def register_next_id(con: duckdb.DuckDBPyConnection, side) -> None:
    """``aimsi_next_id('seq')``: one new id per row, drawn natively from the PostgreSQL sequence.

    DuckDB calls it once per vector (≤ 2,048 rows), so a 100,000-row insert costs ~50 round
    trips of ``SELECT nextval(seq) FROM generate_series(1, n)``; sequences are outside
    transactions (as on DuckDB), so the side connection needs none."""
    import pyarrow as pa  # here: every dashboard imports this module, few use PostgreSQL

    def next_ids(sequences):  # pa.Array -> pa.Array (DuckDB evaluates annotations here)
        names = sequences.to_pylist()
        out: list[int] = []
        start = 0
        while start < len(names):  # one round trip per run of the same sequence name
            end = start
            while end < len(names) and names[end] == names[start]:
                end += 1
            rows = side.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                [names[start], end - start],
            ).fetchall()
            out.extend(row[0] for row in rows)
            start = end
        return pa.array(out, pa.int64())

    con.create_function(
        "aimsi_next_id", next_ids, ["VARCHAR"], "BIGINT", type="arrow", side_effects=True
    )


def acquire(side, key: int, *, timeout: float, busy: DatabaseBusyError) -> None:
    """Take the session advisory lock ``key`` on ``side``; ``busy`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not side.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone()[0]:
        if time.monotonic() > deadline:
            raise busy
        time.sleep(random.uniform(0.01, 0.08))


def release(side, key: int) -> None:
    side.execute("SELECT pg_advisory_unlock(%s)", [key])


def unique_violation(error: BaseException) -> str | None:
    """The constraint a PostgreSQL unique violation names (as seen through DuckDB), else None."""
    text = str(error)
    marker = "duplicate key value violates unique constraint"
    if marker not in text:
        return None
    rest = text.split(marker, 1)[1].strip()
    return rest.split('"')[1] if rest.startswith('"') else rest.split()[0]


CARRIER_VIEWS = ("carriers.fedex_orders", "carriers.worldship_orders")


def install_carrier_objects(side, *, pending: bool) -> None:
    """Create (or refresh) the carriers' ODBC views and write-back table
    (``carriers_odbc.postgres.sql``). With migrations ``pending`` the views are dropped first, so
    a migration may change the columns they read; call it again after the migrations."""
    if pending:
        side.execute(f"DROP VIEW IF EXISTS {', '.join(CARRIER_VIEWS)}")
        return
    sql = resources.files("aimsi_ebay.db").joinpath("carriers_odbc.postgres.sql")
    side.execute(sql.read_text(encoding="utf-8"))


def writeback_pending(location: PostgresLocation) -> bool:
    """Whether a carrier write-back row waits to be applied: one indexed query over a plain
    connection (the watcher asks every few seconds; attaching for that would cost far more)."""
    with native(location) as side:
        return bool(side.execute("SELECT EXISTS (SELECT 1 FROM carriers.writeback"
                                 " WHERE applied_at IS NULL)").fetchone()[0])


def backup_schema(name: str) -> str:
    """A schema name for a store moved aside under the backup file name ``name``: ``aimsi_`` and
    the part after the last ``.`` (``…duckdb.replaced-20261201-181500`` →
    ``aimsi_replaced_20261201_181500``), letters, digits and ``_`` only."""
    suffix = name.rsplit(".", 1)[-1]
    return "aimsi_" + "".join(c if c.isalnum() else "_" for c in suffix.lower())[:50]


def _quote(text: str) -> str:
    return text.replace("'", "''")
