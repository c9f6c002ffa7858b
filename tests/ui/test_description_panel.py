"""The SKU editor's Description panel: the rich-text editor's Apply goes through the sanitiser."""

from __future__ import annotations

from aimsi_ebay.ops.listings import records as listings
from aimsi_ebay.ui.listings.description_panel import TARGET_CLASS, DescriptionPanel, reason_for
from aimsi_ebay.ui.listings.view import SkuRecordsDashboard


def test_the_description_box_is_the_editors_right_click_target():
    panel = DescriptionPanel()
    assert TARGET_CLASS in panel.description._dom_classes
    assert panel.editor.target_class == TARGET_CLASS
    assert panel.editor.button_label == "Edit formatted…"


def test_apply_sanitises_turns_html_on_and_says_what_went_and_why():
    panel = DescriptionPanel()
    panel.set("Plain <b> text", False)
    assert panel.editor.value == "<p>Plain &lt;b&gt; text</p>"  # the editor opens on the box
    panel.editor.value = "<p><strong>Good</strong></p><script>alert(1)</script><ul><li>a</li></ul>"
    assert panel.is_html.value is True
    assert panel.description.value == "<p><strong>Good</strong></p><ul><li>a</li></ul>"
    assert "script" not in panel.preview.value and "<strong>Good</strong>" in panel.preview.value
    assert "&lt;script&gt; element" in panel.applied_removed.value
    assert "scripts are active content" in panel.applied_removed.value
    assert panel.editor.value == panel.description.value  # no echo loop, one clean value
    panel.set("other", False)
    assert panel.applied_removed.value == ""


def test_typed_html_shows_what_saving_removes_with_a_reason():
    panel = DescriptionPanel()
    panel.set('<p onclick="x()">Hi</p>', True)
    assert "onclick attribute" in panel.removed.value and "event handlers" in panel.removed.value
    assert reason_for("http link (eBay requires https)") == "eBay requires https links"


def test_dashboard_apply_then_save_stores_the_sanitised_html(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.open_sku("TSH-LOGO-M")
    dashboard.editor.description_panel.editor.value = (
        "<p>Soft <strong>cotton</strong></p><ul><li><p>Logo</p></li></ul><script>x()</script>")
    dashboard.editor.save_button.click()
    assert dashboard.bar.kind == "success", dashboard.bar.text
    record = listings.read_record(demo_db, "TSH-LOGO-M").record
    assert record["description_is_html"] is True
    assert "<strong>cotton</strong>" in record["description"] and "<ul>" in record["description"]
    assert "script" not in record["description"]
