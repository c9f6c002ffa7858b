"""The rich-text editor in Chromium under Voilà: opened by right-click, formatting reaches Python.

Runs a test-only notebook (tests/browser/notebooks/) on its own Voilà server and blocks every
request that does not go to 127.0.0.1: an editor that reached for a CDN would fail here.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote

import pytest
from jupyter_core.paths import jupyter_path

from tests.browser.conftest import ARTIFACTS, _free_port
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

NOTEBOOKS = ROOT / "tests" / "browser" / "notebooks"
DIALOG = ".test-editor-dialog"


@pytest.fixture(scope="module")
def widget_url() -> str:
    """A Voilà server on the test-only notebooks; stopped when the module is done."""
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "voila-widgets.log", "w")  # noqa: SIM115 - closed at teardown
    process = subprocess.Popen(
        [sys.executable, "-m", "voila", str(NOTEBOOKS), "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/voila/static/", timeout=1)
            break
        except urllib.error.HTTPError:
            break  # the server answers
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("Voilà did not start within 60 s; see test-artifacts/voila-widgets.log")
            time.sleep(0.3)
    yield f"{base}/voila/render/rich_text_editor.ipynb"
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def _voila_template_cdn_links() -> set[str]:
    """The https:// stylesheets Voilà's own lab template links (Font Awesome on jsDelivr).

    Not this widget's doing: the allowance is exactly these URLs, read from the installed
    template, and ``test_voila_template_fetches_from_a_cdn`` below keeps it visible.
    """
    for folder in jupyter_path("voila", "templates", "lab"):
        template = Path(folder) / "index.html.j2"
        if template.exists():
            return set(re.findall(r'href="(https://[^"]+)"', template.read_text()))
    return set()


@pytest.fixture
def outside_requests() -> list[str]:
    return []


@pytest.fixture
def offline_page(page, widget_url, outside_requests):
    """The test page with every non-loopback request refused and recorded.

    Fails on any such request except the stylesheets Voilà's template itself links.
    """
    outside = outside_requests

    def route(request_route):
        url = request_route.request.url
        if url.startswith("http://127.0.0.1") or url.startswith(("blob:", "data:")):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(widget_url)
    page.wait_for_selector(".test-description textarea", timeout=90_000)
    page.wait_for_selector(".test-editor .rte-open")
    yield page
    voila_own = _voila_template_cdn_links()
    ours = [url for url in outside if unquote(url) not in voila_own]
    assert ours == [], f"requests left the machine: {ours}"


def _applied(page, count: int) -> str:
    """Wait for the kernel's ``count``-th value change; return the HTML it received."""
    page.wait_for_function(
        "n => document.querySelector('.rte-applied')?.textContent.trim() === String(n)", arg=count
    )
    return page.locator(".rte-echo pre").inner_text()


def test_right_click_bold_and_list_reach_python(offline_page):
    page = offline_page
    dialog = page.locator(DIALOG)
    assert not dialog.is_visible()

    page.locator(".test-description textarea").click(button="right")
    dialog.wait_for(state="visible")
    editable = dialog.locator(".ProseMirror")
    editable.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Control+Shift+ArrowLeft")  # the word "top"
    dialog.locator(".rte-btn-bold").click()
    assert dialog.locator(".rte-btn-bold").get_attribute("aria-pressed") == "true"
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    dialog.locator(".rte-btn-bullet-list").click()
    page.keyboard.type("Hard case")
    page.keyboard.press("Enter")
    page.keyboard.type("Strap")
    assert editable.locator("ul li").count() == 2
    dialog.locator(".rte-apply").click()

    received = _applied(page, 1)
    assert "<strong>top</strong>" in received
    assert "<ul><li><p>Hard case</p></li><li><p>Strap</p></li></ul>" in received
    assert not dialog.is_visible()
    # The kernel copied the value into the Description box: the round trip is complete.
    assert "<strong>top</strong>" in page.locator(".test-description textarea").input_value()


def test_button_source_view_and_cancel(offline_page):
    page = offline_page
    dialog = page.locator(DIALOG)

    page.locator(".test-editor .rte-open").click()
    dialog.wait_for(state="visible")
    dialog.locator(".rte-source-toggle").click()
    source = dialog.locator(".rte-source")
    assert source.input_value() == "<p>Solid spruce top</p>"
    dialog.locator(".rte-cancel").click()
    dialog.wait_for(state="hidden")

    page.locator(".test-editor .rte-open").click()
    dialog.wait_for(state="visible")
    dialog.locator(".rte-btn-table").click()
    assert dialog.locator(".ProseMirror table th").count() == 3
    dialog.locator(".rte-source-toggle").click()
    typed = source.input_value()
    assert "<table" in typed and "<th" in typed
    source.fill(typed + '<p><font color="red">kept as typed</font></p>')
    dialog.locator(".rte-apply").click()

    received = _applied(page, 1)  # the Cancel above changed nothing
    assert "<table" in received
    assert '<font color="red">kept as typed</font>' in received


def test_the_page_fetches_nothing_from_a_cdn(offline_page, outside_requests):
    """The dashboards' template ("aimsi") drops the lab template's Font Awesome CDN links."""
    offline_page.locator(".test-editor .rte-open").wait_for()
    assert outside_requests == []
