"""Many viewers, bounded memory: 50 page opens and closes, then the closed tabs' kernels go while
an open page keeps working. Measured on a server with the shipped voila.json culling rules but
shorter times (so the test waits seconds, not minutes); the shipped times are checked too."""

from __future__ import annotations

import contextlib
import json
import time

import psutil
import pytest

from tests.browser.conftest import ARTIFACTS, ROOT, start_voila, stop_voila

pytestmark = pytest.mark.browser
OPENS = 50
# The browser tier runs on two workers: another test's pages share the CPU with these opens.
PAGE_TIMEOUT_MS = 180_000


def test_shipped_culling_rules_end_closed_tabs_kernels_within_minutes():
    rules = json.loads((ROOT / "voila.json").read_text())["MappingKernelManager"]
    assert rules["cull_connected"] is False  # an open page's kernel is never culled
    assert rules["cull_idle_timeout"] + rules["cull_interval"] <= 300


def _kernels(server: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in server.children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            pass
    return found


def _rss_mib(processes) -> float:
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            total += process.memory_info().rss
    return total / 2**20


def test_fifty_opens_and_closes_leave_no_kernels_behind(browser, voila_db):
    process, base = start_voila(
        voila_db, "voila-kernels.log", "--MappingKernelManager.cull_idle_timeout=8",
        "--MappingKernelManager.cull_interval=2")
    try:
        server = psutil.Process(process.pid)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        keeper = context.new_page()
        keeper.set_default_timeout(PAGE_TIMEOUT_MS)
        keeper.goto(f"{base}/voila/render/Home.ipynb")
        keeper.wait_for_selector(".home-counts .home-count")
        started = time.monotonic()
        peak = 0
        for _ in range(OPENS):
            page = context.new_page()
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.goto(f"{base}/voila/render/Home.ipynb")
            page.wait_for_selector(".home-counts .home-count")
            page.close()
            peak = max(peak, len(_kernels(server)))
        after_opens = _kernels(server)
        rss_after_opens = _rss_mib(after_opens)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(_kernels(server)) > 1:
            time.sleep(2)
        left = _kernels(server)
        summary = (f"{OPENS} opens in {time.monotonic() - started:.0f} s; kernels: peak {peak}, "
                   f"after the opens {len(after_opens)} ({rss_after_opens:.0f} MiB), after culling "
                   f"{len(left)} ({_rss_mib(left):.0f} MiB)")
        (ARTIFACTS / "kernels.txt").write_text(summary + "\n")
        print(summary)
        assert len(left) == 1, summary  # only the open page's kernel
        keeper.click(".home-refresh")  # the open page still works
        keeper.wait_for_function(
            "document.querySelector('.home-dashboard').innerText.includes('read in')")
        assert "Traceback" not in keeper.content()
        context.close()
    finally:
        stop_voila(process)
