"""First paint: a dashboard shows its first working part without the heavy imports, and builds
the rest when the browser has the page (or when an action needs it)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import ipywidgets as widgets
import pytest

from aimsi_ebay.ui.first_paint import AfterFirstPaint, Deferred
from aimsi_ebay.ui.listings.view import SkuRecordsDashboard
from tests.conftest import ROOT


def test_the_browsers_signal_builds_the_rest_once():
    built = []
    rest = AfterFirstPaint(lambda: built.append(1))
    assert built == [] and not rest.done
    rest.signal.value = 1  # what the browser's jsdlink sends when it has the page
    rest.ensure()
    assert built == [1] and rest.done


def test_a_deferred_dashboard_is_built_right_after_the_cell_on_the_kernels_loop():
    built = widgets.Button(description="the dashboard")

    async def cell():
        shell = Deferred(lambda: built)
        assert shell.dashboard is None  # the cell returns before the dashboard is built
        await asyncio.sleep(0)  # the kernel's loop turns once the cell is done
        return shell

    shell = asyncio.run(cell())
    assert shell.dashboard is built and shell.children == (built,)


def test_a_deferred_dashboard_without_a_loop_is_built_at_once_and_errors_show():
    assert Deferred(lambda: widgets.Label("x")).dashboard is not None
    failing = Deferred(lambda: 1 / 0)
    assert failing.dashboard is None and failing.messages.kind == "error"


def test_sku_search_paints_first_and_the_editor_comes_after(demo_db):
    dashboard = SkuRecordsDashboard(demo_db, defer=True)
    assert dashboard.editor is None and dashboard.tabs not in dashboard.children
    assert "sku-search" in dashboard.search_box._dom_classes
    dashboard.rest.signal.value = 1
    assert dashboard.editor is not None and dashboard.children[-1] is dashboard.tabs


def test_a_search_before_the_rest_is_built_still_works(demo_db):
    dashboard = SkuRecordsDashboard(demo_db, defer=True)
    dashboard.search_box.value = "TSH-LOGO"
    assert "TSH-LOGO-M" in [value for _, value in dashboard.results.options]
    dashboard.results.value = "TSH-LOGO-M"
    assert dashboard.editor.title.value


FIRST_PAINT = """
import asyncio, json, sys
from aimsi_ebay.ui import open as entry
heavy = ("pandas", "ipydatagrid", "bqplot", "anywidget")
async def cell():  # as in a kernel: the cell runs on the kernel's event loop
    getattr(entry, sys.argv[1])(sys.argv[2])
    print(json.dumps([name for name in heavy if name in sys.modules]))  # when the cell ends
asyncio.run(cell())
"""


@pytest.mark.parametrize("opener", ["open_sku_records", "open_home", "open_ebay_export",
                                    "open_import_orders", "open_orders", "open_shipping",
                                    "open_invoice_orders"])
def test_first_paint_imports_nothing_heavy(opener, demo_db):
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT, opener, str(demo_db.path)],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert json.loads(out.splitlines()[-1]) == []
