"""First paint: a dashboard shows its first working part without the heavy imports, and builds
the rest when the browser has the page (or when an action needs it)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from aimsi_ebay.ui.first_paint import AfterFirstPaint
from aimsi_ebay.ui.listings.view import SkuRecordsDashboard
from tests.conftest import ROOT


def test_the_browsers_signal_builds_the_rest_once():
    built = []
    rest = AfterFirstPaint(lambda: built.append(1))
    assert built == [] and not rest.done
    rest.signal.value = 1  # what the browser's jsdlink sends when it has the page
    rest.ensure()
    assert built == [1] and rest.done


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
import aimsi_ebay.ui.first_paint as first_paint
warmed = []
first_paint.warm_imports = lambda *names: warmed.extend(names)  # what the thread would load
from aimsi_ebay.ui import open as entry
heavy = ("pandas", "ipydatagrid", "bqplot", "anywidget", "pyarrow", "fpdf")
async def cell():  # as in a kernel: the cell runs on the kernel's event loop
    getattr(entry, sys.argv[1])(sys.argv[2])
    loaded = [name for name in heavy if name in sys.modules]  # when the cell ends
    print(json.dumps({"loaded": loaded, "warmed": warmed}))
asyncio.run(cell())
"""


@pytest.mark.parametrize("opener", ["open_sku_records", "open_home", "open_orders",
                                    "open_ebay_export", "open_invoice_orders",
                                    "open_import_orders"])
def test_first_paint_imports_nothing_heavy(opener, demo_db):
    """The first reads bind no parameter (``sql.literal``): DuckDB 1.5's Python client imports
    pandas to look at any bound parameter, so a single ``?`` would bring it along. Nor does a
    first paint load pyarrow (only the PostgreSQL backend's id function needs it at start) or
    the PDF library (Invoice orders needs it to print)."""
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT, opener, demo_db.environment_value],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert json.loads(out.splitlines()[-1])["loaded"] == []


def test_the_export_warms_its_grid_libraries_while_the_browser_loads(demo_db):
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT, "open_ebay_export",
                          demo_db.environment_value], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out.splitlines()[-1])["warmed"] == ["ipydatagrid", "pandas"]


def test_warm_imports_loads_the_modules_in_the_background():
    import importlib

    from aimsi_ebay.ui.first_paint import warm_imports

    warm_imports("json.tool", "no_such_module_xyz").join(timeout=30)  # a failure is only logged
    assert "json.tool" in sys.modules
    assert importlib.util.find_spec("no_such_module_xyz") is None


def test_export_paints_its_form_first_and_the_grid_comes_after(demo_db):
    from aimsi_ebay.ui.export.view import ExportDashboard

    dashboard = ExportDashboard(demo_db, defer=True)
    assert dashboard.grid is None and dashboard.history is None
    assert "Reading the flagged records" in dashboard.count.value  # read in a thread meanwhile
    assert dashboard.model.rows == [] and dashboard.account.options == ()
    dashboard.rest.signal.value = 1  # the browser has the page
    assert "export-grid" in dashboard.grid._dom_classes
    assert dashboard.grid_slot.children == (dashboard.grid,)
    assert "flagged record(s)" in dashboard.count.value
    assert len(dashboard.grid.data) == len(dashboard.model.rows) > 0
    assert dashboard.account.value == dashboard.model.account in dashboard.account.options


def test_the_exports_first_read_is_one_read_in_a_background_thread(demo_db, monkeypatch):
    """Accounts, the busiest account and the selection come from one connection, opened off
    the main thread (each open of the file costs; the kernel is idle while the browser loads)."""
    import threading

    from aimsi_ebay.ui.export.view import ExportDashboard

    opened = []
    real_read = type(demo_db).read

    def read(self):
        opened.append(threading.current_thread().name)
        return real_read(self)

    monkeypatch.setattr(type(demo_db), "read", read)
    dashboard = ExportDashboard(demo_db, defer=True)
    dashboard.rest.ensure()
    assert opened == ["aimsi-prefetch"]
    assert dashboard.model.rows and dashboard.account.value


def test_the_exports_first_read_failing_is_said_and_the_grid_still_comes(demo_db, monkeypatch):
    from aimsi_ebay.errors import InputError
    from aimsi_ebay.ops.export import selection
    from aimsi_ebay.ui.export.view import ExportDashboard

    def fail(*args, **kwargs):
        raise InputError("the store is being replaced")

    monkeypatch.setattr(selection, "opening", fail)
    dashboard = ExportDashboard(demo_db, defer=True)
    dashboard.rest.ensure()
    assert "the store is being replaced" in dashboard.messages.value
    assert dashboard.grid is not None and len(dashboard.grid.data) == 0


def test_an_export_action_before_the_grid_is_built_builds_it(demo_db):
    from aimsi_ebay.ui.export.view import ExportDashboard

    dashboard = ExportDashboard(demo_db, defer=True)
    dashboard.check_none.click()
    assert dashboard.grid is not None and dashboard.model.checked == set()


def test_orders_search_paints_first_and_the_grid_comes_after(demo_db):
    from aimsi_ebay.ui.orders.view import OrdersDashboard

    dashboard = OrdersDashboard(demo_db, defer=True)
    assert dashboard.grid is None and dashboard.status is None
    dashboard.search_text.value = "no such order"  # Enter: a search before the grid is
    # built builds it, with this search as its first read
    assert dashboard.grid is not None and dashboard.grid in dashboard.children
    assert "orders-count-value'>0<" in dashboard.count.value
    dashboard.search_text.value = ""
    assert len(dashboard.grid.data) == len(dashboard.model.rows) > 0
    dashboard.status.value = dashboard.status.options[1]  # the filter works once built
    assert dashboard.messages.kind != "error"


def test_import_orders_paints_its_choices_first_and_the_grid_comes_after(demo_db):
    from aimsi_ebay.ui.sales_import.view import ImportOrdersDashboard

    dashboard = ImportOrdersDashboard(demo_db, defer=True)
    assert dashboard.rest_slot.children == () and not hasattr(dashboard, "grid")
    assert "import-upload" in dashboard.upload._dom_classes
    dashboard.rest.signal.value = 1  # the browser has the page
    assert dashboard.rest_slot.children[0] is dashboard.grid
    assert dashboard.account.options and dashboard.inbox.options  # the demo's inbox has files


def test_an_import_action_before_the_rest_is_built_builds_it(demo_db):
    from aimsi_ebay.ui.sales_import.view import ImportOrdersDashboard

    dashboard = ImportOrdersDashboard(demo_db, defer=True)
    dashboard.unmatched.value = "create"
    assert dashboard.model.unmatched == "create" and dashboard.rest_slot.children
