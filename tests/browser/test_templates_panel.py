"""The export dashboard's Templates panel in Chromium, as a manager uses it.

Open the panel (Seller accounts tab, the account), edit a template with a misspelt placeholder:
one line names the line and the placeholder. Fix it, preview it on a SKU, save: the records that
use the template are re-flagged only after the count is shown and the box is ticked.
"""

from __future__ import annotations

import pytest

from aimsi_ebay.db import Database
from aimsi_ebay.ops.listings import templates
from tests.browser.conftest import open_dashboard

pytestmark = pytest.mark.browser

ACCOUNT = "demo-store"
NAME = "Browser test"
MESSAGE = ".aimsi-message"


def _flags(db: Database, skus: list[str]) -> dict[str, bool]:
    with db.read() as con:
        return dict(con.execute("SELECT sku, update_ebay FROM ebay_records"
                                " WHERE sku IN (SELECT unnest(?))", [skus]).fetchall())


def _source(db: Database) -> str:
    return next(t.source for t in templates.list_templates(db, ACCOUNT) if t.name == NAME)


def _message(page, *parts: str) -> str:
    """Wait until the message bar shows every one of ``parts``; its text."""
    checks = " && ".join(f"t.includes({part!r})" for part in parts)
    page.wait_for_function(
        f"(() => {{ const m = document.querySelector('{MESSAGE}');"
        f" const t = m ? m.innerText : ''; return {checks}; }})()")
    return page.inner_text(MESSAGE)


def test_edit_preview_and_save_a_template(page, voila_url, voila_db):
    db = Database(voila_db)
    with db.read() as con:
        skus = [row[0] for row in con.execute(
            "SELECT sku FROM ebay_records WHERE account_id = (SELECT account_id FROM"
            " seller_accounts WHERE name = ?) ORDER BY sku LIMIT 2", [ACCOUNT]).fetchall()]
        title = con.execute("SELECT title FROM ebay_records WHERE sku = ?", [skus[0]]).fetchone()[0]
    templates.save_template(db, ACCOUNT, NAME, "<p>{{ title }}</p>")
    templates.assign_template(db, ACCOUNT, NAME, skus)
    with db.write() as con:  # exported already: a change of template must flag them again
        con.execute("UPDATE ebay_records SET update_ebay = FALSE WHERE sku IN (SELECT unnest(?))",
                    [skus])
    try:
        open_dashboard(page, voila_url, "eBay_export.ipynb", ".export-refresh")
        page.click(".lm-TabBar-tab:has-text('Seller accounts')")
        page.select_option(".export-accounts-choice select", ACCOUNT)
        page.wait_for_selector(".templates-panel", state="visible")
        page.select_option(".templates-choice select", NAME)
        page.wait_for_function(
            "document.querySelector('.templates-source textarea').value.includes('title')")

        # A misspelt placeholder: one line with the template, the line and the name.
        page.fill(".templates-source textarea", "<p>{{ title }}</p>\n<p>{{ colr }}</p>")
        page.click("button.templates-save")
        text = _message(page, "line 2", "colr")
        assert "did you mean colour" in text and "\n" not in text.strip()
        assert "Traceback" not in page.content()
        assert _source(db) == "<p>{{ title }}</p>"  # not saved

        # Fixed: the preview on a SKU shows its title.
        fixed = "<p>{{ title }}</p>\n<p>Colour: {{ colour }}</p>"
        page.fill(".templates-source textarea", fixed)
        page.fill(".templates-sku input", skus[0])
        page.click("button.templates-preview")
        page.wait_for_function(
            "document.querySelector('.widget-html.templates-preview').innerText"
            ".includes('Colour:')")
        assert title.split()[0] in page.inner_text(".widget-html.templates-preview")

        # Save: first the count and a refusal; nothing changes until the box is ticked.
        page.click("button.templates-save")
        _message(page, f"{len(skus)} record(s)", "confirm")
        assert _flags(db, skus) == dict.fromkeys(skus, False)
        assert _source(db) == "<p>{{ title }}</p>"
        page.check(".templates-confirm input")
        page.click("button.templates-save")
        _message(page, "saved", f"{len(skus)} record(s) flagged")
        assert _flags(db, skus) == dict.fromkeys(skus, True)
        assert _source(db) == fixed
    finally:
        templates.delete_template(db, ACCOUNT, NAME, confirm=True)
