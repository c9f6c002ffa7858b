"""The Templates panel of the export dashboard's Seller accounts tab (no browser)."""

from __future__ import annotations

from aimsi_ebay.ops.listings import records as listings
from aimsi_ebay.ops.listings import templates
from aimsi_ebay.ui.export.view import ExportDashboard


def _panel(demo_db):
    dashboard = ExportDashboard(demo_db)
    dashboard.accounts.choice.value = "demo-store"
    return dashboard, dashboard.accounts.templates


def test_the_accounts_templates_preview_on_a_sku(demo_db):
    dashboard, panel = _panel(demo_db)
    assert panel.layout.display == "" and "Store layout (default)" in panel.choice.options
    panel.choice.value = "Short"
    assert "{{ brand }}" in panel.source.value
    panel.sku.value = "TSH-LOGO-M"
    panel.source.value = "<p>{{ title }}</p><script>x()</script>"
    panel.children[4].children[1].click()  # Preview (unsaved source)
    title = listings.read_record(demo_db, "TSH-LOGO-M").record["title"]
    assert title in panel.preview.value and "&lt;script&gt; element" in panel.preview.value
    dashboard.accounts.choice.value = "(new account)"
    assert panel.layout.display == "none"


def test_saving_a_used_template_needs_the_tick_and_says_how_many(demo_db):
    dashboard, panel = _panel(demo_db)
    panel.choice.value = "Store layout (default)"
    users = templates.usage(demo_db, "demo-store", "Store layout")
    panel.source.value = "<h2>{{ title }}</h2>{{ description }}"
    save = panel.children[6].children[0]
    save.click()
    assert dashboard.messages.kind == "error" and f"{users} record(s)" in dashboard.messages.text
    panel.confirm.value = True
    save.click()
    assert dashboard.messages.kind == "success", dashboard.messages.text
    assert f"{users} record(s) flagged" in dashboard.messages.text
    panel.choice.value = "(new template)"
    panel.name.value, panel.source.value = "Bad", "{{ titel }}"
    save.click()
    assert dashboard.messages.kind == "error" and "line 1" in dashboard.messages.text
