"""Shared fixtures: fresh and demo databases (sqlite-utils' fresh_db), CLI runner."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.demo.store import build_demo

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL_FILES = ROOT.parent / "shared" / "real"  # public real files beside the checkout, if any


@pytest.fixture
def fresh_db(tmp_path) -> Database:
    """An empty, migrated database in a temporary folder."""
    db = Database(tmp_path / "fresh.duckdb")
    db.migrate()
    return db


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo store, built once per test session; copy it, never write to it."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.duckdb"
    build_demo(Database(path))
    return path


@pytest.fixture
def demo_db(tmp_path, demo_template) -> Database:
    """A private copy of the demo store."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_template, path)
    return Database(path)


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
def fresh_store(tmp_path_factory, demo_template) -> Database:
    """One demo-store copy shared by a property test's examples (each example adds new orders)."""
    path = tmp_path_factory.mktemp("store") / "store.duckdb"
    shutil.copy(demo_template, path)
    return Database(path)
