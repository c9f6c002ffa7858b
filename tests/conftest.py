"""Shared fixtures: fresh and demo databases (sqlite-utils' fresh_db), CLI runner."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.demo.store import build_demo
from tests.postgres import backend as pg

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL_FILES = ROOT.parent / "shared" / "real"  # public real files beside the checkout, if any


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--backend", choices=("duckdb", "postgres"), default="duckdb",
        help="the backend of fresh_db / demo_db: a DuckDB file, or a database on the PostgreSQL "
        "of $AIMSI_EBAY_TEST_PG (scripts/with_postgres starts one)",
    )


def pytest_collection_modifyitems(config, items) -> None:
    """On --backend postgres, tests about the DuckDB file itself are skipped."""
    if config.getoption("--backend") != "postgres":
        return
    skip = pytest.mark.skip(reason="about the DuckDB file (marked duckdb_only)")
    for item in items:
        if item.get_closest_marker("duckdb_only"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def backend(request) -> str:
    """"duckdb" or "postgres" (``--backend``)."""
    return request.config.getoption("--backend")


@pytest.fixture(scope="session")
def pg_fresh_template(backend) -> str | None:
    """On PostgreSQL: a migrated, empty database that each fresh_db is cloned from."""
    if backend != "postgres":
        yield None
        return
    url = pg.create_database(prefix="fresh_template")
    Database(url).migrate()
    yield pg.name_of(url)
    pg.drop_database(url)


class Databases:
    """Databases made inside a test, on the active backend: for a property test's examples,
    which a function-scoped fixture would share. Each is dropped (PostgreSQL) when its
    ``with`` ends; DuckDB files stay in the session's temporary folders."""

    def __init__(self, tmp_path_factory, template: str | None) -> None:
        self._tmp = tmp_path_factory
        self._template = template

    @contextmanager
    def fresh(self) -> Iterator[Database]:
        """An empty, migrated database."""
        if self._template is None:
            db = Database(self._tmp.mktemp("db") / "fresh.duckdb")
            db.migrate()
            yield db
            return
        with self._cloned(self._template) as db:
            yield db

    @contextmanager
    def copy(self, original: Database) -> Iterator[Database]:
        """A copy of ``original``, which no one may be using (PostgreSQL clones it as a
        template)."""
        if original.postgres is None:
            path = self._tmp.mktemp("db") / original.path.name
            shutil.copy(original.path, path)
            yield Database(path)
            return
        with self._cloned(pg.name_of(original.environment_value)) as db:
            yield db

    @contextmanager
    def _cloned(self, template: str) -> Iterator[Database]:
        url = pg.create_database(template)
        try:
            yield Database(url)
        finally:
            pg.drop_database(url)


@pytest.fixture(scope="session")
def databases(tmp_path_factory, pg_fresh_template) -> Databases:
    """Make databases on the active backend inside a test (see ``Databases``)."""
    return Databases(tmp_path_factory, pg_fresh_template)


@pytest.fixture
def fresh_db(tmp_path, backend, pg_fresh_template, monkeypatch) -> Database:
    """An empty, migrated database: a file in a temporary folder, or (``--backend postgres``) a
    database of its own on the test server, with its data folder in the temporary folder."""
    if backend != "postgres":
        db = Database(tmp_path / "fresh.duckdb")
        db.migrate()
        yield db
        return
    monkeypatch.setenv("AIMSI_EBAY_DATA", str(tmp_path))
    url = pg.create_database(pg_fresh_template)
    yield Database(url)
    pg.drop_database(url)


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory, backend) -> tuple[Path | str, Path]:
    """The demo store, built once per test session, and its data folder (the shipping samples
    and watch folder, the inbox): a DuckDB file in that folder, or on PostgreSQL the name of a
    template database whose data folder the build was given."""
    folder = tmp_path_factory.mktemp("demo-template")
    if backend == "postgres":
        url = pg.create_database(prefix="demo_template")
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("AIMSI_EBAY_DATA", str(folder))
            build_demo(Database(url))
        yield pg.name_of(url), folder
        pg.drop_database(url)
        return
    path = folder / "demo.duckdb"
    build_demo(Database(path))
    yield path, folder


@pytest.fixture(scope="session")
def demo_template(demo_build) -> Path | str:
    """The demo store; copy it, never write to it. On PostgreSQL the name of a template
    database."""
    return demo_build[0]


@pytest.fixture(scope="session")
def demo_template_folder(demo_build) -> Path:
    """The demo store's data folder (read it, never write to it), on either backend."""
    return demo_build[1]


@pytest.fixture
def demo_db(tmp_path, demo_template, backend, monkeypatch) -> Database:
    """A private copy of the demo store."""
    if backend == "postgres":
        monkeypatch.setenv("AIMSI_EBAY_DATA", str(tmp_path))
        url = pg.create_database(demo_template)
        yield Database(url)
        pg.drop_database(url)
        return
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_template, path)
    yield Database(path)


def samples_dir() -> Path:
    """Our own real-shaped sample files, committed under tests/fixtures."""
    return FIXTURES


@pytest.fixture
def samples() -> Path:
    return samples_dir()


def real_file(name: str) -> Path:
    """A real file from a public repository, read from ../shared/real (never copied into the
    repository); the test skips when it is not there (a clone elsewhere)."""
    path = REAL_FILES / name
    if not path.exists():
        pytest.skip(f"real file {name} not found in {REAL_FILES}")
    return path


class CliResult:
    def __init__(self, completed: subprocess.CompletedProcess[str]) -> None:
        self.code = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr

    @property
    def json(self) -> dict:
        return json.loads(self.stdout)


@pytest.fixture
def run_cli():
    """Run ``python -m aimsi_ebay ARGS`` in a subprocess, as a scheduled job would."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> CliResult:
        completed = subprocess.run(
            [sys.executable, "-m", "aimsi_ebay", *map(str, args)],
            capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env,
        )
        return CliResult(completed)

    return run


@pytest.fixture(scope="session")
def fresh_store(tmp_path_factory, demo_template, backend) -> Database:
    """One demo-store copy shared by a property test's examples (each example adds new orders)."""
    if backend == "postgres":
        url = pg.create_database(demo_template)
        yield Database(url)
        pg.drop_database(url)
        return
    path = tmp_path_factory.mktemp("store") / "store.duckdb"
    shutil.copy(demo_template, path)
    yield Database(path)
