"""Shipping without a browser: the queue, files, upload with progress, watch folder, eBay file."""

from __future__ import annotations

import base64
import re
import shutil

import pytest

from aimsi_ebay.ops.shipping.demo import SAMPLE_CSV
from aimsi_ebay.ui.shipping.view import ShippingDashboard


@pytest.fixture
def dashboard(demo_db, demo_template_folder, monkeypatch):
    monkeypatch.setenv("AIMSI_EBAY_DATA", str(demo_db.path.parent))
    shutil.copytree(demo_template_folder / "shipping", demo_db.path.parent / "shipping")
    return ShippingDashboard(demo_db)


def upload(view, name: str, data: bytes) -> None:
    view.upload.set_state({"value": [{"name": name, "type": "text/csv", "size": len(data),
                                      "last_modified": 0, "content": memoryview(data)}]})


def test_the_queue_shows_states_and_problems(dashboard):
    queue = dashboard.model.queue
    assert set(queue["state_of_order"]) == {"ready", "partly shipped", "left out"}
    problems = " ".join(queue["problems"])
    assert "awaiting payment" in problems and "no street address" in problems
    assert "not in the table" in problems
    assert "left out" in dashboard.counts.value


def test_upload_shows_results_rejections_and_search_finds_the_package(dashboard, demo_db):
    data = (demo_db.path.parent / "shipping" / "samples" / SAMPLE_CSV).read_bytes()
    upload(dashboard, SAMPLE_CSV, data)
    assert "5 package(s) added" in dashboard.import_result.value
    assert "no order 999999" in dashboard.rejected.value
    assert dashboard.progress.value == dashboard.progress.max == 3
    assert "1ZDEMO000000000016" in dashboard.voids.value  # voided in the same file
    dashboard.search_text.value = "demo000000000011"
    dashboard.search_button.click()
    assert "1ZDEMO000000000011" in dashboard.search_result.value
    assert "$12.10" in dashboard.search_result.value and "shipped" in dashboard.search_result.value


def test_bad_upload_shows_one_message_no_traceback(dashboard):
    upload(dashboard, "notes.csv", b"not a carrier file\n")
    assert dashboard.messages.kind == "error" and "notes.csv" in dashboard.messages.text


def test_watch_folder_and_ebay_file_download(dashboard):
    dashboard.watch_button.click()
    assert "DEMO_AUTOIMPORT.Out" in dashboard.import_result.value
    assert "refused by the carrier" in dashboard.rejected.value
    dashboard.tracking_button.click()
    link = re.search(r'base64,([^"]+)"', dashboard.tracking_result.value)
    text = base64.b64decode(link.group(1)).decode()
    assert text.startswith("Shipping Status,Order Number") and "1ZDEMO000000000021" in text
    dashboard.tracking_button.click()
    assert dashboard.tracking_result.value == "Nothing new to upload."


def test_lookup_and_auto_import_buttons(dashboard, demo_db):
    dashboard.lookup_button.click()
    assert "UPSORDERS.CSV" in dashboard.files_result.value
    dashboard.orders_pick.value = tuple(dashboard.orders_pick.options[:2])
    dashboard.auto_button.click()
    assert dashboard.messages.kind == "success" and ".xml" in dashboard.messages.text


def test_deferred_page_paints_the_carrier_first_and_builds_the_queue_on_first_use(demo_db):
    """Served, the page shows the carrier choice and the search before any read; choosing a
    carrier (or any action) builds the queue for the carrier chosen."""
    view = ShippingDashboard(demo_db, defer=True)
    assert view.model is None and not view.rest.done
    assert not any("ship-queue" in child._dom_classes for child in view.children)
    view.carrier.value = "fedex"
    assert view.rest.done and view.model.carrier == "fedex"
    assert any("ship-queue" in child._dom_classes for child in view.children)
    assert "ready" in view.counts.value
