"""The SKU eBay records dashboard without a browser: model logic and widget callbacks."""

from __future__ import annotations

from decimal import Decimal

from aimsi_ebay.ops.listings import records as listings
from aimsi_ebay.ui.listings.model import SkuRecordsModel
from aimsi_ebay.ui.listings.view import SkuRecordsDashboard


def test_model_search_groups_variants_under_their_item(demo_db):
    model = SkuRecordsModel(demo_db)
    options = model.search("TSH-LOGO")
    assert options[0][1] == "" and options[0][0].startswith("▸ ")
    assert [value for _, value in options[1:]] == sorted(value for _, value in options[1:])
    assert len(options) == 8


def test_model_format_change_keeps_only_valid_durations(demo_db):
    model = SkuRecordsModel(demo_db)
    model.load("TSH-LOGO-M")
    assert model.set_format("Auction") == "1"
    model.form.values["duration"] = "7"
    assert model.set_format("Auction") == "7"
    assert model.set_format("FixedPrice") == "GTC"
    assert model.durations_for("Auction") == ("1", "3", "5", "7", "10")


def test_model_preview_is_sanitised_or_escaped(demo_db):
    model = SkuRecordsModel(demo_db)
    html_preview = model.preview('<p onclick="x()">Hi</p><script>bad()</script>', True)
    assert "script" not in html_preview and "onclick" not in html_preview and "Hi" in html_preview
    assert model.preview("<b>plain</b>\nline", False) == "&lt;b&gt;plain&lt;/b&gt;<br>line"
    assert model.count("x" * 81, 80) == "81/80 — too long"


def test_model_images_move_and_check_uses_the_rules(demo_db):
    model = SkuRecordsModel(demo_db)
    model.load("TSH-LOGO-M")
    first, second = model.form.images[:2]
    model.move_image(0, 1)
    assert model.form.images[:2] == [second, first]
    model.move_image(0, -1)  # nothing above the first slot
    assert model.form.images[:2] == [second, first]
    model.form.values["title"] = "x" * 81
    model.form.images[3] = "http://insecure.example/x.jpg"
    assert {p.field for p in model.check() if p.severity == "error"} == {"title", "images"}


def test_dashboard_edit_and_save_writes_the_record(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.search_box.value = "tsh-logo"
    dashboard.find_button.click()
    assert "TSH-LOGO-M" in [value for _, value in dashboard.results.options]
    dashboard.results.value = "TSH-LOGO-M"
    assert dashboard.title.value and dashboard.duration.options == ("GTC",)
    dashboard.format.value = "Auction"
    assert dashboard.duration.options == ("1", "3", "5", "7", "10")
    dashboard.format.value = "FixedPrice"
    dashboard.start_price.value = "24.50"
    dashboard.update_ebay.value = True
    dashboard.save_button.click()
    assert dashboard.bar.kind == "success", dashboard.bar.text
    record = listings.read_record(demo_db, "TSH-LOGO-M").record
    assert record["start_price"] == Decimal("24.50") and record["update_ebay"] is True


def test_dashboard_shows_errors_inline_and_saves_nothing(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.open_sku("TSH-LOGO-M")
    dashboard.title.value = "y" * 90
    assert dashboard.title_count.value == "90/80 — too long"
    dashboard.save_button.click()
    assert dashboard.bar.kind == "error" and "sku-problem-error" in dashboard.problems.value
    assert listings.read_record(demo_db, "TSH-LOGO-M").record["version"] == 1
    dashboard.title.value = "Logo tee"
    dashboard.start_price.value = "12.3x"
    dashboard.save_button.click()  # a bad amount: a message, never a traceback
    assert dashboard.bar.kind == "error" and "12.3x" in dashboard.bar.text


def test_dashboard_category_picker_drills_down_and_searches(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.open_sku("TSH-LOGO-M")
    picker = dashboard.category2
    picker.set_value("")
    assert [label for label, _ in picker.choices.options] == ["Musical Instruments & Gear  ›"]
    picker.choices.value = "619"  # a branch: one level down
    assert picker.value == "" and any("Guitars & Basses" in label
                                      for label, _ in picker.choices.options)
    picker.find.value = "electric guitars"
    paths = dict(picker.choices.options)
    electric = "Musical Instruments & Gear > Guitars & Basses > Electric Guitars"
    assert paths[electric] == "33034"
    picker.choices.value = "33034"
    assert picker.value == "33034" and "Electric Guitars" in picker.path.value


def test_dashboard_conflict_shows_reload_message(demo_db):
    first, second = SkuRecordsDashboard(demo_db), SkuRecordsDashboard(demo_db)
    first.open_sku("TSH-LOGO-M")
    second.open_sku("TSH-LOGO-M")
    first.quantity.value = 2
    first.save_button.click()
    second.quantity.value = 3
    second.save_button.click()
    assert second.bar.kind == "warning" and "reload" in second.bar.text


def test_grid_edits_are_saved_through_the_bulk_push(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.search_box.value = "TSH-LOGO"
    dashboard.find_button.click()
    dashboard.load_grid()
    frame = dashboard.grid.data
    row = int(frame.index[frame["sku"] == "TSH-LOGO-M"][0])
    dashboard.grid.set_cell_value_by_index("start_price", row, "19.99")
    dashboard.save_grid()
    assert "1 record(s) written" in dashboard.bar.text, dashboard.bar.text
    assert listings.read_record(demo_db, "TSH-LOGO-M").record["start_price"] == Decimal("19.99")
