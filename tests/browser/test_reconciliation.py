"""Reconciliation in Chromium, offline: the charts render from the local lab extension (every
non-loopback request is blocked and fails the test), a filter changes them, an export downloads."""

from pathlib import Path

import pytest

from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser

# Voilà's own "lab" template (not this dashboard) links Font Awesome from jsDelivr for button
# icons (share/jupyter/voila/templates/lab/index.html.j2). Blocked like every other request —
# the page works without it — but not counted against the charts; reported to the lead
# (the fix is a local template for every dashboard, in voila.json's owner's hands).
VOILA_TEMPLATE_CDN = ("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@",)


def test_charts_render_offline_filter_changes_them_export_downloads(page, voila_url):
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", guard)
    open_dashboard(page, voila_url, "Reconciliation.ipynb", ".recon-chart-margin-month svg rect.bar")
    title = page.locator(".recon-chart-margin-month .mainheading")
    page.wait_for_function(
        "document.querySelector('.recon-chart-margin-month .mainheading')"
        ".textContent.includes('total')")
    before = title.text_content()
    assert page.locator(".recon-chart-deposits-age svg rect.bar").count() == 4
    for key in ("margin-service", "fee-share"):
        assert page.locator(f".recon-chart-{key} svg rect.bar").count() >= 1

    page.select_option(".recon-account select", "demo-outlet")
    page.wait_for_function(
        "t => document.querySelector('.recon-chart-margin-month .mainheading').textContent !== t",
        arg=before)
    assert title.text_content() != before

    page.select_option(".recon-export-view select", "shipping")
    page.click(".recon-export-csv")
    link = page.wait_for_selector("a.recon-download-link")
    with page.expect_download() as download:
        link.click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename.endswith(".csv")
    assert content.startswith("Shipping per order") and "demo-outlet" in content
    assert "demo-store" not in content
    assert "Traceback" not in page.content()
    ours = [url for url in outside if not url.startswith(VOILA_TEMPLATE_CDN)]
    assert ours == [], f"the page reached outside: {ours}"
