"""Every dashboard's first paint, side by side with a one-button Voilà page (median of 5).

    flock /tmp/aimsi-bench.lock .venv/bin/python benchmarks/bench_first_paint.py [--runs 5] [--only eBay_export.ipynb]
    scripts/with_postgres .venv/bin/python benchmarks/bench_first_paint.py --db "$AIMSI_EBAY_TEST_PG"

Target (issue 13): each dashboard paints its first widget in at most 1.5x the time a notebook
holding one ipywidgets Button takes, on the same server and machine. Both are timed the same
way: a fresh page in Debian's Chromium goes to ``/voila/render/<name>`` and the clock stops when
the dashboard's first working widget is on the page (kernel start, imports, the first database
read and the widget render all included). The pages are opened in turn (baseline, then each
dashboard) so machine load falls on all alike. The server serves a folder holding only the
dashboards and the baseline, on a copy of the demo store. With ``--db postgresql://…`` the demo
store is built as a DuckDB file as usual and the dashboards read a PostgreSQL copy of it
(``benchmarks/pg_store.py``), beside the same one-button page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aimsi_ebay.db import Database  # noqa: E402
from aimsi_ebay.demo.store import build_demo  # noqa: E402
from aimsi_ebay.ui.dashboards import DASHBOARDS  # noqa: E402
from benchmarks.pg_store import PgStores, backend_name, stores_for  # noqa: E402

TARGET_RATIO = 1.5
BASELINE = ("Baseline_one_button.ipynb", ".bench-button")
# Each dashboard and the widget that shows it is ready to use.
READY = {
    "Home.ipynb": ".home-counts .home-count",
    "SKU_eBay_records.ipynb": ".sku-search input",
    "eBay_export.ipynb": ".export-grid",
    "Import_orders.ipynb": ".import-upload",
    "Orders.ipynb": ".orders-search-text input",
    "Shipping.ipynb": ".ship-carrier select",
    "Invoice_orders.ipynb": ".invoice-orders select",
    "Reconciliation.ipynb": ".recon-account select",
}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dashboards_folder(scratch: Path) -> Path:
    folder = scratch / "dashboards"
    folder.mkdir()
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy(notebook, folder / notebook.name)
    baseline = nbformat.v4.new_notebook()
    baseline.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    baseline.cells = [nbformat.v4.new_code_cell(
        "import ipywidgets as widgets\nbutton = widgets.Button(description='Hello')\n"
        "button.add_class('bench-button')\nbutton")]
    nbformat.write(baseline, folder / BASELINE[0])
    return folder


def serve_voila(folder: Path, database: Path | str, log: Path) -> tuple[subprocess.Popen, str]:
    port = _port()
    # Every page opened stays a live kernel until culled: the cap on open dashboards (503 past
    # it) is raised so the benchmark's 40-odd page opens are all served.
    env = {**os.environ, "AIMSI_EBAY_DB": str(database), "AIMSI_EBAY_USER": "bench",
           "PYTHONPATH": str(ROOT), "AIMSI_EBAY_MAX_DASHBOARDS": "200"}
    process = subprocess.Popen(
        [sys.executable, "-m", "voila", str(folder), "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1"], cwd=ROOT, env=env, stdout=log.open("w"),
        stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/voila/static/", timeout=1)
        except urllib.error.HTTPError:
            return process, base
        except OSError:
            time.sleep(0.3)
            continue
        return process, base
    process.kill()
    raise SystemExit(f"Voilà did not start; see {log}")


def _paint(browser, base: str, name: str, ready: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(180_000)
    started = time.perf_counter()
    page.goto(f"{base}/voila/render/{name}")
    page.wait_for_selector(ready)
    seconds = time.perf_counter() - started
    context.close()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", action="append", metavar="NOTEBOOK",
                        help="measure only this dashboard (repeatable), still beside the baseline")
    parser.add_argument("--db", help="serve the dashboards on a PostgreSQL copy of the demo store:"
                        " a postgresql:// URL of a database on the server (default: the DuckDB file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aimsi-paint-") as scratch_name, \
            stores_for(args.db, Path(scratch_name) / "data") as stores:
        return measure(args, Path(scratch_name), stores)


def measure(args: argparse.Namespace, scratch: Path, stores: PgStores | None) -> int:
    from playwright.sync_api import sync_playwright

    database: Path | str = scratch / "demo.duckdb"
    build_demo(Database(database))
    if stores:
        stores.build_template(database)
        database = stores.clone()
    folder = dashboards_folder(scratch)
    missing = [d.file_name for d in DASHBOARDS if d.file_name not in READY]
    if missing:  # every dashboard Voilà serves is measured, none skipped silently
        raise SystemExit(f"no ready-selector for {', '.join(missing)}")
    chosen = [d.file_name for d in DASHBOARDS if not args.only or d.file_name in args.only]
    if not chosen:
        raise SystemExit(f"no dashboard named {', '.join(args.only)}")
    names = [BASELINE[0], *chosen]
    process, base = serve_voila(folder, database, scratch / "voila.log")
    times: dict[str, list[float]] = {name: [] for name in names}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            _paint(browser, base, *BASELINE)  # warm the server's caches (not counted)
            for _ in range(args.runs):
                for name in names:
                    ready = BASELINE[1] if name == BASELINE[0] else READY[name]
                    times[name].append(_paint(browser, base, name, ready))
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
    baseline = statistics.median(times[BASELINE[0]])
    print(f"first paint on {backend_name(args.db)}, median of {args.runs} (target: at most"
          f" {TARGET_RATIO}x the one-button page)")
    print(f"{'page':28} {'median s':>9} {'ratio':>6}  runs")
    worst = 0.0
    for name in names:
        median = statistics.median(times[name])
        ratio = median / baseline
        if name != BASELINE[0]:
            worst = max(worst, ratio)
        runs = " ".join(f"{t:.2f}" for t in times[name])
        print(f"{name:28} {median:9.2f} {ratio:6.2f}  {runs}")
    print(f"worst dashboard: {worst:.2f}x — {'within' if worst <= TARGET_RATIO else 'ABOVE'} target")
    return 0 if worst <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
