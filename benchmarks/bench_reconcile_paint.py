"""The Reconciliation dashboard's first view over a large store, against a one-button Voilà page.

    flock /tmp/aimsi-bench.lock .venv/bin/python benchmarks/bench_reconcile_paint.py
        [--orders 1000000] [--runs 5] [--db PATH]
    scripts/with_postgres .venv/bin/python benchmarks/bench_reconcile_paint.py --db "$AIMSI_EBAY_TEST_PG"

Target (issue 18): the dashboard's first view paints within 2 s of a one-button Voilà page at
1,000,000 orders (the store ``bench_reconcile.build`` makes: 1.2 M shipments, 1 M deposits, 2 M
eBay transaction rows). Both pages are timed the same way (``bench_first_paint``): a fresh page
in Debian's Chromium goes to ``/voila/render/<name>``; the clock stops when the page's first
working widget is there — for the dashboard, its first view: the headline of deposits and
payouts (``.recon-summary``). The time until the four views have filled in the status, charts
and tabs (``.recon-balanced`` or ``.recon-problems``) is reported beside it, not part of the
target. Pages are opened in turn (baseline, dashboard), each waited for to the end, so load
falls on both alike. ``--db`` reuses a store built earlier (it is only read); ``--db
postgresql://…`` builds the store as a DuckDB file as usual and serves the dashboard on a
PostgreSQL copy of it (``benchmarks/pg_store.py``), beside the same one-button page.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_first_paint import BASELINE, CHROMIUM_ARGS, dashboards_folder, serve_voila  # noqa: E402
from bench_reconcile import build  # noqa: E402
from pg_store import PgStores, backend_name, stores_for  # noqa: E402

from aimsi_ebay.db import Database  # noqa: E402

TARGET_SECONDS = 2.0
DASHBOARD = "Reconciliation.ipynb"
FIRST_VIEW = ".recon-summary"
VIEWS_DONE = ".recon-balanced, .recon-problems"


def _open(browser, base: str, name: str, first: str, last: str | None) -> tuple[float, float]:
    """Seconds until ``first`` is on the page, and until ``last`` (or ``first``) is."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(300_000)
    started = time.perf_counter()
    page.goto(f"{base}/voila/render/{name}")
    page.wait_for_selector(first)
    painted = time.perf_counter() - started
    if last:
        page.wait_for_selector(last)
    done = time.perf_counter() - started
    context.close()
    return painted, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="a store bench_reconcile built (read only), or a "
                        "postgresql:// URL of a database on the server: serve a copy there")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="aimsi-recon-paint-") as scratch_name:
        scratch = Path(scratch_name)
        with stores_for(args.db, scratch / "data") as stores:
            return measure(args, scratch, stores, sync_playwright)


def measure(args: argparse.Namespace, scratch: Path, stores: PgStores | None,
            sync_playwright) -> int:
    database = Path(args.db) if args.db and not stores else None
    if database is None:
        database = scratch / "bench.duckdb"
        db = Database(database)
        db.migrate()
        started = time.perf_counter()
        build(db, args.orders)
        if stores:
            stores.build_template(database)
            database = stores.clone()
        print(f"built {args.orders:,} orders in {time.perf_counter() - started:.0f} s;"
              f" the dashboard reads {backend_name(stores and args.db)}")
    folder = dashboards_folder(scratch)
    process, base = serve_voila(folder, database, scratch / "voila.log")
    baseline, first, done = [], [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            _open(browser, base, *BASELINE, None)  # warm the server's caches (not counted)
            for _ in range(args.runs):
                baseline.append(_open(browser, base, *BASELINE, None)[0])
                painted, finished = _open(browser, base, DASHBOARD, FIRST_VIEW, VIEWS_DONE)
                first.append(painted)
                done.append(finished)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
    b, f, d = (statistics.median(x) for x in (baseline, first, done))
    runs = lambda xs: " ".join(f"{x:.2f}" for x in xs)  # noqa: E731
    print(f"median of {args.runs} (target: first view within {TARGET_SECONDS:g} s of the one-button page)")
    print(f"one-button page             {b:6.2f} s   {runs(baseline)}")
    print(f"Reconciliation first view   {f:6.2f} s   {runs(first)}")
    print(f"  all four views filled in  {d:6.2f} s   {runs(done)}")
    verdict = "within" if f - b <= TARGET_SECONDS else "ABOVE"
    print(f"first view − one-button page: {f - b:+.2f} s — {verdict} target")
    return 0 if f - b <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
