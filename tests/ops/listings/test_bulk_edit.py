"""Bulk edits: pull/push round trips in CSV, XLSX and Parquet, bad rows, dry runs, conflicts."""

from __future__ import annotations

import json
from decimal import Decimal

import pandas as pd
import pytest

from aimsi_ebay.errors import InputError
from aimsi_ebay.ops.listings import bulk_edit
from aimsi_ebay.ops.listings import records as listings


def _state(db):
    with db.read() as con:
        records = con.execute("SELECT * FROM ebay_records ORDER BY sku").fetchall()
        audits = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    return records, audits


def test_pulled_money_is_text_never_float(demo_db):
    frame = bulk_edit.pull_frame(demo_db)
    assert list(frame.columns) == list(bulk_edit.COLUMNS)
    assert frame["start_price"].dtype == object
    assert all(isinstance(v, str) for v in frame["start_price"] if v is not None)
    assert frame.loc[frame["sku"] == "TSH-LOGO-M", "start_price"].item() == "20.99"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_pull_then_push_of_an_unchanged_file_changes_nothing(demo_db, tmp_path, suffix):
    before = _state(demo_db)
    path = bulk_edit.write_frame(bulk_edit.pull_frame(demo_db), tmp_path / f"records{suffix}")
    report = bulk_edit.push_frame(demo_db, bulk_edit.read_frame(path), file=path.name)
    assert report.changed == 0 and report.written == 0 and report.rejected == []
    assert report.unchanged == report.rows == len(before[0])
    assert _state(demo_db) == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_edited_file_round_trip_writes_exactly_the_edits(demo_db, tmp_path, suffix):
    frame = bulk_edit.pull_frame(demo_db)
    row = frame.index[frame["sku"] == "TSH-LOGO-M"][0]
    frame.loc[row, "start_price"] = "21.49"
    frame.loc[row, "title"] = "=Store Logo Tee M"  # looks like a formula: must stay text
    frame.loc[row, "images"] = "https://i.example.com/1.jpg|https://i.example.com/2.jpg"
    path = bulk_edit.write_frame(frame, tmp_path / f"edit{suffix}")
    report = bulk_edit.push_frame(demo_db, bulk_edit.read_frame(path), file=path.name)
    assert report.rejected == [] and report.written == 1
    assert set(report.diff["field"]) == {"start_price", "title", "images"}
    assert report.diff.loc[report.diff["field"] == "start_price", "after"].item() == "21.49"
    view = listings.read_record(demo_db, "TSH-LOGO-M")
    assert view.record["start_price"] == Decimal("21.49") and view.record["version"] == 2
    assert view.record["title"] == "=Store Logo Tee M"
    assert view.images == ["https://i.example.com/1.jpg", "https://i.example.com/2.jpg"]
    with demo_db.read() as con:
        before, after = con.execute(
            "SELECT before, after FROM audit_log WHERE action = 'bulk_update'"
        ).fetchone()
    assert json.loads(before)["start_price"] == "20.99" and json.loads(after)["start_price"] == "21.49"


def test_bad_rows_are_reported_and_skipped_while_good_rows_are_written(demo_db):
    frame = bulk_edit.pull_frame(demo_db).set_index("sku", drop=False).astype(object)
    frame.loc["TSH-LOGO-M", "start_price"] = "$22.00"        # good (to_money's format)
    frame.loc["TSH-LOGO-S", "start_price"] = "12.345"        # three decimals
    frame.loc["TSH-LOGO-L", "quantity"] = "many"             # not a number
    frame.loc["TSH-LOGO-XL", "duration"] = "7"               # FixedPrice needs GTC (a rule)
    frame.loc["TSH-LOGO-XS", "account"] = "nobody"           # unknown account
    frame = pd.concat([frame, frame.loc[["TSH-LOGO-3XL"]]])  # the same SKU twice
    frame.loc[frame.index[-1], "title"] = "changed"
    report = bulk_edit.push_frame(demo_db, frame.reset_index(drop=True))
    reasons = {(r.sku, r.field): r.reason for r in report.rejected}
    assert "more than two decimal places" in reasons[("TSH-LOGO-S", "start_price")]
    assert "not a whole number" in reasons[("TSH-LOGO-L", "quantity")]
    assert "GTC" in reasons[("TSH-LOGO-XL", "duration")]
    assert "nobody" in reasons[("TSH-LOGO-XS", "account")]
    assert "more than once" in reasons[("TSH-LOGO-3XL", "sku")]
    assert report.written == 1
    assert listings.read_record(demo_db, "TSH-LOGO-M").record["start_price"] == Decimal("22.00")
    assert listings.read_record(demo_db, "TSH-LOGO-XL").record["duration"] == "GTC"
    assert not report.diff.loc[report.diff["sku"] == "TSH-LOGO-XL", "ok"].any()


def test_strict_push_writes_nothing_when_a_row_is_bad(demo_db):
    frame = bulk_edit.pull_frame(demo_db).set_index("sku", drop=False)
    frame.loc["TSH-LOGO-M", "start_price"] = "22.00"
    frame.loc["TSH-LOGO-S", "start_price"] = "0.00"
    before = _state(demo_db)
    report = bulk_edit.push_frame(demo_db, frame.reset_index(drop=True), strict=True)
    assert report.written == 0 and {r.sku for r in report.rejected} == {"TSH-LOGO-S"}
    assert "start_price" in {r.field for r in report.rejected}
    assert _state(demo_db) == before


def test_dry_run_shows_the_diff_and_writes_nothing(demo_db):
    frame = bulk_edit.pull_frame(demo_db)
    frame.loc[frame["vendor"] == "Fender", "update_ebay"] = True
    before = _state(demo_db)
    report = bulk_edit.push_frame(demo_db, frame, dry_run=True)
    assert report.dry_run and report.written == 0 and report.changed > 0
    assert set(report.diff["field"]) == {"update_ebay"}
    assert _state(demo_db) == before


def test_a_record_changed_since_the_pull_is_not_overwritten(demo_db):
    frame = bulk_edit.pull_frame(demo_db)
    listings.save_record(demo_db, "TSH-LOGO-M", {"quantity": 2}, version=1)
    frame.loc[frame["sku"] == "TSH-LOGO-M", "start_price"] = "25.00"
    report = bulk_edit.push_frame(demo_db, frame)
    (rejection,) = report.rejected
    assert rejection.field == "version" and "changed by pytest" in rejection.reason
    assert "pull again" in rejection.reason
    assert listings.read_record(demo_db, "TSH-LOGO-M").record["start_price"] == Decimal("20.99")


def test_a_partial_frame_and_decimal_objects_are_accepted(demo_db):
    frame = bulk_edit.pull_frame(demo_db)[["sku", "version", "start_price"]]
    frame = frame[frame["sku"].str.startswith("TSH-LOGO")].copy()
    frame["start_price"] = [Decimal(p) + Decimal("1.00") for p in frame["start_price"]]
    report = bulk_edit.push_frame(demo_db, frame)
    # A record that already breaks a rule (the demo has a few) is refused; the rest are written.
    refused = {r.sku for r in report.rejected}
    assert report.written == 7 - len(refused) >= 5 and set(report.diff["field"]) == {"start_price"}
    assert listings.read_record(demo_db, "TSH-LOGO-M").record["start_price"] == Decimal("21.99")


def test_float_money_and_missing_columns_are_refused(demo_db):
    frame = bulk_edit.pull_frame(demo_db)
    floats = frame.assign(start_price=frame["start_price"].astype(float))
    with pytest.raises(InputError, match="float"):
        bulk_edit.push_frame(demo_db, floats)
    with pytest.raises(InputError, match="version"):
        bulk_edit.push_frame(demo_db, frame.drop(columns=["version"]))
    with pytest.raises(InputError, match=r"\.csv, \.xlsx or \.parquet"):
        bulk_edit.read_frame("records.txt")


def test_html_descriptions_pushed_are_sanitised(demo_db):
    frame = bulk_edit.pull_frame(demo_db)
    row = frame["sku"] == "TSH-LOGO-M"
    frame.loc[row, "description"] = "<p>Tee</p><iframe src='https://x.example'></iframe>"
    frame.loc[row, "description_is_html"] = True
    report = bulk_edit.push_frame(demo_db, frame)
    assert report.written == 1 and report.sanitised == {"TSH-LOGO-M": ["<iframe> element"]}
    assert "iframe" not in listings.read_record(demo_db, "TSH-LOGO-M").record["description"]


def test_picture_cells_are_split_on_bars_and_stripped_like_typed_text(demo_db):
    frame = bulk_edit.pull_frame(demo_db)
    frame = frame[frame["sku"] == "TSH-LOGO-M"].copy()
    frame["images"] = "\thttps://i.example.com/1.jpg \n| |\u00a0https://i.example.com/2.jpg|"
    report = bulk_edit.push_frame(demo_db, frame)
    assert report.rejected == [] and report.written == 1
    assert listings.read_record(demo_db, "TSH-LOGO-M").images == [
        "https://i.example.com/1.jpg", "https://i.example.com/2.jpg"]
