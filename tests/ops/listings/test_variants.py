"""Copy to variants: only family fields by default, a per-target preview, each sibling's version."""

from __future__ import annotations

import pytest

from aimsi_ebay.errors import ConflictError, InputError
from aimsi_ebay.ops.listings import records, variants

SOURCE = "GTR-STRAT-SB"


def _colours(db):
    view = records.read_record(db, SOURCE)
    return view, [s for s in view.siblings if records.read_record(db, s).record is not None]


def test_default_copy_keeps_each_colours_title_pictures_and_price(demo_db):
    view, siblings = _colours(demo_db)
    target = siblings[0]
    before = records.read_record(demo_db, target)
    records.save_record(demo_db, SOURCE, {"description": "Shared words", "condition_id": 1500},
                        version=view.record["version"])
    source = records.read_record(demo_db, SOURCE)
    plan = variants.preview_copy(demo_db, SOURCE, version=source.record["version"],
                                 targets=[target])
    assert [p.sku for p in plan] == [target]
    assert set(plan[0].changes) <= set(variants.FAMILY_FIELDS)
    assert plan[0].changes["description"] == (before.record["description"], "Shared words")
    report = variants.copy_to_siblings(demo_db, SOURCE, version=source.record["version"],
                                       target_versions={target: plan[0].version})
    after = records.read_record(demo_db, target)
    assert report.updated == [target]
    assert after.record["description"] == "Shared words" and after.record["condition_id"] == 1500
    assert after.record["title"] == before.record["title"]  # not "… Candy Apple Red"
    assert after.images == before.images
    assert after.record["start_price"] == before.record["start_price"]
    assert after.record["update_ebay"] == before.record["update_ebay"]
    assert after.record["version"] == before.record["version"] + 1


def test_ticked_fields_are_copied_too(demo_db):
    view, siblings = _colours(demo_db)
    target = siblings[0]
    fields = (*variants.FAMILY_FIELDS, "subtitle", "images")
    records.save_record(demo_db, SOURCE, {"subtitle": "Setup included"},
                        version=view.record["version"])
    version = records.read_record(demo_db, SOURCE).record["version"]
    [plan] = variants.preview_copy(demo_db, SOURCE, version=version, targets=[target],
                                   fields=fields)
    variants.copy_to_siblings(demo_db, SOURCE, version=version,
                              target_versions={target: plan.version}, fields=fields)
    after = records.read_record(demo_db, target)
    assert after.record["subtitle"] == "Setup included"
    assert after.images == records.read_record(demo_db, SOURCE).images


def test_a_sibling_changed_since_the_preview_refuses_the_whole_copy(demo_db):
    view, siblings = _colours(demo_db)
    first, second = siblings[:2]
    plan = {p.sku: p.version for p in variants.preview_copy(
        demo_db, SOURCE, version=view.record["version"], targets=[first, second])}
    other = records.read_record(demo_db, second).record
    records.save_record(demo_db, second, {"subtitle": "someone else"}, version=other["version"])
    first_before = records.read_record(demo_db, first).record["version"]
    with pytest.raises(ConflictError, match=second):
        variants.copy_to_siblings(demo_db, SOURCE, version=view.record["version"],
                                  target_versions=plan)
    assert records.read_record(demo_db, first).record["version"] == first_before


def test_a_variant_without_a_record_gets_its_own_title_and_stock(demo_db):
    with demo_db.write() as con:
        con.execute("DELETE FROM ebay_records WHERE sku = 'TSH-LOGO-S'")
    source = records.read_record(demo_db, "TSH-LOGO-M")
    plan = variants.preview_copy(demo_db, "TSH-LOGO-M", version=source.record["version"],
                                 targets=["TSH-LOGO-S"])
    assert plan[0].creates
    report = variants.copy_to_siblings(demo_db, "TSH-LOGO-M", version=source.record["version"],
                                       target_versions={"TSH-LOGO-S": None})
    assert report.created == ["TSH-LOGO-S"]
    made = records.read_record(demo_db, "TSH-LOGO-S")
    assert "Small" in made.record["title"] or made.record["title"] != source.record["title"]
    assert made.record["quantity"] == max(made.info.available, 0)


def test_strangers_and_unknown_fields_are_refused(demo_db):
    view = records.read_record(demo_db, "TSH-LOGO-M")
    with pytest.raises(InputError, match="not a variant"):
        variants.preview_copy(demo_db, "TSH-LOGO-M", version=view.record["version"],
                              targets=["GTR-STRAT-SB"])
    with pytest.raises(InputError, match="cannot copy"):
        variants.preview_copy(demo_db, "TSH-LOGO-M", version=view.record["version"],
                              fields=("version",))
    with pytest.raises(ConflictError):
        variants.preview_copy(demo_db, "TSH-LOGO-M", version=view.record["version"] + 1)
