"""Home renders in Chromium with the demo store's real counts."""

import time

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ops.attention import attention_counts
from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser


def test_home_shows_the_demo_counts(page, voila_url, voila_db):
    expected = {item.key: item.count for item in attention_counts(Database(voila_db))}
    assert expected["flagged_for_export"] > 0 and expected["orders_to_ship"] > 0

    started = time.perf_counter()
    open_dashboard(page, voila_url, "Home.ipynb", ".home-count-value")
    print(f"Home cold render: {time.perf_counter() - started:.1f} s")

    shown = {
        element.get_attribute("data-key"): int(element.inner_text().replace(",", ""))
        for element in page.query_selector_all(".home-count-value")
    }
    assert shown == expected
    assert "Traceback" not in page.content()
