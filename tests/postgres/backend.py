"""The PostgreSQL side of the test fixtures: a database per test, cloned from a template.

``scripts/with_postgres`` starts a throwaway server and exports ``AIMSI_EBAY_TEST_PG`` (a URL to
its database ``aimsi``). Each test gets its own database: ``CREATE DATABASE … TEMPLATE`` copies a
migrated (or demo) database in ~0.1 s, far faster than migrating or building the demo again.
"""

from __future__ import annotations

import itertools
import os
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV_TEST_PG = "AIMSI_EBAY_TEST_PG"
_counter = itertools.count()


def server_url() -> str:
    """The test server's URL, or skip the test (no server for this run)."""
    url = os.environ.get(ENV_TEST_PG)
    if not url:
        pytest.skip(f"no PostgreSQL for this run (run under scripts/with_postgres to set ${ENV_TEST_PG})")
    return url


def url_of(name: str) -> str:
    """The URL of database ``name`` on the test server."""
    parts = urlsplit(server_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin():
    import psycopg

    return psycopg.connect(server_url(), autocommit=True)


def create_database(template: str | None = None, prefix: str = "t") -> str:
    """A new empty (or ``template``-cloned) database; returns its URL."""
    name = f"{prefix}_{os.getpid()}_{next(_counter)}"
    with _admin() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        clause = f" TEMPLATE {template}" if template else ""
        admin.execute(f"CREATE DATABASE {name}{clause}")
    return url_of(name)


def drop_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with _admin() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def name_of(url: str) -> str:
    return urlsplit(url).path.lstrip("/")
