"""Listing more than is available is an error unless the store allows it; a new record starts at
what is available; item specifics are kept on the record and Brand is required."""

from __future__ import annotations

import pytest

from aimsi_ebay.formats.ebay import listing_upload as upload
from aimsi_ebay.ops import store_settings
from aimsi_ebay.ops.export.batch import ExportCriteria, export_records
from aimsi_ebay.ops.listings import records
from aimsi_ebay.ops.listings.records import RecordRejectedError
from aimsi_ebay.rules.listing_policy import ALLOW_OVERSELLING

SKU = "TSH-LOGO-M"


def _out_of_stock(db, sku=SKU):
    with db.write() as con:
        con.execute("UPDATE skus SET qty_on_hand = 0, qty_committed = 0 WHERE sku = ?", [sku])
    return records.read_record(db, sku).record


def test_quantity_above_stock_is_an_error_by_default(demo_db):
    record = _out_of_stock(demo_db)
    with pytest.raises(RecordRejectedError, match="above the 0 available") as caught:
        records.save_record(demo_db, SKU, {"quantity": 1, "update_ebay": True},
                            version=record["version"])
    assert [p.field for p in caught.value.problems if p.severity == "error"] == ["quantity"]


def test_the_store_setting_allows_overselling_as_a_warning(demo_db):
    record = _out_of_stock(demo_db)
    assert store_settings.get_setting(demo_db, ALLOW_OVERSELLING) == "false"
    store_settings.set_setting(demo_db, ALLOW_OVERSELLING, True)
    report = records.save_record(demo_db, SKU, {"quantity": 1, "subtitle": "x"},
                                 version=record["version"])
    assert [p.field for p in report.warnings] == ["quantity"]


def test_an_out_of_stock_flagged_record_is_not_exported(demo_db):
    record = _out_of_stock(demo_db)
    with demo_db.write() as con:
        con.execute("UPDATE ebay_records SET update_ebay = TRUE, quantity = 1 WHERE sku = ?", [SKU])
    report = export_records(demo_db, "demo-store", ExportCriteria(sku_pattern=SKU), dry_run=True)
    assert [row.sku for row in report.skipped] == [SKU] and record is not None
    assert any("available in stock" in reason for reason in report.skipped[0].reasons)


def test_a_new_record_starts_at_the_quantity_available_and_the_items_specifics(demo_db):
    sku = "TSH-LOGO-S"
    with demo_db.write() as con:
        con.execute("DELETE FROM ebay_records WHERE sku = ?", [sku])
        con.execute("UPDATE skus SET qty_on_hand = 7, qty_committed = 2 WHERE sku = ?", [sku])
        brand, model = con.execute(
            "SELECT i.brand, i.model FROM skus s JOIN items i USING (item_id) WHERE s.sku = ?",
            [sku]).fetchone()
    view = records.create_record(demo_db, sku)
    assert view.record["quantity"] == 5
    assert (view.record["specific_brand"], view.record["specific_model"]) == (brand, model)
    assert view.record["specific_upc"] == view.info.upc


def test_brand_is_required_and_specifics_are_written_as_file_exchange_columns(demo_db, tmp_path):
    record = records.read_record(demo_db, SKU).record
    assert record["specific_brand"]  # the demo records took the item's brand
    with pytest.raises(RecordRejectedError, match="Brand is required"):
        records.save_record(demo_db, SKU, {"specific_brand": " "}, version=record["version"])
    records.save_record(demo_db, SKU, {"specific_mpn": "TS-LOGO-M", "update_ebay": True,
                                       "quantity": 1}, version=record["version"])
    with demo_db.write() as con:
        con.execute("UPDATE skus SET qty_on_hand = 5 WHERE sku = ?", [SKU])
    out = tmp_path / "upload.csv"
    report = export_records(demo_db, "demo-store", ExportCriteria(sku_pattern=SKU), out=out,
                            dry_run=True)
    assert report.exported == 1
    [row] = upload.read_upload(out.read_text(encoding="utf-8")).rows
    assert row["C:Brand"] == record["specific_brand"] and row["C:MPN"] == "TS-LOGO-M"
    assert row["C:Model"] == record["specific_model"] and row["Product:UPC"] == record["specific_upc"]
