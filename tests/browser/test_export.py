"""eBay export in Chromium: Refresh, uncheck one row, Export: the download appears, flags cleared."""

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.formats.ebay import listing_upload as upload
from aimsi_ebay.ops.export.batch import ExportCriteria, select_records
from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser


def flagged(db: Database) -> set[str]:
    with db.read() as con:
        return {r[0] for r in con.execute("SELECT sku FROM ebay_records WHERE update_ebay").fetchall()}


def test_export_unchecked_row_stays_flagged(page, voila_url, voila_db):
    db = Database(voila_db)
    rows = select_records(db, ExportCriteria(), "demo-store")
    prechecked = [row.sku for row in rows if row.valid and not row.account_mismatch]
    assert len(prechecked) >= 2
    first = rows[0].sku  # the grid is sorted by SKU; its first row is clicked
    before = flagged(db)

    open_dashboard(page, voila_url, "eBay_export.ipynb", ".export-refresh")
    page.select_option(".export-account select", "demo-store")
    page.click(".export-refresh")
    expected = f"{len(rows)} flagged record(s), {len(prechecked)} checked"
    page.wait_for_function(
        f"document.querySelector('.export-count').innerText.includes('{expected}')")

    # Click the "Send" cell of the first row (row header 130 px, header row 20 px, rows 20 px).
    box = page.locator(".export-grid").bounding_box()
    page.mouse.click(box["x"] + 130 + 30, box["y"] + 20 + 10)
    expected_checked = len(prechecked) - 1 if first in prechecked else len(prechecked) + 1
    page.wait_for_function(
        f"document.querySelector('.export-count').innerText.includes('{expected_checked} checked')")

    page.click(".export-run")
    link = page.wait_for_selector(".export-download a.export-download-link", timeout=60_000)
    href = link.get_attribute("href")
    assert href.startswith("../files/exports/")  # served as a file, not a data: URL
    response = page.request.get(f"{voila_url}/voila/files/exports/{href.rsplit('/', 1)[1]}")
    assert response.ok
    content = response.text()
    sent = {row["CustomLabel"] for row in upload.read_upload(content).rows}
    assert "Traceback" not in page.content()

    expected_sent = set(prechecked) ^ {first}
    expected_sent = {sku for sku in expected_sent if sku in {r.sku for r in rows if r.valid}}
    assert sent == expected_sent
    after = flagged(db)
    assert after == before - sent
    assert first in after or first not in prechecked
