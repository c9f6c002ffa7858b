"""Record operations: read, create, save with optimistic locking, copy to variants, delete, search."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from aimsi_ebay.errors import ConflictError, InputError, NotFoundError
from aimsi_ebay.ops.listings import records as listings
from aimsi_ebay.ops.listings.records import RecordRejectedError

SKU = "TSH-LOGO-M"


def _audit(db, sku, action=None):
    with db.read() as con:
        rows = con.execute(
            "SELECT who, action, before, after FROM audit_log WHERE entity = 'ebay_record'"
            " AND entity_key = ? AND (? IS NULL OR action = ?) ORDER BY audit_id",
            [sku, action, action],
        ).fetchall()
    return [(who, act, json.loads(b) if b else None, json.loads(a) if a else None)
            for who, act, b, a in rows]


def test_read_record_has_item_stock_images_and_siblings(demo_db):
    view = listings.read_record(demo_db, SKU)
    assert view.info.style_code == "TSH-LOGO" and view.info.size == "Medium"
    assert view.info.available == view.info.qty_on_hand - view.info.qty_committed
    assert view.record["version"] == 1 and isinstance(view.record["start_price"], Decimal)
    assert view.images and all(url.startswith("https://") for url in view.images)
    assert SKU not in view.siblings and "TSH-LOGO-XL" in view.siblings
    with pytest.raises(NotFoundError):
        listings.read_record(demo_db, "NO-SUCH-SKU")


def test_save_changes_fields_bumps_version_and_audits(demo_db):
    version = listings.read_record(demo_db, SKU).record["version"]
    report = listings.save_record(
        demo_db, SKU,
        {"start_price": "$22.50", "title": "Store Logo Tee, Medium", "update_ebay": True},
        version=version, images=["https://i.example.com/a.jpg", "https://i.example.com/b.jpg"],
    )
    assert report.version == version + 1
    assert report.changed["start_price"] == (Decimal("20.99"), Decimal("22.50"))
    view = listings.read_record(demo_db, SKU)
    assert view.record["start_price"] == Decimal("22.50") and view.record["update_ebay"] is True
    assert view.record["updated_by"] == "pytest" and view.record["version"] == version + 1
    assert view.images == ["https://i.example.com/a.jpg", "https://i.example.com/b.jpg"]
    (who, action, before, after), = _audit(demo_db, SKU, "update")
    assert who == "pytest" and action == "update"
    assert before["start_price"] == "20.99" and after["start_price"] == "22.50"
    assert after["images"] == view.images and "quantity" not in after


def test_saving_nothing_changed_writes_nothing(demo_db):
    view = listings.read_record(demo_db, SKU)
    report = listings.save_record(demo_db, SKU, {"title": view.record["title"]}, version=1)
    assert report.changed == {} and report.version == 1
    assert listings.read_record(demo_db, SKU).record["version"] == 1
    assert _audit(demo_db, SKU, "update") == []


def test_two_saves_from_the_same_version_second_is_refused(demo_db):
    listings.save_record(demo_db, SKU, {"quantity": 2}, version=1)
    with pytest.raises(ConflictError) as caught:
        listings.save_record(demo_db, SKU, {"quantity": 3}, version=1)
    assert "changed by pytest at" in str(caught.value) and "reload" in str(caught.value)
    assert listings.read_record(demo_db, SKU).record["quantity"] == 2


def test_errors_refuse_the_save_and_name_the_fields(demo_db):
    with pytest.raises(RecordRejectedError) as caught:
        listings.save_record(
            demo_db, SKU, {"listing_format": "FixedPrice", "duration": "7", "title": "x" * 81},
            version=1,
        )
    errors = {p.field for p in caught.value.problems if p.severity == "error"}
    assert errors >= {"duration", "title"}
    assert "GTC" in caught.value.message
    assert listings.read_record(demo_db, SKU).record["version"] == 1
    with pytest.raises(InputError, match="not an amount"):
        listings.save_record(demo_db, SKU, {"start_price": "12.3x"}, version=1)
    with pytest.raises(InputError, match="not editable"):
        listings.save_record(demo_db, SKU, {"version": 7}, version=1)


def test_html_is_sanitised_on_save_and_warnings_come_back(demo_db):
    available = listings.read_record(demo_db, SKU).info.available
    report = listings.save_record(
        demo_db, SKU,
        {"description": '<p onclick="x()">Soft tee</p><script>steal()</script>',
         "description_is_html": True, "quantity": available + 5},
        version=1,
    )
    stored = listings.read_record(demo_db, SKU).record["description"]
    assert "script" not in stored and "onclick" not in stored and "Soft tee" in stored
    assert "<script> element" in report.removed and "onclick attribute" in report.removed
    assert [p.field for p in report.warnings] == ["quantity"]


def test_create_record_for_a_sku_without_one(demo_db):
    sku = "TSH-LOGO-S"
    with demo_db.write() as con:
        con.execute("DELETE FROM ebay_records WHERE sku = ?", [sku])
    view = listings.create_record(demo_db, sku)
    assert view.record["version"] == 1 and view.record["update_ebay"] is False
    assert view.record["start_price"] == view.info.price
    assert view.record["category1_id"] is not None  # taken from a sibling's record
    assert _audit(demo_db, sku, "create")[0][3]["title"] == view.record["title"]
    with pytest.raises(InputError, match="already has"):
        listings.create_record(demo_db, sku)


def test_copy_to_variants_keeps_each_sku_and_item_id(demo_db):
    source = listings.read_record(demo_db, SKU)
    listings.save_record(demo_db, SKU, {"subtitle": "Soft ringspun cotton"}, version=1)
    before_xl = listings.read_record(demo_db, "TSH-LOGO-XL").record
    report = listings.copy_to_siblings(
        demo_db, SKU, version=2, targets=["TSH-LOGO-XL", "TSH-LOGO-S"])
    assert sorted(report.updated) == ["TSH-LOGO-S", "TSH-LOGO-XL"] and report.created == []
    copied = listings.read_record(demo_db, "TSH-LOGO-XL")
    assert copied.record["subtitle"] == "Soft ringspun cotton"
    assert copied.record["ebay_item_id"] == before_xl["ebay_item_id"]
    assert copied.record["version"] == before_xl["version"] + 1
    assert copied.images == source.images
    entry = _audit(demo_db, "TSH-LOGO-XL", "copy")[0]
    assert entry[3]["copied_from"] == SKU and entry[2]["subtitle"] == before_xl["subtitle"]
    with pytest.raises(InputError, match="not a variant"):
        listings.copy_to_siblings(demo_db, SKU, version=2, targets=["GTR-STRAT-SB"])
    with pytest.raises(ConflictError):
        listings.copy_to_siblings(demo_db, SKU, version=1)


def test_copy_creates_records_for_variants_without_one(demo_db):
    with demo_db.write() as con:
        con.execute("DELETE FROM ebay_records WHERE sku = 'TSH-LOGO-S'")
    report = listings.copy_to_siblings(demo_db, SKU, version=1)
    assert report.created == ["TSH-LOGO-S"] and len(report.updated) == 5
    assert listings.read_record(demo_db, "TSH-LOGO-S").record["title"] == (
        listings.read_record(demo_db, SKU).record["title"])


def test_delete_record_and_its_images(demo_db):
    listings.delete_record(demo_db, SKU, version=1)
    view = listings.read_record(demo_db, SKU)
    assert view.record is None and view.images == []
    assert _audit(demo_db, SKU, "delete")[0][2]["title"]
    with pytest.raises(NotFoundError):
        listings.delete_record(demo_db, SKU, version=1)


def test_search_by_sku_description_vendor_or_upc_groups_variants(demo_db):
    hits = listings.search_skus(demo_db, "tsh-logo-m")
    assert {hit.style_code for hit in hits} == {"TSH-LOGO"}
    assert len(hits) == 7  # every size of the item, not just the matching one
    with demo_db.read() as con:
        upc, vendor = con.execute(
            "SELECT s.upc, i.vendor FROM skus s JOIN items i USING (item_id)"
            " WHERE s.sku = 'GTR-STRAT-BK'"
        ).fetchone()
    assert "GTR-STRAT-BK" in [hit.sku for hit in listings.search_skus(demo_db, upc)]
    by_vendor = listings.search_skus(demo_db, vendor.lower())
    assert by_vendor and all(hit.vendor == vendor for hit in by_vendor)
    styles = [hit.style_code for hit in by_vendor]
    runs = [style for i, style in enumerate(styles) if i == 0 or styles[i - 1] != style]
    assert len(runs) == len(set(styles))  # each item's variants are together
    assert listings.search_skus(demo_db, "  ") == []
