"""The SKU eBay records dashboard without a browser: model logic and widget callbacks."""

from __future__ import annotations

import html
from decimal import Decimal

from aimsi_ebay.formats.ebay import listing_upload as upload
from aimsi_ebay.ops.export.batch import export_records
from aimsi_ebay.ops.listings import records as listings
from aimsi_ebay.ops.listings import templates
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
    assert dashboard.editor.title.value and dashboard.editor.duration.options == ("GTC",)
    dashboard.editor.format.value = "Auction"
    assert dashboard.editor.duration.options == ("1", "3", "5", "7", "10")
    dashboard.editor.format.value = "FixedPrice"
    dashboard.editor.start_price.value = "24.50"
    dashboard.editor.update_ebay.value = True
    dashboard.editor.save_button.click()
    assert dashboard.bar.kind == "success", dashboard.bar.text
    record = listings.read_record(demo_db, "TSH-LOGO-M").record
    assert record["start_price"] == Decimal("24.50") and record["update_ebay"] is True


def test_dashboard_shows_errors_inline_and_saves_nothing(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.open_sku("TSH-LOGO-M")
    dashboard.editor.title.value = "y" * 90
    assert dashboard.editor.title_count.value == "90/80 — too long"
    dashboard.editor.save_button.click()
    assert dashboard.bar.kind == "error" and "sku-problem-error" in dashboard.editor.problems.value
    assert listings.read_record(demo_db, "TSH-LOGO-M").record["version"] == 1
    dashboard.editor.title.value = "Logo tee"
    dashboard.editor.start_price.value = "12.3x"
    dashboard.editor.save_button.click()  # a bad amount: a message, never a traceback
    assert dashboard.bar.kind == "error" and "12.3x" in dashboard.bar.text


def test_dashboard_category_picker_drills_down_and_searches(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.open_sku("TSH-LOGO-M")
    picker = dashboard.editor.category2
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
    first.editor.quantity.value = 2
    first.editor.save_button.click()
    second.editor.quantity.value = 3
    second.editor.save_button.click()
    assert second.bar.kind == "warning" and "reload" in second.bar.text


def test_grid_edits_are_saved_through_the_bulk_push(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.search_box.value = "TSH-LOGO"
    dashboard.find_button.click()
    dashboard.load_grid()
    frame = dashboard.grid_tab.grid.data
    row = int(frame.index[frame["sku"] == "TSH-LOGO-M"][0])
    dashboard.grid_tab.grid.set_cell_value_by_index("start_price", row, "19.99")
    dashboard.save_grid()
    assert "1 edit(s) saved (TSH-LOGO-M Start price)" in dashboard.bar.text, dashboard.bar.text
    assert listings.read_record(demo_db, "TSH-LOGO-M").record["start_price"] == Decimal("19.99")


def test_grid_refuses_a_read_only_edit_visibly_and_saves_the_rest(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.search_box.value = "TSH-LOGO"
    dashboard.load_grid()
    frame = dashboard.grid_tab.grid.data
    row = int(frame.index[frame["sku"] == "TSH-LOGO-L"][0])
    title = listings.read_record(demo_db, "TSH-LOGO-L").record["title"]
    dashboard.grid_tab.grid.set_cell_value_by_index("title", row, "A new title")
    # the edit of a read-only cell is put back at once and refused where it was made
    assert dashboard.grid_tab.grid.data.iloc[row]["title"] == title
    assert "Refused: Title of TSH-LOGO-L" in dashboard.grid_tab.grid_result.value
    dashboard.grid_tab.grid.set_cell_value_by_index("quantity", row, 2)
    dashboard.save_grid()
    assert "1 edit(s) saved (TSH-LOGO-L Quantity)" in dashboard.bar.text
    record = listings.read_record(demo_db, "TSH-LOGO-L").record
    assert record["title"] == title and record["quantity"] == 2
    # a read-only change that reached the data anyway is refused by Save grid, by name
    edited = dashboard.grid_tab.grid.data.copy()
    edited.loc[edited["sku"] == "TSH-LOGO-L", "title"] = "Sneaked in"
    report = dashboard.model.save_grid(edited)
    assert report.saved == [] and report.refused == [
        "TSH-LOGO-L Title: not editable here (use the Record editor)"]
    assert listings.read_record(demo_db, "TSH-LOGO-L").record["title"] == title


def test_grid_reads_only_the_found_skus_in_sql(demo_db, monkeypatch):
    from aimsi_ebay.ops.listings import bulk_edit

    monkeypatch.setattr(bulk_edit, "pull_frame", lambda *_: (_ for _ in ()).throw(AssertionError))
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.search_box.value = "TSH-LOGO"
    dashboard.load_grid()
    assert set(dashboard.grid_tab.grid.data["sku"]) <= {f"TSH-LOGO-{s}" for s in
                                               ("XS", "S", "M", "L", "XL", "XXL", "3XL")}


def test_save_result_beside_save_clears_and_highlights_with_form_names(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.open_sku("TSH-LOGO-M")
    dashboard.editor.start_price.value = "0"
    dashboard.editor.save_button.click()
    assert "Start price" in dashboard.editor.save_result.value
    assert "start_price" not in dashboard.editor.save_result.value + dashboard.editor.problems.value
    assert "aimsi-field-error" in dashboard.editor.start_price._dom_classes
    dashboard.editor.start_price.value = "18.00"
    dashboard.editor.save_button.click()
    assert "sku-save-success" in dashboard.editor.save_result.value
    assert "aimsi-field-error" not in dashboard.editor.start_price._dom_classes
    assert dashboard.editor.problems.value == ""


def test_conflict_offers_reload_that_keeps_the_operators_values(demo_db):
    mine, theirs = SkuRecordsDashboard(demo_db), SkuRecordsDashboard(demo_db)
    mine.open_sku("TSH-LOGO-M")
    theirs.open_sku("TSH-LOGO-M")
    theirs.editor.title.value = "Their title"
    theirs.editor.save_button.click()
    mine.editor.subtitle.value = "My subtitle"
    mine.editor.save_button.click()
    assert "sku-save-warning" in mine.editor.save_result.value
    assert mine.editor.reload_button.layout.display == ""
    mine.editor.reload_button.click()
    assert mine.editor.title.value == "Their title" and mine.editor.subtitle.value != "My subtitle"
    assert "My subtitle" in mine.editor.unsaved.value and "Title" not in mine.editor.unsaved.value
    mine.editor.reapply_button.click()
    assert mine.editor.subtitle.value == "My subtitle" and mine.editor.title.value == "Their title"
    mine.editor.save_button.click()
    saved = listings.read_record(demo_db, "TSH-LOGO-M").record
    assert (saved["title"], saved["subtitle"]) == ("Their title", "My subtitle")


def test_copy_to_variants_previews_then_confirms_in_the_widgets(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.open_sku("TSH-LOGO-M")
    assert dashboard.editor.copy_fields["description"].value and not dashboard.editor.copy_fields["title"].value
    before = listings.read_record(demo_db, "TSH-LOGO-XL").record
    dashboard.editor.description.value = "One shirt, many sizes"
    dashboard.editor.save_button.click()
    dashboard.editor.siblings.value = ("TSH-LOGO-XL",)
    dashboard.editor.copy_button.click()
    assert "TSH-LOGO-XL" in dashboard.editor.copy_preview.value and "Description" in dashboard.editor.copy_preview.value
    assert listings.read_record(demo_db, "TSH-LOGO-XL").record["version"] == before["version"]
    dashboard.editor.copy_confirm.click()
    after = listings.read_record(demo_db, "TSH-LOGO-XL").record
    assert after["description"] == "One shirt, many sizes" and after["title"] == before["title"]


def test_search_pages_and_says_how_many_match(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.search_box.value = "a"
    assert dashboard.found.value.count("showing") == 1 and not dashboard.next_page.disabled
    first = dashboard.results.options
    dashboard.next_page.click()
    assert dashboard.results.options != first and not dashboard.previous_page.disabled


def test_template_choice_previews_then_saves_the_records_template(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.open_sku("TSH-LOGO-M")
    chooser = dashboard.editor.template
    assert chooser.value is None and chooser.choice.options[0] == ("Account default (Store layout)",
                                                                   None)
    assert [value for _, value in chooser.choice.options] == [None, templates.NO_TEMPLATE, "Short",
                                                              "Store layout"]
    chooser.choice.value = "Short"  # the operator's choice renders the preview at once
    short = templates.preview(demo_db, "demo-store", "TSH-LOGO-M", name="Short").html
    assert chooser.preview.value == short and "Short" in chooser.note.value
    chooser.choice.value = None
    layout = templates.preview(demo_db, "demo-store", "TSH-LOGO-M", name="Store layout").html
    assert chooser.preview.value == layout and layout != short
    chooser.choice.value = "Short"
    version = listings.read_record(demo_db, "TSH-LOGO-M").record["version"]
    dashboard.editor.save_button.click()
    assert dashboard.bar.kind == "success" and "Template" in dashboard.bar.text, dashboard.bar.text
    assert templates.record_template(demo_db, "TSH-LOGO-M").name == "Short"
    record = listings.read_record(demo_db, "TSH-LOGO-M").record
    assert record["version"] > version and record["update_ebay"] is True
    assert f"version {record['version']}" in dashboard.bar.text
    dashboard.open_sku("TSH-LOGO-M")  # loaded again: the choice is the record's
    assert dashboard.editor.template.value == "Short"
    dashboard.editor.template.choice.value = None  # back to the account's default
    dashboard.editor.save_button.click()
    assert templates.record_template(demo_db, "TSH-LOGO-M") is None


def test_no_template_even_with_a_default_sends_the_description_as_written(demo_db, tmp_path):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.open_sku("TSH-LOGO-M")
    chooser = dashboard.editor.template
    assert dict(chooser.choice.options)[
        "No template: the description as written"] == ""
    chooser.choice.value = templates.NO_TEMPLATE
    assert chooser.preview.value == "" and "own description" in chooser.note.value
    dashboard.editor.save_button.click()
    assert dashboard.bar.kind == "success" and "Template" in dashboard.bar.text, dashboard.bar.text
    assert templates.record_choice(demo_db, "TSH-LOGO-M") == templates.NO_TEMPLATE
    assert templates.record_template(demo_db, "TSH-LOGO-M") is None
    record = listings.read_record(demo_db, "TSH-LOGO-M").record
    assert record["update_ebay"] is True
    dashboard.open_sku("TSH-LOGO-M")  # loaded again: still no template, not the default
    assert dashboard.editor.template.value == templates.NO_TEMPLATE
    out = tmp_path / "upload.csv"
    export_records(demo_db, "demo-store", skus=["TSH-LOGO-M"], out=out, dry_run=True)
    [row] = upload.read_upload(out.read_text(encoding="utf-8")).rows
    sent = record["description"] if record["description_is_html"] else html.escape(
        record["description"], quote=False)
    assert row["*Description"] == sent
    dashboard.editor.template.choice.value = None  # the default again
    dashboard.editor.save_button.click()
    assert templates.record_choice(demo_db, "TSH-LOGO-M") is None


def test_template_of_another_account_is_not_kept_and_none_says_so(demo_db):
    dashboard = SkuRecordsDashboard(demo_db)
    dashboard.open_sku("TSH-LOGO-M")
    editor = dashboard.editor
    editor.template.choice.value = "Short"
    outlet = dict(editor.account.options)["demo-outlet"]
    editor.account.value = outlet  # an account without templates: only "none"
    assert editor.template.value is None and len(editor.template.choice.options) == 1
    assert editor.template.choice.options[0][0].startswith("None")
    editor.template.preview_button.click()
    assert "own description" in editor.template.note.value and editor.template.preview.value == ""


def test_template_choice_survives_a_conflict_reload(demo_db):
    mine, theirs = SkuRecordsDashboard(demo_db), SkuRecordsDashboard(demo_db)
    mine.open_sku("TSH-LOGO-M")
    theirs.open_sku("TSH-LOGO-M")
    theirs.editor.title.value = "Their title"
    theirs.editor.save_button.click()
    mine.editor.template.choice.value = "Short"
    mine.editor.save_button.click()
    assert mine.editor.reload_button.layout.display == ""
    mine.editor.reload_button.click()
    assert mine.editor.template.value is None and "Template" in mine.editor.unsaved.value
    mine.editor.reapply_button.click()
    assert mine.editor.template.value == "Short"
    mine.editor.save_button.click()
    assert templates.record_template(demo_db, "TSH-LOGO-M").name == "Short"
