"""The browser tier: Voilà on a temporary demo database, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ui.dashboards import write_dashboards
from tests.conftest import ROOT
from tests.postgres import backend as pg

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def voila_db(tmp_path_factory, demo_template, backend) -> Path | str:
    """The database a test file's Voilà serves: its own copy of the demo store, so that no test
    depends on what another file did before it (shipping using up the stock an export test
    needs, say). On PostgreSQL the URL of a database cloned from the demo's, whose data folder
    (``$AIMSI_EBAY_DATA``, for the test and its Voilà alike) is the test file's own."""
    folder = tmp_path_factory.mktemp("voila")
    if backend == "postgres":
        url = pg.create_database(demo_template)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("AIMSI_EBAY_DATA", str(folder))
            yield url
        pg.drop_database(url)
        return
    path = folder / "browser.duckdb"
    shutil.copy(demo_template, path)
    yield path


def dashboards_folder(database: Path | str) -> Path:
    """A folder holding only the dashboards (never notebooks/analysis/): the shape
    ``aimsi-ebay serve`` serves, in the database's data folder."""
    return write_dashboards(Database(database).path.parent / "dashboards")


def start_voila(database: Path | str, log_name: str, *extra: str) -> tuple[subprocess.Popen, str]:
    """A Voilà server on the dashboards of ``database``, as ``aimsi-ebay serve`` runs it (the
    generated dashboards folder, with the shipped voila.json, as its working folder)."""
    port = _free_port()
    # One server serves the whole tier: every test's pages stay open until culled, so the cap on
    # open dashboards (tested on its own in tests/cli) is raised here.
    env = {**os.environ, "AIMSI_EBAY_DB": str(database), "AIMSI_EBAY_USER": "browser-test",
           "AIMSI_EBAY_MAX_DASHBOARDS": "60"}
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / log_name, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [sys.executable, "-m", "voila", ".", "--no-browser",
         f"--port={port}", "--Voila.ip=127.0.0.1", *extra],
        cwd=dashboards_folder(database), env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/voila/static/", timeout=1)
        except urllib.error.HTTPError:
            break  # the server answers
        except OSError:
            time.sleep(0.3)
            continue
        break
    else:
        process.kill()
        pytest.fail(f"Voilà did not start within 60 s; see test-artifacts/{log_name}")
    return process, base


def stop_voila(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def voila_url(voila_db, request) -> str:
    """Base URL of a Voilà server on ``voila_db``; stopped at the end of the test file."""
    process, base = start_voila(voila_db, f"voila-{request.module.__name__.rsplit('.', 1)[-1]}.log")
    yield base
    stop_voila(process)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright (Playwright cannot download its own browser here)."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("chromium is not installed: run ./scripts/test, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh page; its screenshot is kept in test-artifacts/ when the test fails."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def open_dashboard(page, voila_url: str, notebook: str, ready_selector: str):
    """Open a dashboard and wait for one of its widgets (not for the load event)."""
    page.goto(f"{voila_url}/voila/render/{notebook}")
    page.wait_for_selector(ready_selector, timeout=90_000)
    return page


# The longest browser test file first: on two workers it then runs beside all the others.
LONGEST_FIRST = ("test_kernels.py",)


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.path.name not in LONGEST_FIRST)
