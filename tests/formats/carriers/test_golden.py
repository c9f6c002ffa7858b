"""Every carrier writer and reader against its golden files (regenerate on purpose:
REGENERATE_GOLDEN=1)."""

from __future__ import annotations

import json

import pytest

from aimsi_ebay.formats.carriers.detect import read_carrier_file
from aimsi_ebay.formats.carriers.worldship_keyed import LAYOUTS, lookup_file
from aimsi_ebay.formats.carriers.worldship_xml import open_shipments_xml
from aimsi_ebay.formats.ebay.tracking_upload import TrackingLine, tracking_upload_csv

from .golden_helpers import (
    GOLDEN,
    carrier_file_plain,
    check_golden,
    check_golden_json,
    load_orders,
    plain,
)

READ_CASES = sorted(p.name for p in GOLDEN.glob("read_*") if ".expected." not in p.name)


@pytest.mark.parametrize("case", READ_CASES)
def test_reader_golden(case):
    result = read_carrier_file(case, (GOLDEN / case).read_bytes())
    check_golden_json(GOLDEN / f"{case.rsplit('.', 1)[0]}.expected.json",
                      carrier_file_plain(result))


def test_lookup_file_golden_cp1252_with_long_and_non_latin_names():
    spec = json.loads((GOLDEN / "write_lookup_cp1252.json").read_text(encoding="utf-8"))
    data, report = lookup_file(load_orders(spec["orders"]), LAYOUTS[spec["layout"]])
    check_golden(GOLDEN / "write_lookup_cp1252.expected.csv", data)
    check_golden_json(GOLDEN / "write_lookup_cp1252.expected.json", plain(list(report.notes)))


def test_open_shipments_golden():
    spec = json.loads((GOLDEN / "write_open_shipments.json").read_text(encoding="utf-8"))
    data, notes = open_shipments_xml(load_orders(spec["orders"]))
    check_golden(GOLDEN / "write_open_shipments.expected.xml", data)
    check_golden_json(GOLDEN / "write_open_shipments.expected.json", plain(list(notes)))


def test_ebay_tracking_golden():
    spec = json.loads((GOLDEN / "write_ebay_tracking.json").read_text(encoding="utf-8"))
    data = tracking_upload_csv(TrackingLine(**line) for line in spec["lines"])
    check_golden(GOLDEN / "write_ebay_tracking.expected.csv", data)


def test_golden_readers_cover_every_kind():
    kinds = {read_carrier_file(case, (GOLDEN / case).read_bytes()).kind for case in READ_CASES}
    assert kinds == {"worldship_out", "worldship_export", "post_ship_csv"}
