"""Screenshot dashboards in headless Chromium on a fresh copy of the demo store.

    python scripts/screenshot.py Home.ipynb [Other.ipynb ...] [--out docs/]

Builds the demo into a temporary database, serves notebooks/ with Voilà, waits for the
widgets (``.widget-box``, not the load event) and writes ``<out>/<name>.png``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out", default="test-artifacts")
    parser.add_argument("--wait-for", default=".widget-box")
    parser.add_argument("--db", help="serve this database instead of a fresh demo")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or str(Path(folder) / "demo.duckdb")
        if not args.db:
            subprocess.run([sys.executable, "-m", "aimsi_ebay", "--db", db, "demo"], check=True)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        # The dashboards as `aimsi-ebay serve` serves them: the generated folder, its voila.json.
        from aimsi_ebay.ui.dashboards import write_dashboards

        served = write_dashboards(Path(folder) / "dashboards")
        server = subprocess.Popen(
            [sys.executable, "-m", "voila", ".", "--no-browser", f"--port={port}",
             "--Voila.ip=127.0.0.1"], cwd=served,
            env={**os.environ, "AIMSI_EBAY_DB": db, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.3)
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                for notebook in args.notebooks:
                    started = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{port}/voila/render/{notebook}")
                    page.wait_for_selector(args.wait_for, timeout=120_000)
                    page.wait_for_timeout(1500)
                    target = out / (Path(notebook).stem + ".png")
                    page.screenshot(path=str(target), full_page=True)
                    print(f"{notebook}: {time.perf_counter() - started:.1f} s -> {target}")
                browser.close()
        finally:
            server.terminate()


if __name__ == "__main__":
    main()
